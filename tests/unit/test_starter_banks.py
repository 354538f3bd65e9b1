"""The built-in starter banks exercise the whole format end to end."""

from __future__ import annotations

from collections import Counter

from studyapp.banks import model as m
from studyapp.banks import validate_paths
from studyapp.banks.model import QUESTION_TYPES
from studyapp.outlines import load_outlines
from studyapp.paths import builtin_banks_dir


def _banks() -> list[m.Bank]:
    report = validate_paths([builtin_banks_dir()])
    assert report.all_problems() == []
    return [b.bank for b in report.banks if b.bank is not None]


def test_starter_banks_cover_every_type_and_outline() -> None:
    banks = _banks()
    questions = [q for b in banks for q in b.questions]
    assert len(questions) >= 30
    assert {q.type for q in questions} == set(QUESTION_TYPES)
    assert {b.bank.outline for b in banks} == set(load_outlines())
    assert any(q.scenario for q in questions), "at least one case set"
    per_scenario = Counter(q.scenario for q in questions if q.scenario)
    assert all(n >= 2 for n in per_scenario.values())


def test_every_question_is_fully_explained() -> None:
    for bank in _banks():
        outline = load_outlines()[bank.bank.outline]
        for q in bank.questions:
            assert q.references, q.id
            assert len(q.explanation.split()) >= 8, q.id
            for code in q.tasks:
                assert outline.task(code) is not None, (q.id, code)
            for opt in getattr(q, "options", []):
                assert len(opt.rationale.split()) >= 4, (q.id, opt.id)


def test_each_pmp2026_domain_is_present() -> None:
    outline = load_outlines()["PMP2026"]
    domains = Counter(
        d.code
        for b in _banks()
        if b.bank.outline == "PMP2026"
        for q in b.questions
        if (d := outline.domain_of(q.tasks[0])) is not None
    )
    assert set(domains) == {"PEO", "PRO", "BUS"}
