from __future__ import annotations

import pytest

from studyapp.outlines import current_outline, load_outlines


def test_three_outlines_are_shipped() -> None:
    assert set(load_outlines()) == {"PMP2026", "PMP2021", "CAPM2023"}


@pytest.mark.parametrize(
    ("outline_id", "weights", "tasks_per_domain"),
    [
        ("PMP2026", [33, 41, 26], [8, 10, 8]),
        ("PMP2021", [42, 50, 8], [14, 17, 4]),
        ("CAPM2023", [36, 17, 20, 27], [5, 3, 5, 6]),
    ],
)
def test_outline_weights_and_tasks(
    outline_id: str, weights: list[int], tasks_per_domain: list[int]
) -> None:
    outline = load_outlines()[outline_id]
    assert [d.weight for d in outline.domains] == weights
    assert [len(d.tasks) for d in outline.domains] == tasks_per_domain
    assert outline.source.strip()
    assert outline.as_of.year >= 2026


@pytest.mark.parametrize(
    ("outline_id", "questions", "scored", "minutes", "breaks"),
    [
        ("PMP2026", 180, 170, 240, [60, 120]),
        ("PMP2021", 180, 175, 230, [60, 120]),
        ("CAPM2023", 150, 135, 180, [75]),
    ],
)
def test_exam_formats(
    outline_id: str, questions: int, scored: int, minutes: int, breaks: list[int]
) -> None:
    fmt = load_outlines()[outline_id].exam_format
    assert (fmt.questions, fmt.scored, fmt.minutes) == (questions, scored, minutes)
    assert [b.after_question for b in fmt.breaks] == breaks
    assert all(b.minutes == 10 and b.locks_previous for b in fmt.breaks)
    assert not fmt.passing_score_published


def test_task_codes_are_stable_and_findable() -> None:
    pmp = load_outlines()["PMP2026"]
    task = pmp.task("PMP26.BUS.5")
    assert task is not None and task.name == "Plan and manage risk"
    domain = pmp.domain_of("PMP26.PEO.1")
    assert domain is not None and domain.name == "People"
    assert pmp.task("PMP26.BUS.9") is None
    assert len(pmp.tasks()) == 26


def test_current_outline_is_the_newest() -> None:
    assert current_outline("PMP").id == "PMP2026"
    assert current_outline("CAPM").id == "CAPM2023"
