"""Practice chosen by the learner, and the list of mistakes to retry (headless).

    flt = PracticeFilter(domains={"PEO"}, types={"single"}, only_wrong=True, count=10)
    picks = practice_picks(engine, flt, seed=42)     # → StudyView.start_with(picks)
    for mistake in mistakes(engine):                 # newest first
        ...
    picks = mistake_picks(engine, [m.question.id for m in mistakes(engine)])

The history is read through :func:`studyapp.storage.repo.answers_for`; nothing here writes.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any, get_args

from studyapp.banks import model as m
from studyapp.engine import QuestionView, SessionPick, StudyEngine
from studyapp.outlines import Outline
from studyapp.storage.repo import answers_for

__all__ = [
    "APPROACHES",
    "DIFFICULTIES",
    "QUESTION_TYPES",
    "Mistake",
    "PracticeFilter",
    "QuestionHistory",
    "describe",
    "matching_questions",
    "mistake_picks",
    "mistakes",
    "one_per_family",
    "practice_picks",
    "question_history",
]

#: Every question type, in the order screens list them.
QUESTION_TYPES: tuple[str, ...] = (
    "single",
    "multiple",
    "matching",
    "numeric",
    "hotspot",
    "ordering",
)
#: Every difficulty a bank may give (1 easier … 3 harder).
DIFFICULTIES: tuple[int, ...] = (1, 2, 3)
#: Every delivery approach a bank may give.
APPROACHES: tuple[str, ...] = tuple(str(a) for a in get_args(m.Approach))


@dataclass
class PracticeFilter:
    """Which questions to practise. A set left ``None`` or empty means "all"; filters combine
    with AND across fields and OR within one field.

    ``domains`` and ``tasks`` match a question through *any* of the tasks it tests (its first
    task is the one screens show). ``only_wrong`` keeps the questions whose latest answer was
    wrong; ``only_flagged`` the questions the learner flagged. ``count`` caps the session.
    """

    domains: AbstractSet[str] | None = None
    tasks: AbstractSet[str] | None = None
    types: AbstractSet[str] | None = None
    difficulties: AbstractSet[int] | None = None
    approaches: AbstractSet[str] | None = None
    only_wrong: bool = False
    only_flagged: bool = False
    count: int = 20


@dataclass(frozen=True)
class QuestionHistory:
    """One question's answers, folded: what practice filters and the mistakes list need."""

    attempts: int
    last_seen: dt.datetime
    last_correct: bool
    last_response: Any
    last_answer_id: int
    times_wrong: int
    last_wrong: dt.datetime | None


@dataclass(frozen=True)
class Mistake:
    """A question whose latest answer was wrong."""

    question: QuestionView
    times_wrong: int
    last_wrong: dt.datetime
    last_response: Any


def question_history(engine: StudyEngine) -> dict[str, QuestionHistory]:
    """Every answered question id → its folded history (questions no longer loaded included)."""
    out: dict[str, QuestionHistory] = {}
    for a in answers_for(engine.db):  # oldest first
        before = out.get(a.question_id)
        attempts = before.attempts if before else 0
        times_wrong = before.times_wrong if before else 0
        last_wrong = before.last_wrong if before else None
        if not a.correct:
            times_wrong += 1
            last_wrong = a.answered_at
        out[a.question_id] = QuestionHistory(
            attempts=attempts + 1,
            last_seen=a.answered_at,
            last_correct=a.correct,
            last_response=a.response,
            last_answer_id=a.id,
            times_wrong=times_wrong,
            last_wrong=last_wrong,
        )
    return out


def _domains_of(q: QuestionView, task_domain: dict[str, str]) -> set[str]:
    codes = {task_domain[t] for t in q.tasks if t in task_domain}
    if q.domain:
        codes.add(q.domain)
    return codes


def matching_questions(
    engine: StudyEngine,
    flt: PracticeFilter,
    *,
    history: dict[str, QuestionHistory] | None = None,
    flagged: AbstractSet[str] | None = None,
) -> list[QuestionView]:
    """Every loaded question the filter keeps (no count limit), in bank order.

    ``history`` and ``flagged`` may be passed in (screens cache them to count as the learner
    ticks boxes); by default they are read from the database.
    """
    if flt.only_wrong and history is None:
        history = question_history(engine)
    if flt.only_flagged and flagged is None:
        flagged = engine.flagged()
    task_domain = {t.code: d.code for d in engine.outline.domains for t in d.tasks}
    out: list[QuestionView] = []
    for q in engine.questions():
        if flt.domains and not _domains_of(q, task_domain) & flt.domains:
            continue
        if flt.tasks and not set(q.tasks) & flt.tasks:
            continue
        if flt.types and q.type not in flt.types:
            continue
        if flt.difficulties and q.difficulty not in flt.difficulties:
            continue
        if flt.approaches and q.approach not in flt.approaches:
            continue
        if flt.only_wrong:
            assert history is not None
            seen = history.get(q.id)
            if seen is None or seen.last_correct:
                continue
        if flt.only_flagged:
            assert flagged is not None
            if q.id not in flagged:
                continue
        out.append(q)
    return out


