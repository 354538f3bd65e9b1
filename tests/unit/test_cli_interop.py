"""The trainer tools through the ``studyapp`` command: bank import/export/new/add and history.

Every test calls :func:`studyapp.cli.main` in-process, as a trainer would type the command, and
checks what is printed, the exit code and the files written. Fixture files are small and written
here into ``tmp_path``; the export tests use the shipped PMP starter bank.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from studyapp.banks import load_bank_file
from studyapp.cli import EXIT_ERROR, EXIT_OK, main
from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.interop.common import TO_FILL
from studyapp.paths import builtin_banks_dir

STARTER = builtin_banks_dir() / "pmp" / "starter.yaml"
TASK = "PMP26.PEO.1"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Run:
    """Run ``studyapp ARGS`` in-process: (exit code, stdout, stderr), never a traceback."""

    def run(*args: str | Path) -> tuple[int, str, str]:
        capsys.readouterr()
        code = main([str(a) for a in args])
        out, err = capsys.readouterr()
        assert "Traceback" not in out + err
        assert "internal error" not in err, err
        return code, out, err

    return run


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def _lineno(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


# ------------------------------------------------------------------------------------ fixtures

GIFT = """\
// two questions the bank can hold and one it cannot
$CATEGORY: $course$/top/Risk

::Owner::Who should own a risk?{
  =The best-placed person#Right, they can act.
  ~The sponsor#Too far from the work.
  ~The whole team#Shared ownership is no ownership.
  ####The person best placed to respond owns the risk.
}

$CATEGORY: $course$/top/Schedule

::Pair::Which two are threat responses? Choose two.{
  ~%50%Avoid#A threat response.
  ~%50%Mitigate#A threat response.
  ~%-100%Exploit#An opportunity response.
  ####Avoid and mitigate are threat responses; exploit is for opportunities.
}

::Essay::Write about risk.{}
"""

XML = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category">
    <category><text>$course$/top/Risk</text></category>
  </question>
  <question type="multichoice">
    <name><text>Risk owner</text></name>
    <questiontext format="html"><text><![CDATA[<p>Who should <b>own</b> a risk?</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>The person best placed to act.</text></generalfeedback>
    <single>true</single>
    <answer fraction="100"><text>The best-placed person</text>
      <feedback><text>Right, they can act.</text></feedback></answer>
    <answer fraction="0"><text>The sponsor</text>
      <feedback><text>Too far from the work.</text></feedback></answer>
    <answer fraction="0"><text>The whole team</text>
      <feedback><text>Shared ownership is no ownership.</text></feedback></answer>
  </question>
  <question type="truefalse">
    <name><text>Positive risks</text></name>
    <questiontext format="plain_text"><text>A risk can be positive.</text></questiontext>
    <generalfeedback><text>Opportunities are positive risks.</text></generalfeedback>
    <answer fraction="100"><text>true</text><feedback><text>Yes.</text></feedback></answer>
    <answer fraction="0"><text>false</text>
      <feedback><text>Risks can be good.</text></feedback></answer>
  </question>
  <question type="essay">
    <name><text>Essay</text></name>
    <questiontext format="html"><text>Write about risk.</text></questiontext>
  </question>
</quiz>
"""

CSV_HEADER = (
    "id,type,stem,option_a,option_b,option_c,rationale_a,rationale_b,rationale_c,answer,"
    "tolerance,unit,explanation,task,approach,difficulty\n"
)
CSV = CSV_HEADER + (
    "risk-1,single,Where is a new risk recorded first?,Risk register,Issue log,Change log,"
    "Risks go there.,Issues have happened.,No change was asked.,a,,,"
    "New risks go in the risk register.,PMP26.BUS.5,any,1\n"
    "cpi-1,numeric,EV is 40 and AC is 50. What is the CPI?,,,,,,,0.8,0.005,,"
    "CPI = EV / AC.,PMP26.PRO.6,predictive,3\n"
    "match-1,matching,Match these.,a,b,c,,,,a,,,x,PMP26.PRO.6,any,2\n"
)


