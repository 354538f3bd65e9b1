from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from studyapp.banks import BankCache, load_bank_file, validate_paths
from studyapp.banks.yamlio import MAX_FILE_BYTES

DATA = Path(__file__).parent.parent / "data"
BAD = DATA / "bad_banks"

GOOD = (DATA / "good.yaml").read_text(encoding="utf-8")


def _expectations(path: Path) -> set[tuple[int, int, str]]:
    found = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"# expect (\d+):(\d+) (.*)", line)
        if m:
            found.add((int(m.group(1)), int(m.group(2)), m.group(3)))
    return found


@pytest.mark.parametrize("name", ["shape_errors.yaml", "rule_errors.yaml"])
def test_every_problem_reported_at_its_place(name: str) -> None:
    path = BAD / name
    expected = _expectations(path)
    assert expected, "fixture declares its expected problems"
    loaded = load_bank_file(path)
    got = {(p.line, p.col, p.message) for p in loaded.problems if p.is_error}
    assert got == expected


@pytest.mark.parametrize(
    ("name", "line", "col", "text"),
    [
        ("tabs.yaml", 3, 1, "tab character"),
        ("latin1.yaml", 3, 10, "not valid UTF-8"),
        ("not_mapping.yaml", 1, 1, "must be a mapping"),
        ("newer_format.yaml", 1, 17, "bank format version 7 is newer"),
        ("syntax.yaml", 3, 10, "YAML syntax error"),
        ("empty.yaml", 1, 1, "the file is empty"),
        ("two_docs.yaml", 3, 1, "more than one YAML document"),
        ("billion_laughs.yaml", 6, 4, "billion laughs"),
        ("duplicate_key.yaml", 2, 1, "key 'format_version' appears twice"),
    ],
)
def test_unreadable_files_give_one_clear_line(name: str, line: int, col: int, text: str) -> None:
    loaded = load_bank_file(BAD / name)
    errors = [p for p in loaded.problems if p.is_error]
    assert len(errors) == 1, errors
    assert (errors[0].line, errors[0].col) == (line, col)
    assert text in errors[0].message
    assert str(errors[0]).startswith(f"{BAD / name}:{line}:{col}: ")


def test_huge_file_is_refused_without_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    loaded = load_bank_file(big)
    assert [p.message for p in loaded.problems] == [
        f"file is 52.4 MB; bank files are limited to {MAX_FILE_BYTES // 2**20} MiB "
        "(split it into several files)"
    ]


def test_good_bank_is_clean(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    loaded = load_bank_file(path)
    assert loaded.ok and loaded.problems == []
    assert loaded.bank is not None and loaded.bank.questions[0].id == "good-1"


def test_ids_must_be_unique_across_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("id: good\n", "id: other\n"), encoding="utf-8")
    report = validate_paths([tmp_path])
    messages = [str(p) for p in report.all_problems()]
    assert messages == [
        f"{tmp_path / 'b.yaml'}:8:9: question id 'good-1' is also used in {tmp_path / 'a.yaml'}:8"
    ]


def test_same_bank_id_twice_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(GOOD.replace("good-1", "good-2"), encoding="utf-8")
    problems = validate_paths([tmp_path]).all_problems()
    assert [(p.path.name, p.line, p.col) for p in problems] == [("b.yaml", 3, 7)]
    assert "bank id 'good' is also used by" in problems[0].message


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    report = validate_paths([tmp_path / "nope.yaml", tmp_path])
    assert [(p.message, p.severity) for p in report.all_problems()] == [
        ("no .yaml bank files in this folder", "warning"),
        ("no such file or folder", "error"),
    ]


def test_unknown_outline_and_exam_mismatch(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD.replace("outline: PMP2026", "outline: PMP1999"), encoding="utf-8")
    (msg,) = [p.message for p in load_bank_file(path).problems]
    assert msg.startswith("unknown outline 'PMP1999'; known outlines: CAPM2023, PMP2021, PMP2026")
    path.write_text(GOOD.replace("exam: PMP", "exam: CAPM"), encoding="utf-8")
    (msg,) = [p.message for p in load_bank_file(path).problems]
    assert msg == "exam 'CAPM' does not match outline PMP2026 (an PMP outline)"


