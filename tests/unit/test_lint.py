"""The bank linter: each rule fires where it should, waivers silence it with a reason."""

from __future__ import annotations

from pathlib import Path

import yaml

from studyapp.banks.lint import lint_paths


def _q(i: int, answer: str = "a", **extra: object) -> dict[str, object]:
    q: dict[str, object] = {
        "id": f"q{i}",
        "type": "single",
        "stem": f"Scenario number {i} about topic{i} with detail{i} and context{i}. What next?",
        "options": [
            {
                "id": o,
                "text": f"Option {o} for {i}",
                "rationale": f"Because {o} fits case {i} here.",
            }
            for o in "abcd"
        ],
        "answer": answer,
        "explanation": "Explained.",
        "tasks": ["PMP26.PEO.1"],
        "approach": "agile",
        "difficulty": 2,
    }
    q.update(extra)
    return q


def _write(tmp: Path, questions: list[dict[str, object]], **header: object) -> Path:
    bank = {
        "format_version": 1,
        "bank": {"id": "lint", "title": "Lint", "exam": "PMP", "outline": "PMP2026", **header},
        "questions": questions,
    }
    path = tmp / "bank.yaml"
    path.write_text(yaml.safe_dump(bank, sort_keys=False), encoding="utf-8")
    return path


def _rules(path: Path) -> dict[str, list[str]]:
    errors, warnings = lint_paths([path])
    assert [e for e in errors if e.is_error] == []
    out: dict[str, list[str]] = {}
    for w in warnings:
        rule = w.message.split("]")[0].lstrip("[")
        out.setdefault(rule, []).append(w.message)
    return out


def test_every_rule_fires(tmp_path: Path) -> None:
    qs = [_q(i, answer="a") for i in range(40)]  # position A always right
    for q in qs[:20]:  # the right option is the longest in half of them
        q["options"][0]["text"] = "A much longer and more detailed right answer than the others"  # type: ignore[index]
    qs[1]["options"][3]["text"] = "All of the above"  # type: ignore[index]
    qs[2]["stem"] = "The team is stuck. Which action should the project manager not take?"
    qs[3]["options"][1]["rationale"] = "Incorrect."  # type: ignore[index]
    qs[5]["stem"] = qs[4]["stem"]  # a duplicate
    rules = _rules(_write(tmp_path, qs))
    assert set(rules) >= {
        "answer-position",
        "longest-option",
        "all-none-of-the-above",
        "negative-stem",
        "near-duplicate",
        "thin-rationale",
        "task-share",
    }
    assert any("position A holds the answer in 100%" in m for m in rules["answer-position"])
    assert len(rules["near-duplicate"]) == 1


def test_balanced_bank_is_clean_and_waivers_need_known_rules(tmp_path: Path) -> None:
    tasks = ["PMP26.PEO.1", "PMP26.PRO.1", "PMP26.BUS.1"]
    qs = [_q(i, answer="abcd"[i % 4], tasks=[tasks[i % 3]]) for i in range(40)]
    path = _write(tmp_path, qs, waive={"task-share": "a focused practice bank on three tasks"})
    assert _rules(path) == {}
    qs[2]["stem"] = "The team is stuck. Which action should the project manager not take?"
    qs[2]["waive"] = {"negative-stem": "kept to test reading care"}
    assert _rules(_write(tmp_path, qs, waive={"task-share": "focused bank"})) == {}
    qs[3]["waive"] = {"no-such-rule": "x"}
    errors, _ = lint_paths([_write(tmp_path, qs)])
    assert any("unknown lint rule 'no-such-rule'" in e.message for e in errors)


def test_shipped_banks_lint_clean() -> None:
    from studyapp.paths import builtin_banks_dir

    errors, warnings = lint_paths([builtin_banks_dir()])
    assert errors == [] and warnings == []
