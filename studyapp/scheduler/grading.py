"""Grading a response, and the response that is correct, for every question type.

Responses are plain data (what a GUI or a simulator produces):

=========  ======================================================
single     an option id (``str``)
multiple   a list of option ids
ordering   a list of every option id, in order
matching   a dict prompt id → option id
numeric    a number (``int`` / ``float``; a numeric string is accepted)
hotspot    an ``(x, y)`` pair in image pixels
=========  ======================================================
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from studyapp.banks import model as m
from studyapp.banks.model import guess_rate
from studyapp.errors import StudyAppError

__all__ = [
    "Grade",
    "ResponseError",
    "correct_response",
    "grade",
    "guess_rate",
    "region_centre",
]


class ResponseError(StudyAppError):
    """A response that does not fit the question (wrong shape or unknown ids)."""


@dataclass(frozen=True)
class Grade:
    correct: bool
    score: float  # 0..1, partial credit where the type allows it


def correct_response(q: m.Question) -> Any:
    """A response that :func:`grade` marks fully correct."""
    if isinstance(q, m.SingleQuestion):
        return q.answer
    if isinstance(q, (m.MultipleQuestion, m.OrderingQuestion)):
        return list(q.answer)
    if isinstance(q, m.MatchingQuestion):
        return dict(q.answer)
    if isinstance(q, m.NumericQuestion):
        return q.answer.value
    region = next(o.region for o in q.options if o.id == q.answer)
    return region_centre(region)


def region_centre(region: m.Rect | m.Circle | m.Polygon) -> tuple[float, float]:
    if isinstance(region, m.Rect):
        return (region.x + region.width / 2, region.y + region.height / 2)
    if isinstance(region, m.Circle):
        return (region.cx, region.cy)
    xs = [p[0] for p in region.points]
    ys = [p[1] for p in region.points]
    centre = (sum(xs) / len(xs), sum(ys) / len(ys))
    if region.contains(*centre):
        return centre
    # A concave polygon whose centroid lies outside: use the middle of a diagonal that is inside.
    for (x1, y1), (x2, y2) in combinations(region.points, 2):
        mid = ((x1 + x2) / 2, (y1 + y2) / 2)
        if region.contains(*mid):
            return mid
    return region.points[0]


def _shown(value: Any) -> str:
    """``repr(value)`` cut to a readable length (and safe for ints too long to print)."""
    try:
        text = repr(value)
    except ValueError:  # an int beyond sys.get_int_max_str_digits()
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


def _option_ids(q: m.Question) -> set[str]:
    return {o.id for o in getattr(q, "options", [])}


def _ids(response: Any, q: m.Question, what: str) -> list[str]:
    if isinstance(response, (str, bytes)) or not isinstance(response, Sequence):
        raise ResponseError(f"question {q.id}: {what} expects a list of option ids")
    ids = list(response)
    unknown = [i for i in ids if not isinstance(i, str) or i not in _option_ids(q)]
    if unknown:
        raise ResponseError(f"question {q.id}: unknown option id(s) {_shown(unknown)}")
    return ids


def grade(q: m.Question, response: Any) -> Grade:
    """Grade ``response``. Raises :class:`ResponseError` for a response of the wrong shape."""
    if isinstance(q, m.SingleQuestion):
        if not isinstance(response, str) or response not in _option_ids(q):
            raise ResponseError(f"question {q.id}: expected one option id, got {_shown(response)}")
        ok = response == q.answer
        return Grade(ok, 1.0 if ok else 0.0)
    if isinstance(q, m.MultipleQuestion):
        chosen = set(_ids(response, q, "a multiple-response question"))
        right = set(q.answer)
        hits, wrong = len(chosen & right), len(chosen - right)
        return Grade(chosen == right, max(0.0, (hits - wrong) / len(right)))
    if isinstance(q, m.OrderingQuestion):
        order = _ids(response, q, "an ordering question")
        if sorted(order) != sorted(q.answer):
            raise ResponseError(f"question {q.id}: an ordering must list every option once")
        pos = {oid: i for i, oid in enumerate(order)}
        pairs = list(combinations(q.answer, 2))
        in_order = sum(1 for a, b in pairs if pos[a] < pos[b])
        return Grade(order == list(q.answer), in_order / len(pairs))
    if isinstance(q, m.MatchingQuestion):
        if not isinstance(response, Mapping):
            raise ResponseError(f"question {q.id}: matching expects a dict prompt id → option id")
        prompts = {p.id for p in q.prompts}
        options = _option_ids(q)
        bad = [
            k
            for k, v in response.items()
            if k not in prompts or not isinstance(v, str) or v not in options
        ]
        if bad:
            raise ResponseError(f"question {q.id}: unknown prompt or option in {_shown(bad)}")
        matched = sum(1 for k, v in q.answer.items() if response.get(k) == v)
        return Grade(matched == len(q.answer), matched / len(q.answer))
    if isinstance(q, m.NumericQuestion):
        value = _number(response, q)
        ok = abs(value - q.answer.value) <= q.answer.tolerance + 1e-9 * max(1.0, abs(value))
        return Grade(ok, 1.0 if ok else 0.0)
    # hotspot
    point = _point(response, q)
    right_region = next(o.region for o in q.options if o.id == q.answer)
    ok = right_region.contains(*point)
    return Grade(ok, 1.0 if ok else 0.0)


def _number(response: Any, q: m.Question) -> float:
    if isinstance(response, bool):
        raise ResponseError(f"question {q.id}: expected a number")
    if isinstance(response, (int, float)):
        try:
            value = float(response)
        except OverflowError:  # an int beyond the float range
            raise ResponseError(f"question {q.id}: {_shown(response)} is too large") from None
    elif isinstance(response, str):
        try:
            value = float(response.strip().replace(",", ""))
        except ValueError:
            raise ResponseError(f"question {q.id}: {_shown(response)} is not a number") from None
    else:
        raise ResponseError(f"question {q.id}: expected a number, got {_shown(response)}")
    if not math.isfinite(value):
        raise ResponseError(f"question {q.id}: {_shown(response)} is not a finite number")
    return value


def _point(response: Any, q: m.Question) -> tuple[float, float]:
    if (
        isinstance(response, Sequence)
        and not isinstance(response, (str, bytes))
        and len(response) == 2
        and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in response)
    ):
        try:
            point = (float(response[0]), float(response[1]))
        except OverflowError:  # an int beyond the float range
            point = (math.nan, math.nan)
        if all(math.isfinite(v) for v in point):
            return point
    raise ResponseError(
        f"question {q.id}: a hotspot expects an (x, y) pair, got {_shown(response)}"
    )