# -------------------------------------------------------------------------------------- import


def test_gift_import_reports_skips_and_every_field_to_fill(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    out = tmp_path / "risk.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out)
    assert code == EXIT_OK
    lines = stdout.splitlines()
    assert "3 read, 2 imported, 1 skipped: 1 essay" in lines
    assert f"wrote {out} (2 questions)" in lines
    essay = _lineno(GIFT, "::Essay::")
    assert any(line.startswith(f"{src}:{essay}: skipped: essay") for line in lines)
    pair = _lineno(GIFT, "::Pair::")
    assert any(line.startswith(f"{src}:{pair}: note: negative") for line in lines), stdout

    written = out.read_text(encoding="utf-8").splitlines()
    fill = [re.fullmatch(rf"{re.escape(str(out))}:(\d+): fill in by hand: .+", x) for x in lines]
    numbers = [int(m.group(1)) for m in fill if m]
    assert numbers, stdout
    for n in numbers:  # each line pointed at really holds the placeholder
        assert TO_FILL in written[n - 1]
    # ... and every placeholder in a question is pointed at (one task per question here)
    in_questions = [
        n
        for n, line in enumerate(written, 1)
        if TO_FILL in line and n > _lineno(out.read_text(), "questions:")
    ]
    assert set(in_questions) <= set(numbers) and len(in_questions) == 2
    assert "--default-task CODE" in lines[-1] and "before the bank validates" in lines[-1]

    bank = yaml.safe_load(out.read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in bank["questions"]}
    assert by_id["owner"]["answer"] == "a" and by_id["pair"]["answer"] == ["a", "b"]
    assert by_id["owner"]["options"][1]["rationale"] == "Too far from the work."
    assert by_id["owner"]["tasks"] == [TO_FILL]


def test_default_task_makes_the_import_validate(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    out = tmp_path / "risk.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out, "--default-task", TASK)
    assert code == EXIT_OK
    loaded = load_bank_file(out)
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]
    assert all(q.tasks == [TASK] for q in loaded.bank.questions)
    last = stdout.splitlines()[-1]
    assert last == "the bank validates" or re.search(r"\b0 other problem\(s\)", last), last
    assert "fill in by hand: tasks" not in stdout and TO_FILL not in stdout.replace(
        "Check every field marked", ""
    )


def test_an_unknown_default_task_is_reported_as_a_problem(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    out = tmp_path / "risk.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out, "--default-task", "PMP26.XYZ.9")
    assert code == EXIT_OK  # the file is written so the trainer can fix it
    problems = [line for line in stdout.splitlines() if "PMP26.XYZ.9" in line]
    assert problems and all(line.startswith(f"{out}:") for line in problems)
    last = stdout.splitlines()[-1]
    assert re.search(rf"\b{len(problems)} other problem\(s\) before the bank validates", last)
    assert not load_bank_file(out).ok


def test_a_complete_import_says_the_bank_validates(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    out = tmp_path / "risk.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out, "--default-task", TASK)
    assert code == EXIT_OK
    assert "fill in by hand" not in stdout
    assert stdout.splitlines()[-1] == "the bank validates"


def test_categories_mapping_sets_tasks(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    mapping = _write(
        tmp_path / "map.yaml", 'Risk: PMP26.BUS.5\n"$course$/top/Schedule": PMP26.PRO.6\n'
    )
    out = tmp_path / "risk.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out, "--categories", mapping)
    assert code == EXIT_OK
    loaded = load_bank_file(out)
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]
    tasks = {q.id: q.tasks for q in loaded.bank.questions}
    assert tasks == {"owner": ["PMP26.BUS.5"], "pair": ["PMP26.PRO.6"]}
    assert "fill in by hand: tasks" not in stdout


def test_categories_mapping_leaves_unmapped_questions_to_the_default(
    tmp_path: Path, cli: Run
) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    mapping = _write(tmp_path / "map.yaml", "Risk: PMP26.BUS.5\n")
    out = tmp_path / "risk.yaml"
    args = ("bank", "import", src, "--to", out, "--categories", mapping)
    assert cli(*args)[0] == EXIT_OK
    assert yaml.safe_load(out.read_text())["questions"][1]["tasks"] == [TO_FILL]
    assert cli(*args, "--default-task", TASK, "--force")[0] == EXIT_OK
    tasks = [q["tasks"] for q in yaml.safe_load(out.read_text())["questions"]]
    assert tasks == [["PMP26.BUS.5"], [TASK]]


def test_a_bad_categories_file_is_one_line(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    mapping = _write(tmp_path / "map.yaml", "- just\n- a list\n")
    out = tmp_path / "risk.yaml"
    code, _, stderr = cli("bank", "import", src, "--to", out, "--categories", mapping)
    assert code == EXIT_ERROR
    assert len(stderr.strip().splitlines()) == 1 and f"{mapping}:1:1:" in stderr
    assert not out.exists()


def test_xml_import(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "quiz.xml", XML)
    out = tmp_path / "quiz.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out, "--default-task", TASK)
    assert code == EXIT_OK
    assert "3 read, 2 imported, 1 skipped" in stdout
    assert f"wrote {out} (2 questions)" in stdout
    essay = _lineno(XML, 'type="essay"')
    assert re.search(rf"^{re.escape(str(src))}:{essay}: skipped: .*essay", stdout, re.M | re.I)
    loaded = load_bank_file(out)
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]
    owner = loaded.bank.questions[0]
    assert "**own**" in owner.stem and owner.explanation == "The person best placed to act."


def test_csv_import(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "sheet.csv", CSV, encoding="utf-8-sig")
    out = tmp_path / "sheet.yaml"
    code, stdout, _ = cli("bank", "import", src, "--to", out, "--id", "sheet", "--title", "Sheet")
    assert code == EXIT_OK
    assert "3 read, 2 imported, 1 skipped" in stdout
    assert re.search(rf"^{re.escape(str(src))}:4: skipped: matching", stdout, re.M)
    loaded = load_bank_file(out)
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]
    assert loaded.bank.bank.id == "sheet" and loaded.bank.bank.title == "Sheet"
    risk, cpi = loaded.bank.questions
    assert risk.tasks == ["PMP26.BUS.5"] and risk.answer == "a"
    assert cpi.type == "numeric" and cpi.answer.value == pytest.approx(0.8)


def test_import_refuses_to_overwrite_without_force(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    out = _write(tmp_path / "risk.yaml", "# my own work\n")
    code, stdout, stderr = cli("bank", "import", src, "--to", out)
    assert code == EXIT_ERROR and stdout == ""
    assert len(stderr.strip().splitlines()) == 1 and "--force" in stderr
    assert out.read_text() == "# my own work\n"
    assert cli("bank", "import", src, "--to", out, "--force")[0] == EXIT_OK
    assert "questions:" in out.read_text()


@pytest.mark.parametrize(
    ("name", "content", "extra", "expected"),
    [
        ("missing.gift", None, (), "cannot read"),
        ("questions.docx", b"PK\x03\x04", (), "--format gift|xml|csv"),
        (
            "latin.gift",
            "Caf\xe9 au lait?{=yes ~no}\n".encode("latin-1"),
            (),
            ":1: the file is not UTF-8",
        ),
        ("broken.xml", b"<quiz>\n<question type='multichoice'>\n</quiz>\n", (), ":3:"),
        ("binary.txt", b"\x00\x01\x02\xff\xfe", ("--format", "xml"), ":1:"),
        ("only_essay.gift", b"::E::Write.{}\n", (), "nothing to write"),
    ],
)
def test_unreadable_sources_give_one_line_and_no_output(
    tmp_path: Path,
    cli: Run,
    name: str,
    content: bytes | None,
    extra: tuple[str, ...],
    expected: str,
) -> None:
    src = tmp_path / name
    if content is not None:
        src.write_bytes(content)
    out = tmp_path / "out.yaml"
    code, _, stderr = cli("bank", "import", src, "--to", out, *extra)
    assert code == EXIT_ERROR  # the brief asked for 1; the CLI's convention is EXIT_ERROR (3)
    assert len(stderr.strip().splitlines()) == 1, stderr
    assert expected in stderr
    assert stderr.startswith("studyapp: ")
    assert not out.exists()


def test_usage_errors_exit_2(tmp_path: Path, cli: Run) -> None:
    src = _write(tmp_path / "risk.gift", GIFT)
    with pytest.raises(SystemExit) as exc:
        main(["bank", "import", str(src)])  # no --to
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        main(["bank", "import", str(src), "--to", str(tmp_path / "o.yaml"), "--format", "docx"])
    assert exc.value.code == 2


# -------------------------------------------------------------------------------------- export

HELD_BY_MOODLE = {"single", "multiple", "matching", "numeric"}


def _starter_types() -> dict[str, str]:
    loaded = load_bank_file(STARTER)
    assert loaded.bank is not None
    return {q.id: q.type for q in loaded.bank.questions}


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("gift", lambda b: b"::pmp26-peo-001::" in b),
        ("xml", lambda b: ET.fromstring(b).tag == "quiz"),
        ("csv", lambda b: b.lstrip(b"\xef\xbb\xbf").startswith(b"id,")),
        ("anki", lambda b: b.startswith(b"PK")),
        ("html", lambda b: b"<html" in b.lower() and b"Practice exam" in b),
        ("pdf", lambda b: b.startswith(b"%PDF")),
    ],
)
def test_export_starter_to_every_format(
    tmp_path: Path, cli: Run, fmt: str, check: Callable[[bytes], bool]
) -> None:
    out = tmp_path / f"starter.{fmt}"
    code, stdout, _ = cli("bank", "export", STARTER, "--format", fmt, "--to", out)
    assert code == EXIT_OK, stdout
    assert stdout.splitlines()[-1].startswith(f"wrote {out}")
    assert out.is_file() and out.stat().st_size > 1000
    assert check(out.read_bytes())


@pytest.mark.parametrize("fmt", ["gift", "xml"])
def test_export_and_reimport_keeps_every_question_the_format_holds(
    tmp_path: Path, cli: Run, fmt: str
) -> None:
    types = _starter_types()
    held = {qid: t for qid, t in types.items() if t in HELD_BY_MOODLE}
    out = tmp_path / f"starter.{fmt}"
    code, stdout, _ = cli("bank", "export", STARTER, "--format", fmt, "--to", out)
    assert code == EXIT_OK
    lost = {line.split(":")[0] for line in stdout.splitlines() if ": not carried across: " in line}
    dropped = {qid for qid, t in types.items() if t not in HELD_BY_MOODLE}
    assert dropped == {"pmp26-pro-004", "pmp26-bus-003"}  # hotspot and ordering
    assert dropped <= lost
    for qid in dropped:
        assert re.search(rf"^{qid}: not carried across: .*({types[qid]})", stdout, re.M)

    back = tmp_path / f"back-{fmt}.yaml"
    code, stdout, _ = cli("bank", "import", out, "--to", back, "--default-task", TASK)
    assert code == EXIT_OK
    assert f"{len(held)} read, {len(held)} imported, 0 skipped" in stdout
    loaded = load_bank_file(back)
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]
    assert {q.id: q.type for q in loaded.bank.questions} == held


