from __future__ import annotations

import pytest

from studyapp.banks import model as m
from studyapp.engine import StudyEngine
from studyapp.scheduler.grading import ResponseError, correct_response, grade, guess_rate


def _q(data: dict[str, object]) -> m.Question:
    base = {
        "id": "q",
        "stem": "S",
        "explanation": "E",
        "tasks": ["PMP26.PEO.1"],
        "approach": "any",
        "difficulty": 2,
    }
    from pydantic import TypeAdapter

    return TypeAdapter(m.Question).validate_python({**base, **data})


def _opts(*ids: str) -> list[dict[str, str]]:
    return [{"id": i, "text": f"T{i}", "rationale": "R"} for i in ids]


def test_multiple_partial_credit_and_penalty() -> None:
    q = _q(
        {
            "type": "multiple",
            "choose": 2,
            "options": _opts("a", "b", "c", "d"),
            "answer": ["a", "b"],
        }
    )
    assert grade(q, ["a", "b"]).correct
    assert grade(q, ["a", "c"]).score == 0.0  # one right, one wrong
    assert grade(q, ["a"]).score == 0.5
    assert not grade(q, ["a"]).correct
    with pytest.raises(ResponseError):
        grade(q, "a")
    with pytest.raises(ResponseError):
        grade(q, ["a", "zz"])


def test_ordering_scores_pairs_in_order() -> None:
    q = _q({"type": "ordering", "options": _opts("a", "b", "c"), "answer": ["a", "b", "c"]})
    assert grade(q, ["a", "b", "c"]).correct
    assert grade(q, ["b", "a", "c"]).score == pytest.approx(2 / 3)
    assert grade(q, ["c", "b", "a"]).score == 0.0
    with pytest.raises(ResponseError):
        grade(q, ["a", "b"])


def test_matching_numeric_hotspot() -> None:
    q = _q(
        {
            "type": "matching",
            "prompts": [{"id": "p1", "text": "P1"}, {"id": "p2", "text": "P2"}],
            "options": _opts("x", "y", "z"),
            "answer": {"p1": "x", "p2": "y"},
        }
    )
    assert grade(q, {"p1": "x", "p2": "y"}).correct
    assert grade(q, {"p1": "x", "p2": "z"}).score == 0.5
    with pytest.raises(ResponseError):
        grade(q, {"p9": "x"})
    n = _q({"type": "numeric", "answer": {"value": 1.25, "tolerance": 0.01}})
    assert grade(n, 1.26).correct and not grade(n, 1.27).correct
    assert grade(n, "1.255").correct
    for bad in ("abc", True, float("nan"), None):
        with pytest.raises(ResponseError):
            grade(n, bad)
    h = _q(
        {
            "type": "hotspot",
            "image": "i.svg",
            "image_size": [100, 100],
            "options": [
                {
                    "id": "a",
                    "text": "A",
                    "rationale": "R",
                    "region": {"shape": "rect", "x": 0, "y": 0, "width": 10, "height": 10},
                },
                {
                    "id": "b",
                    "text": "B",
                    "rationale": "R",
                    "region": {
                        "shape": "polygon",
                        "points": [[50, 50], [90, 50], [90, 90], [70, 60], [50, 90]],
                    },
                },
            ],
            "answer": "b",
        }
    )
    assert grade(h, correct_response(h)).correct  # a concave polygon: centre chosen inside
    assert not grade(h, (5, 5)).correct
    with pytest.raises(ResponseError):
        grade(h, (1, 2, 3))


def test_guess_rates() -> None:
    single = _q({"type": "single", "options": _opts("a", "b", "c", "d"), "answer": "a"})
    multi = _q(
        {
            "type": "multiple",
            "choose": 2,
            "options": _opts("a", "b", "c", "d", "e"),
            "answer": ["a", "b"],
        }
    )
    assert guess_rate(single) == 0.25
    assert guess_rate(multi) == pytest.approx(0.1)
    assert guess_rate(_q({"type": "numeric", "answer": {"value": 3}})) == 0.0


def test_every_builtin_question_grades_its_correct_response(tmp_path: object) -> None:
    for exam in ("PMP", "CAPM"):
        with StudyEngine.open(f"{tmp_path}/{exam}", exam=exam) as engine:
            qs = engine.questions()
            assert qs
            for q in qs:
                assert grade(q.model, q.correct_response()).correct, q.id