def _names(values: Iterable[str], limit: int, noun: str) -> str:
    items = list(values)
    if len(items) <= limit:
        return ", ".join(items)
    return f"{len(items)} {noun}"


def describe(flt: PracticeFilter, outline: Outline) -> str:
    """A short description of the filter for people, e.g. "People; agile; wrong last time"."""
    parts: list[str] = []
    if flt.domains:
        names = {d.code: d.name for d in outline.domains}
        parts.append(_names(sorted(names.get(c, c) for c in flt.domains), 2, "domains"))
    if flt.tasks:
        tasks = sorted(flt.tasks)
        parts.append(f"{len(tasks)} tasks" if len(tasks) > 2 else "task " + ", ".join(tasks))
    if flt.types:
        order = {t: i for i, t in enumerate(QUESTION_TYPES)}
        ordered = sorted(flt.types, key=lambda t: (order.get(t, len(order)), t))
        parts.append(_names(ordered, 3, "question types"))
    if flt.difficulties:
        parts.append("difficulty " + ", ".join(str(d) for d in sorted(flt.difficulties)))
    if flt.approaches:
        parts.append(_names(sorted(flt.approaches), 2, "approaches"))
    if flt.only_wrong:
        parts.append("wrong last time")
    if flt.only_flagged:
        parts.append("flagged")
    return "; ".join(parts) if parts else "all questions"


def one_per_family(questions: Sequence[QuestionView]) -> list[QuestionView]:
    """The questions with only the first instance of each formula family kept: instances of a
    family differ in their numbers, not in the skill they practise."""
    families: set[str] = set()
    kept = []
    for q in questions:
        if q.family is not None:
            if q.family in families:
                continue
            families.add(q.family)
        kept.append(q)
    return kept


def practice_picks(
    engine: StudyEngine,
    flt: PracticeFilter,
    seed: int,
    *,
    history: dict[str, QuestionHistory] | None = None,
    flagged: AbstractSet[str] | None = None,
) -> list[SessionPick]:
    """At most ``flt.count`` questions the filter keeps: never-answered ones first (in an order
    shuffled by ``seed``), then the least recently answered; one instance per formula family.
    The same seed and history give the same picks. Each pick's reason is
    ``"practice: <description of the filter>"``.
    """
    if flt.count < 1:
        raise ValueError("a practice session has at least one question")
    if history is None:
        history = question_history(engine)
    found = matching_questions(engine, flt, history=history, flagged=flagged)
    found.sort(key=lambda q: q.id)  # the seed alone decides the order, not the bank order
    random.Random(seed).shuffle(found)
    epoch = dt.datetime.min.replace(tzinfo=dt.UTC)

    def priority(q: QuestionView) -> tuple[int, dt.datetime]:
        seen = history.get(q.id)
        return (0, epoch) if seen is None else (1, seen.last_seen)

    found.sort(key=priority)  # stable: ties keep the shuffled order
    kept = one_per_family(found)
    reason = f"practice: {describe(flt, engine.outline)}"
    return [SessionPick(q, reason) for q in kept[: flt.count]]


def mistakes(
    engine: StudyEngine, *, history: dict[str, QuestionHistory] | None = None
) -> list[Mistake]:
    """Every loaded question whose latest answer was wrong, the newest mistake first."""
    if history is None:
        history = question_history(engine)
    found: list[tuple[dt.datetime, int, Mistake]] = []
    for q in engine.questions():
        h = history.get(q.id)
        if h is None or h.last_correct or h.last_wrong is None:
            continue
        found.append(
            (
                h.last_wrong,
                h.last_answer_id,
                Mistake(q, h.times_wrong, h.last_wrong, h.last_response),
            )
        )
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [item[2] for item in found]


def mistake_picks(engine: StudyEngine, ids: Sequence[str]) -> list[SessionPick]:
    """A session over the listed questions, in the order given (repeats dropped).

    Unknown ids raise :class:`~studyapp.engine.UnknownQuestionError`.
    """
    history = question_history(engine)
    picks: list[SessionPick] = []
    seen: set[str] = set()
    for qid in ids:
        if qid in seen:
            continue
        seen.add(qid)
        q = engine.question(qid)
        h = history.get(qid)
        if h is not None and h.times_wrong:
            times = "once" if h.times_wrong == 1 else f"{h.times_wrong} times"
            reason = f"retry: answered wrong {times}"
        else:
            reason = "retry: a past mistake"
        picks.append(SessionPick(q, reason))
    return picks