def test_task_from_another_outline(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD.replace("PMP26.PEO.8", "CAPM23.BAF.1"), encoding="utf-8")
    (p,) = load_bank_file(path).problems
    assert (p.line, p.col) == (20, 13)
    assert "is not in outline PMP2026 (its codes start with PMP26.)" in p.message


def test_unquoted_yes_gets_a_quoting_hint(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD.replace("text: Every task in the schedule", "text: No"), encoding="utf-8")
    (p,) = load_bank_file(path).problems
    assert p.line == 16 and "put the text in quotes" in p.message


def test_cache_serves_unchanged_bank_and_notices_edits(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cache = BankCache(tmp_path / "cache")
    first = load_bank_file(path, cache=cache)
    second = load_bank_file(path, cache=cache)
    assert not first.from_cache and second.from_cache
    assert second.bank == first.bank
    path.write_text(GOOD.replace("difficulty: 1", "difficulty: 2"), encoding="utf-8")
    third = load_bank_file(path, cache=cache)
    assert not third.from_cache
    assert third.bank is not None and third.bank.questions[0].difficulty == 2


def test_broken_banks_are_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(GOOD.replace("answer: a", "answer: z"), encoding="utf-8")
    cache = BankCache(tmp_path / "cache")
    load_bank_file(path, cache=cache)
    again = load_bank_file(path, cache=cache)
    assert not again.from_cache
    assert [p.message for p in again.problems] == ["answer 'z' is not among the options (a, b)"]


def test_corrupt_cache_entry_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "good.yaml"
    path.write_text(GOOD, encoding="utf-8")
    cache = BankCache(tmp_path / "cache")
    load_bank_file(path, cache=cache)
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_text("{not json", encoding="utf-8")
    again = load_bank_file(path, cache=cache)
    assert again.ok and not again.from_cache
    assert load_bank_file(path, cache=cache).from_cache  # rewritten


def test_cached_bank_still_reports_missing_images_at_their_line(tmp_path: Path) -> None:
    text = GOOD.replace("    difficulty: 1\n", "    difficulty: 1\n    images: [chart.svg]\n")
    path = tmp_path / "good.yaml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "chart.svg").write_text("<svg/>", encoding="utf-8")
    cache = BankCache(tmp_path / "cache")
    assert load_bank_file(path, cache=cache).ok
    (tmp_path / "chart.svg").unlink()
    loaded = load_bank_file(path, cache=cache)
    assert loaded.from_cache
    assert [(p.line, p.col, p.message) for p in loaded.problems] == [
        (23, 14, "image file 'chart.svg' not found next to the bank")
    ]


def test_warnings_survive_the_cache(tmp_path: Path) -> None:
    text = GOOD + (
        "scenarios:\n  - id: unused\n    title: A case\n    text: Nobody refers to it.\n"
    )
    path = tmp_path / "w.yaml"
    path.write_text(text, encoding="utf-8")
    cache = BankCache(tmp_path / "cache")
    first = load_bank_file(path, cache=cache)
    second = load_bank_file(path, cache=cache)
    assert second.from_cache
    assert first.problems == second.problems
    assert [p.severity for p in second.problems] == ["warning"]


def test_cache_keeps_only_recent_entries(tmp_path: Path) -> None:
    cache = BankCache(tmp_path / "cache")
    cache.MAX_ENTRIES = 3
    seen: set[Path] = set()
    for i in range(5):
        path = tmp_path / f"b{i}.yaml"
        path.write_text(GOOD.replace("id: good\n", f"id: good{i}\n"), encoding="utf-8")
        load_bank_file(path, cache=cache)
        (new,) = set((tmp_path / "cache").glob("*.json")) - seen
        os.utime(new, ns=(i * 10**9, i * 10**9))  # file times are coarse: make the order explicit
        seen.add(new)
    assert len(list((tmp_path / "cache").glob("*.json"))) == 3
    assert load_bank_file(tmp_path / "b4.yaml", cache=cache).from_cache
    assert not load_bank_file(tmp_path / "b0.yaml", cache=cache).from_cache


def test_a_file_named_twice_loads_once(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text(GOOD, encoding="utf-8")
    report = validate_paths([tmp_path, tmp_path / "good.yaml"])
    assert len(report.banks) == 1 and report.all_problems() == []
