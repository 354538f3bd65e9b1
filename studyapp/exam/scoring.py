"""Scoring a finished mock exam the way PMI reports a result: overall, per domain, per task.

Pretest questions are never scored. PMI publishes no passing score and no rating thresholds: the
pass mark and the four rating bands come from the outline's ``estimates`` and the report says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from studyapp.banks import model as m
from studyapp.exam.mock import MockState
from studyapp.outlines import Outline
from studyapp.scheduler.grading import ResponseError, grade
from studyapp.scheduler.readiness import rating_for


@dataclass(frozen=True)
class ItemResult:
    index: int
    question_id: str
    task: str
    domain: str
    pretest: bool
    answered: bool
    correct: bool
    score: float
    time_s: float
    flagged: bool


@dataclass(frozen=True)
class AreaResult:
    code: str
    name: str
    correct: int
    total: int
    weight: int = 0  # domains only, percent of the exam
    rating: str = ""  # domains only

    @property
    def percent(self) -> float:
        return 100.0 * self.correct / self.total if self.total else 0.0


@dataclass(frozen=True)
class MockResult:
    percent: float
    correct: int
    scored: int
    answered: int
    estimated_pass: bool
    pass_mark: float
    thresholds: Mapping[str, float]
    domains: tuple[AreaResult, ...]
    tasks: tuple[AreaResult, ...]
    time_used_s: float
    seconds_per_question: float
    exam_pace_s: float  # the real exam's average time per question
    items: tuple[ItemResult, ...]

    @property
    def note(self) -> str:
        return (
            f"Pass/fail and ratings are estimates: PMI publishes no passing score. This report "
            f"uses a pass mark of {self.pass_mark:.0f} % and rates a domain Above Target from "
            f"{self.thresholds['above_target']:.0f} %, Target from "
            f"{self.thresholds['target']:.0f} %, Below Target from "
            f"{self.thresholds['below_target']:.0f} %, and Needs Improvement below that."
        )


def score_mock(
    state: MockState,
    questions: Mapping[str, tuple[m.Question, str, str]],
    outline: Outline,
) -> MockResult:
    """``questions``: id → (question, task code, domain code) for every question of the mock."""
    items: list[ItemResult] = []
    for i, item in enumerate(state.items):
        q, task, domain = questions[item.question_id]
        ok, score = False, 0.0
        if item.response is not None:
            try:
                g = grade(q, item.response)
                ok, score = g.correct, g.score
            except ResponseError:
                ok, score = False, 0.0
        items.append(
            ItemResult(
                i,
                item.question_id,
                task,
                domain,
                item.pretest,
                item.response is not None,
                ok,
                score,
                item.time_s,
                item.flagged,
            )
        )
    scored = [r for r in items if not r.pretest]
    correct = sum(1 for r in scored if r.correct)
    est = outline.exam_format.estimates
    thresholds = est.thresholds()
    domains = []
    for d in outline.domains:
        in_d = [r for r in scored if r.domain == d.code]
        right = sum(1 for r in in_d if r.correct)
        pct = 100.0 * right / len(in_d) if in_d else 0.0
        domains.append(
            AreaResult(d.code, d.name, right, len(in_d), d.weight, rating_for(pct, thresholds))
        )
    tasks = []
    for d in outline.domains:
        for t in d.tasks:
            in_t = [r for r in scored if r.task == t.code]
            if in_t:
                tasks.append(
                    AreaResult(t.code, t.name, sum(1 for r in in_t if r.correct), len(in_t))
                )
    percent = 100.0 * correct / len(scored) if scored else 0.0
    fmt = outline.exam_format
    answered = sum(1 for r in items if r.answered)
    return MockResult(
        percent=percent,
        correct=correct,
        scored=len(scored),
        answered=answered,
        estimated_pass=percent >= est.pass_mark,
        pass_mark=est.pass_mark,
        thresholds=thresholds,
        domains=tuple(domains),
        tasks=tuple(tasks),
        time_used_s=state.time_used_s,
        seconds_per_question=state.time_used_s / len(items) if items else 0.0,
        exam_pace_s=fmt.minutes * 60 / fmt.questions,
        items=tuple(items),
    )