def test_csv_export_round_trip_keeps_the_spreadsheet_types(tmp_path: Path, cli: Run) -> None:
    types = _starter_types()
    out = tmp_path / "starter.csv"
    assert cli("bank", "export", STARTER, "--format", "csv", "--to", out)[0] == EXIT_OK
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == list(types)
    back = tmp_path / "back.yaml"
    code, stdout, _ = cli("bank", "import", out, "--to", back)
    assert code == EXIT_OK
    sheet = {qid: t for qid, t in types.items() if t in {"single", "multiple", "numeric"}}
    assert f"{len(types)} read, {len(sheet)} imported, {len(types) - len(sheet)} skipped" in stdout
    loaded = load_bank_file(back)
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]
    assert {q.id: q.type for q in loaded.bank.questions} == sheet


def test_export_ids_filter(tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "two.gift"
    ids = "pmp26-peo-001, pmp26-peo-006"
    code, stdout, _ = cli("bank", "export", STARTER, "--format", "gift", "--ids", ids, "--to", out)
    assert code == EXIT_OK
    assert "not carried across" not in stdout.replace("pmp26-peo-006: not carried across: unit", "")
    back = tmp_path / "two.yaml"
    code, stdout, _ = cli("bank", "import", out, "--to", back, "--default-task", TASK)
    assert code == EXIT_OK and "2 read, 2 imported, 0 skipped" in stdout
    ids_back = [q["id"] for q in yaml.safe_load(back.read_text())["questions"]]
    assert ids_back == ["pmp26-peo-001", "pmp26-peo-006"]


def test_export_unknown_id_is_an_error(tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "x.gift"
    code, _, stderr = cli(
        "bank", "export", STARTER, "--format", "gift", "--ids", "pmp26-peo-001,nope", "--to", out
    )
    assert code == EXIT_ERROR
    assert "no such question id(s): nope" in stderr and len(stderr.strip().splitlines()) == 1
    assert not out.exists()


def test_export_refuses_to_overwrite_and_rejects_broken_banks(tmp_path: Path, cli: Run) -> None:
    out = _write(tmp_path / "x.xml", "mine")
    code, _, stderr = cli("bank", "export", STARTER, "--format", "xml", "--to", out)
    assert code == EXIT_ERROR and "--force" in stderr and out.read_text() == "mine"
    assert cli("bank", "export", STARTER, "--format", "xml", "--to", out, "--force")[0] == EXIT_OK
    assert out.read_text() != "mine"

    broken = _write(tmp_path / "broken.yaml", "format_version: 1\nbank: [\n")
    code, _, stderr = cli("bank", "export", broken, "--format", "gift", "--to", tmp_path / "b.gift")
    assert code == EXIT_ERROR and f"{broken}:" in stderr
    assert not (tmp_path / "b.gift").exists()


# ------------------------------------------------------------------------------ new, add, status


def test_bank_new_then_validate(tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "mine.yaml"
    code, stdout, _ = cli("bank", "new", "mine", "--exam", "CAPM", "--to", out)
    assert code == EXIT_OK and f"wrote {out}" in stdout
    code, _, stderr = cli("bank", "validate", out)
    assert code == EXIT_OK and " 0 errors" in stderr
    loaded = load_bank_file(out)
    assert loaded.bank is not None and loaded.bank.bank.exam == "CAPM"
    assert {"single", "multiple", "matching", "numeric", "ordering"} <= {
        q.type for q in loaded.bank.questions
    }
    code, _, stderr = cli("bank", "new", "mine", "--to", out)  # never overwrites
    assert code == EXIT_ERROR and "exists" in stderr
    assert cli("bank", "new", "bad name!", "--to", tmp_path / "b.yaml")[0] == EXIT_ERROR


def _status_banks(cli: Run, data: Path) -> dict[str, str]:
    code, stdout, _ = cli("--data-dir", data, "status")
    assert code == EXIT_OK
    found = re.findall(r"^bank: +(\S+) \(.*\): (\d+ questions, .+)$", stdout, re.M)
    return dict(found)


def test_bank_add_file_and_pack_then_status_lists_them(tmp_path: Path, cli: Run) -> None:
    data = tmp_path / "data"
    before = _status_banks(cli, data)
    assert "alpha" not in before and before  # the built-in banks are listed

    alpha = tmp_path / "alpha.yaml"
    assert cli("bank", "new", "alpha", "--to", alpha)[0] == EXIT_OK
    code, stdout, _ = cli("--data-dir", data, "bank", "add", alpha)
    assert code == EXIT_OK and "added 1 file(s) to" in stdout
    assert (data / "banks" / "alpha" / "alpha.yaml").is_file()

    beta = tmp_path / "beta.yaml"
    assert cli("bank", "new", "beta", "--to", beta)[0] == EXIT_OK
    pack = tmp_path / "beta-pack.zip"
    with zipfile.ZipFile(pack, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(beta, "beta.yaml")
        z.writestr("README.md", "A pack.\n")
    code, stdout, _ = cli("--data-dir", data, "bank", "add", pack)
    assert code == EXIT_OK and "added 2 file(s) to" in stdout
    assert (data / "banks" / "beta-pack" / "beta.yaml").is_file()

    after = _status_banks(cli, data)
    assert after["alpha"].endswith(", ok") and after["beta"].endswith(", ok")
    assert set(before) | {"alpha", "beta"} == set(after)


def test_bank_add_refuses_bad_packs_and_files(tmp_path: Path, cli: Run) -> None:
    data = tmp_path / "data"
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as z:
        z.writestr("../outside.yaml", "format_version: 1\n")
    code, _, stderr = cli("--data-dir", data, "bank", "add", evil)
    assert code == EXIT_ERROR and "refused" in stderr and len(stderr.strip().splitlines()) == 1
    assert not (data / "banks").exists() or not any((data / "banks").iterdir())
    assert not (tmp_path / "outside.yaml").exists()

    notzip = _write(tmp_path / "fake.zip", "not a zip")
    assert cli("--data-dir", data, "bank", "add", notzip)[0] == EXIT_ERROR
    broken = _write(tmp_path / "broken.yaml", "format_version: 1\nbank: [\n")
    code, _, stderr = cli("--data-dir", data, "bank", "add", broken)
    assert code == EXIT_ERROR and "nothing was added" in stderr


def test_added_bank_with_images_brings_them_along(tmp_path: Path, cli: Run) -> None:
    src = tmp_path / "src"
    shutil.copytree(STARTER.parent / "images", src / "images")
    shutil.copy2(STARTER, src / "starter.yaml")
    data = tmp_path / "data"
    code, stdout, _ = cli("--data-dir", data, "bank", "add", src / "starter.yaml")
    assert code == EXIT_OK
    n = int(re.search(r"added (\d+) file", stdout).group(1))  # type: ignore[union-attr]
    assert n > 1  # the bank and the images it uses
    assert (data / "banks" / "starter" / "images").is_dir()


# ------------------------------------------------------------------------------------- history


def test_history_export_after_answering(tmp_path: Path, cli: Run) -> None:
    data = tmp_path / "study"
    clock = ManualClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
    answered = []
    with StudyEngine.open(data, exam="PMP", clock=clock, timezone=dt.UTC) as engine:
        for pick in engine.next_session(3, beyond_goal=True)[:3]:
            q = pick.question
            engine.record_answer(q.id, q.correct_response(), 42)
            answered.append(q.id)
            clock.advance(60)
    out = tmp_path / "history.csv"
    code, stdout, _ = cli("--data-dir", data, "history", out)
    assert code == EXIT_OK and stdout.strip() == f"wrote {out} (3 answers)"
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["question_id"] for r in rows] == answered
    assert all(r["correct"] == "yes" and r["seconds"] == "42" for r in rows)

    code, _, stderr = cli("--data-dir", data, "history", out)
    assert code == EXIT_ERROR and "--force" in stderr
    assert cli("--data-dir", data, "history", out, "--force", "--exam", "PMP")[0] == EXIT_OK


def test_history_of_a_new_learner_is_just_the_header(tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "h.csv"
    code, stdout, _ = cli("--data-dir", tmp_path / "fresh", "history", out)
    assert code == EXIT_OK and "(0 answers)" in stdout
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
