"""Spreadsheet import/export (studyapp.interop.spreadsheet) and the bank scaffold (scaffold)."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import TypeAdapter

from studyapp.banks import load_bank_file
from studyapp.banks import model as m
from studyapp.interop.common import TO_FILL, ImportOptions, ImportResult, write_bank
from studyapp.interop.scaffold import scaffold_bank
from studyapp.interop.spreadsheet import (
    COLUMNS,
    SpreadsheetError,
    load_mapping,
    not_editable_reason,
    parse_table,
    questions_to_csv,
)

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "interop" / "spreadsheet"
BANKS = ROOT / "question_banks"
QUESTION = TypeAdapter(m.Question)


def read(name: str, mapping: str | None = None, **opts: Any) -> ImportResult:
    path = DATA / name
    table_mapping = load_mapping(DATA / mapping) if mapping else None
    return parse_table(path.read_bytes(), path, ImportOptions(**opts), table_mapping)


def parse_text(text: str, name: str = "t.csv", **opts: Any) -> ImportResult:
    return parse_table(text.encode("utf-8"), Path(name), ImportOptions(**opts))


def by_id(result: ImportResult) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in result.questions}


def skips(result: ImportResult) -> list[tuple[int, str]]:
    return [(s.line, s.reason) for s in result.skipped]


def validates(result: ImportResult, tmp_path: Path, **opts: Any) -> list[str]:
    """Write the import as a bank and load it: the problems, as text."""
    out = tmp_path / "banks" / "imported.yaml"
    write_bank(result, ImportOptions(**opts), out)
    loaded = load_bank_file(out)
    assert loaded.bank is not None, [str(p) for p in loaded.problems]
    return [str(p) for p in loaded.problems]


# ---------------------------------------------------------------------------- default columns


def test_default_columns_give_single_multiple_and_numeric(tmp_path: Path) -> None:
    result = read("default.csv")
    assert result.read == 3
    assert result.skipped == []
    assert result.notes == []
    qs = by_id(result)
    single = qs["risk-1"]
    assert single["type"] == "single"
    assert single["answer"] == "a"
    assert [o["id"] for o in single["options"]] == ["a", "b", "c"]  # empty option D left out
    assert single["options"][1] == {
        "id": "b",
        "text": "Issue log",
        "rationale": "Issues have already happened.",
    }
    assert single["tags"] == ["risk", "register"]
    assert single["references"] == ["PMBOK Guide 8th ed.", "Risk performance domain"]
    assert single["difficulty"] == 1
    multiple = qs["scrum-1"]
    assert multiple["type"] == "multiple"  # inferred from two answer letters
    assert multiple["answer"] == ["a", "c"]
    assert multiple["choose"] == 2
    assert multiple["approach"] == "agile"
    numeric = qs["cpi-1"]
    assert numeric["type"] == "numeric"  # no options and a number
    assert numeric["answer"] == {"value": 0.8, "tolerance": 0.005}
    assert numeric["tasks"] == ["PMP26.PRO.6"]
    assert validates(result, tmp_path) == []


def test_missing_fields_are_marked_to_fill_in() -> None:
    q = parse_text("stem,a,b,answer\nWhich?,Yes,No,B\n").questions[0]
    assert q["answer"] == "b"  # letters are case-insensitive
    assert q["options"][0]["rationale"] == TO_FILL
    assert q["explanation"] == TO_FILL
    assert q["tasks"] == [TO_FILL]
    assert q["approach"] == "any"
    assert q["difficulty"] == 2


def test_default_task_option_is_used() -> None:
    result = parse_text("stem,a,b,answer\nWhich?,Yes,No,a\n", default_task="PMP26.PEO.3")
    assert result.questions[0]["tasks"] == ["PMP26.PEO.3"]


def test_header_names_are_trimmed_and_case_insensitive() -> None:
    text = " STEM ,Option_A,  b ,Answer ,TASKS\nWhich?,Yes,No,a,PMP26.PEO.1 PMP26.PEO.2\n"
    q = parse_text(text).questions[0]
    assert q["stem"] == "Which?"
    assert [o["text"] for o in q["options"]] == ["Yes", "No"]
    assert q["tasks"] == ["PMP26.PEO.1", "PMP26.PEO.2"]


def test_ids_are_generated_repaired_and_made_unique() -> None:
    text = (
        "id,stem,a,b,answer\n,First?,Y,N,a\nbad id!,Second?,Y,N,a\nx,Third?,Y,N,a\n"
        "x,Fourth?,Y,N,a\n"
    )
    result = parse_text(text, bank_id="mybank")
    assert [q["id"] for q in result.questions] == ["mybank-2", "bad-id", "x", "x-2"]
    messages = [(n.line, n.message) for n in result.notes]
    assert (3, "id 'bad id!' is not a valid id; the question is 'bad-id'") in messages
    assert (5, "id 'x' is already used; the question is 'x-2'") in messages


def test_unusable_approach_and_difficulty_are_noted() -> None:
    text = "stem,a,b,answer,approach,difficulty\nWhich?,Y,N,a,waterfall,5\n"
    result = parse_text(text)
    q = result.questions[0]
    assert q["approach"] == "any"
    assert q["difficulty"] == 2
    messages = " | ".join(n.message for n in result.notes)
    assert "approach 'waterfall'" in messages
    assert "difficulty '5'" in messages


def test_unknown_unnamed_and_extra_cells_are_noted() -> None:
    text = "stem,a,b,answer,Owner,\nWhich?,Y,N,a,Ann,stray\nOther?,Y,N,b,Bob,,extra\n"
    result = parse_text(text)
    assert len(result.questions) == 2
    notes = [(n.line, n.message) for n in result.notes]
    assert any(line == 1 and "'Owner' is not a known column" in msg for line, msg in notes)
    assert any(line == 2 and "column 6 has no header" in msg for line, msg in notes)
    assert any(line == 3 and "'extra'" in msg and "not imported" in msg for line, msg in notes)


def test_rationale_without_option_and_options_of_numeric_are_noted() -> None:
    text = "stem,a,b,c,rationale_c,answer\nWhich?,Y,N,,orphan,a\nHow many?,,,,,\n"
    result = parse_text(text)
    assert any("rationale_c has no option C" in n.message for n in result.notes)
    text = "type,stem,a,b,answer\nnumeric,How many?,Y,N,4\n"
    result = parse_text(text)
    assert result.questions[0]["answer"] == {"value": 4.0, "tolerance": 0.0}
    assert "option cells are dropped" in result.notes[0].message


def test_multiple_without_choose_in_stem_is_noted() -> None:
    result = parse_text("stem,a,b,c,answer\nWhich apply?,X,Y,Z,a;b\n")
    assert result.questions[0]["choose"] == 2
    assert "Choose 2." in result.notes[0].message


# ---------------------------------------------------------------------------- separators, text


def test_semicolon_file_with_decimal_commas() -> None:
    result = read("semicolon.csv")
    assert result.skipped == []
    numeric, single = result.questions
    assert numeric["answer"] == {"value": 2.5, "tolerance": 0.5, "unit": "days"}
    assert single["answer"] == "a"
    assert [o["text"] for o in single["options"]] == [
        "Pareto chart",
        "Control chart",
        "Fishbone diagram",
    ]


def test_tab_separated_file_keeps_commas_semicolons_and_quotes() -> None:
    result = read("tabs.tsv")
    assert len(result.questions) == 2
    assert result.questions[1]["stem"] == 'Second, with "quotes" and; semicolons, commas'
    assert result.questions[1]["answer"] == "b"


def test_separator_is_sniffed_outside_quotes() -> None:
    # Six commas inside a quoted header name, four semicolons outside: semicolons win.
    text = 'stem;"notes, with, many, commas, a, b, c";a;b;answer\nWhich?;x, y;Y;N;b\n'
    result = parse_text(text)
    assert result.questions[0]["stem"] == "Which?"
    assert result.questions[0]["answer"] == "b"
    assert "'notes, with, many, commas, a, b, c' is not a known column" in result.notes[0].message


def test_utf8_bom_is_removed(tmp_path: Path) -> None:
    result = read("bom.csv")
    assert result.notes == []
    q = result.questions[0]
    assert q["stem"] == "Quelle étape vient en premier ? – Risque"  # header 'stem' found
    assert q["options"][1]["text"] == "Répondre"
    assert validates(result, tmp_path) == []


def test_cp1252_fallback_with_a_note() -> None:
    result = read("cp1252.csv")
    assert result.questions[0]["stem"] == "Quelle étape vient en premier ? – Risque “€”"
    assert result.questions[0]["options"][1]["text"] == "Répondre"
    (note,) = result.notes
    assert note.line == 1
    assert "not UTF-8" in note.message
    assert "line 2" in note.message
    assert "cp1252" in note.message


def test_utf16_with_bom_is_read() -> None:
    text = "stem\toption_a\toption_b\tanswer\r\nŒuvre ?\tOui\tNon\ta\r\n"
    result = parse_table(text.encode("utf-16"), Path("u.txt"), ImportOptions())
    assert result.questions[0]["stem"] == "Œuvre ?"


def test_quoted_newlines_keep_text_and_physical_line_numbers() -> None:
    result = read("quoted_newlines.csv")
    assert result.read == 4
    qs = by_id(result)
    assert qs["q1"]["stem"] == "First line\nsecond line of the stem"
    assert qs["q1"]["options"][0]["text"] == "Option one\non two lines"
    assert qs["q1"]["explanation"] == "Because:\n- one\n- two"
    assert qs["q3"]["stem"] == "Plain stem"
    # q2 starts on line 7 (q1 took lines 2-6), q4 on line 11 (after a blank line 9 and q3 on 10).
    assert skips(result) == [
        (7, "answer letter 'Z' has no such option"),
        (11, "fewer than 2 options (1)"),
    ]
    lines = (DATA / "quoted_newlines.csv").read_text().splitlines()
    assert lines[7 - 1].startswith("q2,")
    assert lines[11 - 1].startswith("q4,")


def test_crlf_line_breaks_inside_cells_become_newlines() -> None:
    text = 'stem,a,b,answer\r\n"one\r\ntwo",Y,N,a\r\nnext,Y,N,z\r\n'
    result = parse_text(text)
    assert result.questions[0]["stem"] == "one\ntwo"
    assert skips(result) == [(4, "answer letter 'Z' has no such option")]


# ---------------------------------------------------------------------------- skips


def test_every_skip_reason_with_its_line() -> None:
    result = read("skips.csv")
    assert result.read == 17
    assert [q["id"] for q in result.questions] == ["ok-1"]
    assert skips(result) == [
        (3, "no stem (the question text is empty)"),
        (4, "answer letter 'C' has no such option"),
        (5, "numeric answer 'about ten' is not a number"),
        (6, "fewer than 2 options (1)"),
        (7, "answer 'yes' is not option letters (a to j)"),
        (8, not_editable_reason("matching")),
        (9, not_editable_reason("ordering")),
        (10, not_editable_reason("hotspot")),
        (11, "unknown type 'essay' (single, multiple or numeric)"),
        (12, "no answer"),
        (13, "type single but the answer names 2 options"),
        (14, "a multiple-answer question needs at least 3 options"),
        (15, "type multiple needs at least 2 answer letters"),
        (16, "every option is marked correct; leave at least one wrong"),
        (17, "tolerance 'lots' is not a number of at least 0"),
        (18, "unit 'abcdefghijklmnopqrstuvwxyz' is longer than 20 characters"),
    ]
    assert result.summary().startswith("17 read, 1 imported, 16 skipped: ")
    assert str(result.skipped[0]).endswith(
        "skips.csv:3: skipped: no stem (the question text is empty)"
    )


def test_answer_with_only_separators_is_skipped() -> None:
    result = parse_text('stem,a,b,answer\nWhich?,Y,N,", ;"\n')
    assert skips(result) == [(2, "answer ', ;' is not option letters (a to j)")]


def test_blank_rows_are_not_questions() -> None:
    result = parse_text("stem,a,b,answer\n\n,,,\nWhich?,Y,N,a\n")
    assert result.read == 1
    assert len(result.questions) == 1
    assert result.questions[0]["id"] == "t-4"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (b"PK\x03\x04rest-of-a-zip", "save it as 'CSV UTF-8'"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "spreadsheet workbook"),
        (b"question,answer\nWhich?,a\n", "no 'stem' column"),
        (b"stem,a,b\nWhich?,Y,N\n", "no 'answer' column"),
        (b"stem,Stem,answer\nx,y,a\n", "columns 'stem' and 'Stem' both give 'stem'"),
        (b"stem,option_a,A,answer\nx,y,z,a\n", "both give 'option_a'"),
    ],
)
def test_unreadable_tables_raise_clear_errors(data: bytes, message: str) -> None:
    with pytest.raises(SpreadsheetError, match=message) as info:
        parse_table(data, Path("bad.csv"), ImportOptions())
    assert str(info.value).startswith("bad.csv:")


def test_oversized_cell_is_an_error_not_a_crash() -> None:
    text = "stem,a,b,answer\n" + '"' + "x" * 200_000 + '",Y,N,a\n'
    with pytest.raises(SpreadsheetError, match=r"bad\.csv:2: a cell is longer than 100000"):
        parse_table(
            text.replace("x" * 200_000, "x" * 120_000).encode(), Path("bad.csv"), ImportOptions()
        )
    with pytest.raises(SpreadsheetError, match=r"bad\.csv:2: cannot read this row: field larger"):
        parse_table(text.encode(), Path("bad.csv"), ImportOptions())


def test_random_garbage_never_crashes() -> None:
    rng = random.Random(7)
    base = (DATA / "quoted_newlines.csv").read_bytes()
    alphabet = b'",;\t\r\n\x00ab\xff\xe9 '
    failures: list[str] = []
    for _ in range(300):
        data = bytearray(base)
        for _ in range(rng.randint(1, 12)):
            pos = rng.randrange(len(data))
            data[pos] = alphabet[rng.randrange(len(alphabet))]
        try:
            result = parse_table(bytes(data), Path("fuzz.csv"), ImportOptions())
        except SpreadsheetError as exc:
            failures.append(str(exc))
        else:
            assert result.read == len(result.questions) + len(result.skipped)
    assert all(message.startswith("fuzz.csv:") for message in failures)


# ---------------------------------------------------------------------------- mapping files


def test_mapping_file_maps_columns_and_fixes_defaults(tmp_path: Path) -> None:
    mapping = load_mapping(DATA / "mapping.yaml")
    assert mapping.columns["choice 3"] == "option_c"  # header names matched case-insensitively
    assert mapping.columns["comments"] is None
    result = read("custom.csv", "mapping.yaml")
    assert result.notes == []  # 'Comments' is ignored on purpose, so no note
    (q,) = result.questions
    assert q["stem"] == "Who orders the product backlog?"
    assert [o["text"] for o in q["options"]] == [
        "The product owner",
        "The project sponsor",
        "The team facilitator",
    ]
    assert q["answer"] == "a"
    assert q["explanation"].startswith("The product owner orders")
    assert q["tasks"] == ["PMP26.PEO.1"]
    assert q["approach"] == "agile"  # from defaults
    assert q["difficulty"] == 3
    assert q["tags"] == ["imported", "backlog"]
    assert validates(result, tmp_path) == []


def test_without_the_mapping_the_custom_layout_is_refused() -> None:
    with pytest.raises(SpreadsheetError, match=r"custom\.csv:1: no 'stem' column"):
        read("custom.csv")


def test_cell_value_wins_over_a_default(tmp_path: Path) -> None:
    mapping = tmp_path / "m.yaml"
    mapping.write_text("defaults: {approach: agile, task: PMP26.PEO.4}\ndelimiter: tab\n")
    table = tmp_path / "t.txt"
    table.write_text("stem\ta\tb\tanswer\tapproach\nQ1\tY\tN\ta\tpredictive\nQ2\tY\tN\tb\t\n")
    result = parse_table(table.read_bytes(), table, ImportOptions(), load_mapping(mapping))
    assert [q["approach"] for q in result.questions] == ["predictive", "agile"]
    assert [q["tasks"] for q in result.questions] == [["PMP26.PEO.4"], ["PMP26.PEO.4"]]


@pytest.mark.parametrize(
    ("name", "where", "message"),
    [
        ("bad_mapping_target.yaml", 3, "'solution' is not a column; columns are: id, type"),
        ("bad_mapping_key.yaml", 3, "unknown key 'rows'"),
        ("bad_mapping_dup.yaml", 3, "headers 'Question' and 'Text' both map to 'stem'"),
        ("bad_mapping_syntax.yaml", 4, "YAML syntax error"),
    ],
)
def test_bad_mapping_files_say_where_and_why(name: str, where: int, message: str) -> None:
    with pytest.raises(SpreadsheetError, match=message) as info:
        load_mapping(DATA / name)
    assert str(info.value).startswith(f"{DATA / name}:{where}: ")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- stem\n", "must be a YAML mapping"),
        ("columns: [stem]\n", "'columns' must map header names"),
        ("defaults: {id: x}\n", "'id' cannot have a default"),
        ("defaults: {approach: {a: 1}}\n", "must be a single value"),
        ("delimiter: '|'\n", "delimiter must be"),
        ("columns: {Question: stem}\ncolumns: {Other: stem}\n", "appears twice"),
    ],
)
def test_more_bad_mappings(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(text)
    with pytest.raises(SpreadsheetError, match=message):
        load_mapping(path)


def test_missing_mapping_file(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="cannot read the mapping file"):
        load_mapping(tmp_path / "nope.yaml")


# ---------------------------------------------------------------------------- export


def _normal(q: m.Question) -> dict[str, Any]:
    """A question as the spreadsheet keeps it: options renamed a, b, c… in order, texts
    stripped, and the fields a spreadsheet does not hold (scenario, images, waive) left out."""
    data = q.model_dump()
    for key in ("scenario", "images", "waive"):
        data.pop(key, None)
    if "options" in data:
        rename = {o["id"]: "abcdefghij"[i] for i, o in enumerate(data["options"])}
        for o in data["options"]:
            o["id"] = rename[o["id"]]
        if isinstance(data["answer"], list):
            data["answer"] = [rename[a] for a in data["answer"]]
        else:
            data["answer"] = rename[data["answer"]]

    def strip(value: Any) -> Any:
        if isinstance(value, str):
            return value.strip()
        if isinstance(value, list):
            return [strip(v) for v in value]
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items()}
        return value

    return strip(data)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "bank_file",
    ["pmp/starter.yaml", "capm/starter.yaml", "capm/predictive.yaml", "pmp/visual-and-cases.yaml"],
)
def test_round_trip_export_then_import(bank_file: str, tmp_path: Path) -> None:
    loaded = load_bank_file(BANKS / bank_file)
    assert loaded.bank is not None
    bank = loaded.bank
    text = questions_to_csv(bank)
    csv_path = tmp_path / "export.csv"
    csv_path.write_text(text, encoding="utf-8-sig", newline="")  # as Excel likes it
    options = ImportOptions(exam=bank.bank.exam, outline=bank.bank.outline, bank_id="rt")
    result = parse_table(csv_path.read_bytes(), csv_path, options)

    editable = [q for q in bank.questions if q.type in ("single", "multiple", "numeric")]
    others = [q for q in bank.questions if q.type not in ("single", "multiple", "numeric")]
    assert editable, "the bank should have questions a spreadsheet can hold"
    assert result.read == len(bank.questions)
    assert result.notes == []
    imported = {q["id"]: QUESTION.validate_python(q) for q in result.questions}
    assert list(imported) == [q.id for q in editable]
    for q in editable:
        assert _normal(imported[q.id]) == _normal(q), q.id

    # The others are skipped with the reason written in their 'note' cell, on the line where
    # their row starts, although the stems before them span several lines.
    lines = text.replace("\r\n", "\n").split("\n")  # physical lines; cells hold "\n"
    assert [reason for _, reason in skips(result)] == [not_editable_reason(q.type) for q in others]
    for (line, _), other in zip(skips(result), others, strict=True):
        assert lines[line - 1].startswith(f"{other.id},{other.type},"), (line, other.id)

    # What was imported validates as a bank of its own.
    assert validates(result, tmp_path, exam=bank.bank.exam, outline=bank.bank.outline) == []


def test_export_columns_and_notes() -> None:
    bank = load_bank_file(BANKS / "pmp" / "starter.yaml").bank
    assert bank is not None
    rows = list(csv.DictReader(io.StringIO(questions_to_csv(bank), newline="")))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == len(bank.questions)
    for row, q in zip(rows, bank.questions, strict=True):
        assert row["id"] == q.id
        assert row["type"] == q.type
        assert row["stem"] == q.stem
        if q.type in ("matching", "hotspot", "ordering"):
            assert not_editable_reason(q.type) in row["note"]
            assert row["option_a"] == "" and row["answer"] == ""
        if q.scenario:
            assert f"case set '{q.scenario}'" in row["note"]
        if q.images:
            assert "images not exported" in row["note"]
    numeric = next(r for r, q in zip(rows, bank.questions, strict=True) if q.type == "numeric")
    assert numeric["answer"] and numeric["option_a"] == ""


def test_export_of_a_small_bank_is_exact() -> None:
    bank = m.Bank.model_validate(
        {
            "format_version": 1,
            "bank": {"id": "b", "title": "B", "exam": "PMP", "outline": "PMP2026"},
            "questions": [
                {
                    "id": "n1",
                    "type": "numeric",
                    "stem": "How many?",
                    "answer": {"value": 2.0, "tolerance": 0.25, "unit": "days"},
                    "explanation": "Two.",
                    "tasks": ["PMP26.PRO.8"],
                    "approach": "predictive",
                    "difficulty": 1,
                },
                {
                    "id": "m1",
                    "type": "multiple",
                    "choose": 2,
                    "stem": 'Pick, "two".\nChoose 2.',
                    "options": [
                        {"id": "x", "text": "X", "rationale": "rx"},
                        {"id": "y", "text": "Y", "rationale": "ry"},
                        {"id": "z", "text": "Z", "rationale": "rz"},
                    ],
                    "answer": ["z", "x"],
                    "explanation": "E.",
                    "tasks": ["PMP26.PRO.8", "PMP26.PRO.9"],
                    "approach": "agile",
                    "difficulty": 3,
                    "tags": ["t1", "t2"],
                },
            ],
        }
    )
    rows = list(csv.reader(io.StringIO(questions_to_csv(bank), newline="")))
    cells = [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]
    assert (cells[0]["answer"], cells[0]["tolerance"], cells[0]["unit"]) == ("2", "0.25", "days")
    assert cells[1]["stem"] == 'Pick, "two".\nChoose 2.'
    assert cells[1]["answer"] == "c,a"  # option ids become letters, in the answer's order
    assert (cells[1]["option_a"], cells[1]["rationale_c"]) == ("X", "rz")
    assert cells[1]["task"] == "PMP26.PRO.8;PMP26.PRO.9"
    assert cells[1]["tags"] == "t1;t2"
    again = by_id(parse_text(questions_to_csv(bank)))
    assert again["m1"]["answer"] == ["c", "a"]
    assert again["n1"]["answer"] == {"value": 2.0, "tolerance": 0.25, "unit": "days"}


# ---------------------------------------------------------------------------- scaffold


@pytest.mark.parametrize(
    ("exam", "outline", "prefix"), [("PMP", "PMP2026", "PMP26."), ("CAPM", "CAPM2023", "CAPM23.")]
)
def test_scaffold_validates_with_no_problems(
    exam: str, outline: str, prefix: str, tmp_path: Path
) -> None:
    text = scaffold_bank(f"my-{exam.lower()}-bank", exam)
    assert text.startswith("# yaml-language-server: $schema=")
    path = tmp_path / "banks" / "new.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    loaded = load_bank_file(path)
    assert [str(p) for p in loaded.problems] == []
    assert loaded.bank is not None
    assert loaded.bank.bank.exam == exam
    assert loaded.bank.bank.outline == outline
    types = [q.type for q in loaded.bank.questions]
    assert types == ["single", "multiple", "matching", "numeric", "ordering"]
    assert all(code.startswith(prefix) for q in loaded.bank.questions for code in q.tasks)
    assert "type: hotspot" in text  # present, commented out
    assert all(q.id.startswith(f"my-{exam.lower()}-bank-") for q in loaded.bank.questions)


def test_scaffold_hotspot_example_works_once_uncommented(tmp_path: Path) -> None:
    text = scaffold_bank("hs", "PMP")
    head, _, hotspot = text.partition("  # - id: hs-hotspot-001")
    body = "  # - id: hs-hotspot-001" + hotspot
    uncommented = "\n".join(line.replace("  # ", "  ", 1) for line in body.splitlines())
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "network.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300"></svg>'
    )
    path = tmp_path / "hs.yaml"
    path.write_text(head + uncommented + "\n", encoding="utf-8")
    loaded = load_bank_file(path)
    assert [str(p) for p in loaded.problems] == []
    assert loaded.bank is not None
    assert [q.type for q in loaded.bank.questions][-1] == "hotspot"


def test_scaffold_comments_explain_the_fields() -> None:
    text = scaffold_bank("b", "capm")
    data = yaml.safe_load(text)
    assert data["bank"]["exam"] == "CAPM"
    for phrase in ("# the id of the correct option", "# how many to pick", "# every option id"):
        assert phrase in text


@pytest.mark.parametrize("exam", ["PMI-ACP", "", "pmp2026"])
def test_scaffold_unknown_exam(exam: str) -> None:
    with pytest.raises(ValueError, match=r"unknown exam .*: a new bank can be for CAPM or PMP"):
        scaffold_bank("b", exam)


def test_scaffold_bad_bank_id() -> None:
    with pytest.raises(ValueError, match="bank id 'has space' is not valid"):
        scaffold_bank("has space", "PMP")
