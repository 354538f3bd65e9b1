"""Mock-exam rules: drawing questions, sections and breaks, time, locking and scoring.

Everything here is plain data plus an injected clock, so the rules are tested without a GUI and a
mock exam can be saved after every answer and resumed after a crash with the same question and
the same time left.

Time accounting: the exam clock runs only while a question section is open. The state stores the
seconds used up to its last save (``time_used_s``) and when that save happened
(``running_since``); a resumed exam continues from the saved figure, so a crash costs the learner
at most the seconds since the last save, never the time the app was closed.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from studyapp.errors import StudyAppError
from studyapp.outlines import ExamFormat, Outline

IN_PROGRESS = "in_progress"
ON_BREAK = "on_break"
DONE = "done"


class MockExamError(StudyAppError):
    """An action the exam's rules do not allow (a locked question, answering during a break)."""


@dataclass(frozen=True)
class ExamBreakRule:
    after_question: int  # 1-based: the break comes after this question
    minutes: int
    optional: bool


@dataclass(frozen=True)
class MockSpec:
    """The shape of one sitting: the real format or a proportional mini mock."""

    questions: int
    pretest: int
    minutes: float
    breaks: tuple[ExamBreakRule, ...]
    kind: str  # full | mini

    @property
    def scored(self) -> int:
        return self.questions - self.pretest

    def sections(self) -> list[tuple[int, int]]:
        """[start, end) index ranges of the sections between breaks."""
        bounds = [0, *(b.after_question for b in self.breaks), self.questions]
        return list(itertools.pairwise(bounds))


def full_spec(fmt: ExamFormat) -> MockSpec:
    return MockSpec(
        questions=fmt.questions,
        pretest=fmt.pretest,
        minutes=float(fmt.minutes),
        breaks=tuple(
            ExamBreakRule(b.after_question, b.minutes, b.optional)
            for b in fmt.breaks
            if b.locks_previous
        ),
        kind="full",
    )


def mini_spec(fmt: ExamFormat, questions: int) -> MockSpec:
    """A shorter mock with the exam's pace (minutes per question) and no breaks or pretest."""
    if not 5 <= questions < fmt.questions:
        raise ValueError(f"a mini mock has 5 to {fmt.questions - 1} questions")
    return MockSpec(
        questions=questions,
        pretest=0,
        minutes=round(fmt.minutes * questions / fmt.questions, 1),
        breaks=(),
        kind="mini",
    )


#: At most this share of a domain's mock questions are generated calculations (one per family):
#: the real exam asks few of them, and a mock should not turn into a formula drill.
FORMULA_SHARE = 0.06


@dataclass(frozen=True)
class DrawItem:
    id: str
    task: str
    domain: str
    scenario: str | None = None
    family: str | None = None  # a generator family: one instance per mock at most


def draw_questions(
    items: Sequence[DrawItem],
    outline: Outline,
    spec: MockSpec,
    rng: random.Random,
    avoid: frozenset[str] = frozenset(),
) -> list[tuple[str, bool]]:
    """Pick ``spec.questions`` question ids by domain weight; returns (id, is_pretest) pairs.

    Questions of the learner's previous mock (``avoid``) are used only when a domain runs out of
    others. Within a domain the picks rotate over its tasks. Questions that share a case scenario
    are kept next to each other.
    """
    if len(items) < spec.questions:
        raise MockExamError(
            f"the banks hold {len(items)} questions; this mock needs {spec.questions}"
        )
    weights = {d.code: d.weight for d in outline.domains}
    by_domain: dict[str, list[DrawItem]] = {d: [] for d in weights}
    for item in items:
        by_domain.setdefault(item.domain, []).append(item)
    quotas = _largest_remainder(spec.questions, weights, {d: len(v) for d, v in by_domain.items()})

    chosen: list[DrawItem] = []
    for domain, quota in quotas.items():
        pool = by_domain.get(domain, [])
        fresh = [i for i in pool if i.id not in avoid]
        stale = [i for i in pool if i.id in avoid]
        rng.shuffle(fresh)
        rng.shuffle(stale)
        families: set[str] = set()
        cap = math.ceil(quota * FORMULA_SHARE)
        one_each = []
        for item in fresh + stale:
            if item.family is not None:
                if item.family in families or len(families) >= cap:
                    continue
                families.add(item.family)
            one_each.append(item)
        chosen.extend(_rotate_tasks(one_each, quota))
    # Keep case sets together: order by scenario (first appearance), others shuffled between.
    rng.shuffle(chosen)
    order: list[DrawItem] = []
    placed: set[str] = set()
    for item in chosen:
        if item.id in placed:
            continue
        group = [i for i in chosen if i.scenario == item.scenario] if item.scenario else [item]
        for g in group:
            order.append(g)
            placed.add(g.id)
    pretest = set(rng.sample(range(len(order)), spec.pretest)) if spec.pretest else set()
    return [(item.id, i in pretest) for i, item in enumerate(order)]


def _largest_remainder(
    total: int, weights: Mapping[str, int], available: Mapping[str, int]
) -> dict[str, int]:
    """Split ``total`` by weight (largest remainder), moving any shortfall to other domains."""
    weight_sum = sum(weights.values())
    raw = {d: total * w / weight_sum for d, w in weights.items()}
    quotas = {d: math.floor(v) for d, v in raw.items()}
    for d in sorted(raw, key=lambda k: raw[k] - quotas[k], reverse=True)[
        : total - sum(quotas.values())
    ]:
        quotas[d] += 1
    short = 0
    for d in quotas:
        have = available.get(d, 0)
        if quotas[d] > have:
            short += quotas[d] - have
            quotas[d] = have
    for d in sorted(quotas, key=lambda k: available.get(k, 0) - quotas[k], reverse=True):
        extra = min(short, available.get(d, 0) - quotas[d])
        quotas[d] += extra
        short -= extra
    return quotas


def _rotate_tasks(pool: list[DrawItem], quota: int) -> list[DrawItem]:
    """Take ``quota`` items cycling over tasks, keeping each task's order (fresh ones first)."""
    by_task: dict[str, list[DrawItem]] = {}
    for item in pool:
        by_task.setdefault(item.task, []).append(item)
    queues = list(by_task.values())
    out: list[DrawItem] = []
    while len(out) < quota and queues:
        for q in list(queues):
            if len(out) >= quota:
                break
            out.append(q.pop(0))
            if not q:
                queues.remove(q)
    return out


@dataclass
class MockItem:
    question_id: str
    pretest: bool = False
    response: Any = None
    flagged: bool = False
    struck: list[str] = field(default_factory=list)
    answered_at: dt.datetime | None = None
    time_s: float = 0.0  # time spent with this question on screen

    @property
    def answered(self) -> bool:
        return self.response is not None


@dataclass
class MockState:
    """A mock exam in progress (or done). Mutated only through :class:`MockExam`."""

    spec: MockSpec
    items: list[MockItem]
    started_at: dt.datetime
    status: str = IN_PROGRESS
    position: int = 0
    time_used_s: float = 0.0
    running_since: dt.datetime | None = None
    section: int = 0
    breaks_taken: int = 0
    break_started: dt.datetime | None = None
    finished_at: dt.datetime | None = None


class MockExam:
    """The rules of a sitting, applied to a :class:`MockState` with an injected clock."""

    def __init__(self, state: MockState) -> None:
        self.state = state

    @classmethod
    def start(cls, spec: MockSpec, drawn: Sequence[tuple[str, bool]], now: dt.datetime) -> MockExam:
        items = [MockItem(qid, pretest) for qid, pretest in drawn]
        return cls(MockState(spec, items, started_at=now, running_since=now))

    # -- time ---------------------------------------------------------------
    def _sync(self, now: dt.datetime) -> None:
        """Move time used forward to ``now`` (a clock that jumped back adds nothing)."""
        s = self.state
        if s.status == IN_PROGRESS and s.running_since is not None:
            delta = max(0.0, (now - s.running_since).total_seconds())
            s.time_used_s += delta
            s.items[s.position].time_s += delta
            s.running_since = now

    def time_left_s(self, now: dt.datetime) -> float:
        self._sync(now)
        return max(0.0, self.state.spec.minutes * 60 - self.state.time_used_s)

    def resume(self, now: dt.datetime) -> None:
        """After a restart: the clock runs again from ``now`` with the saved time used."""
        s = self.state
        if s.status == IN_PROGRESS:
            s.running_since = now

    def expired(self, now: dt.datetime) -> bool:
        return self.state.status != DONE and self.time_left_s(now) <= 0

    # -- sections and navigation ------------------------------------------------
    def section_range(self) -> tuple[int, int]:
        return self.state.spec.sections()[self.state.section]

    def can_visit(self, index: int) -> bool:
        start, end = self.section_range()
        return start <= index < end

    def go(self, index: int, now: dt.datetime) -> None:
        self._require_running(now)
        if not self.can_visit(index):
            raise MockExamError(
                f"question {index + 1} is not in the open section (earlier sections are locked)"
            )
        self._sync(now)
        self.state.position = index

    def current(self) -> MockItem:
        return self.state.items[self.state.position]

    def answer(self, index: int, response: Any, now: dt.datetime) -> None:
        self._require_running(now)
        if not self.can_visit(index):
            raise MockExamError(f"question {index + 1} is locked")
        self._sync(now)
        item = self.state.items[index]
        item.response = response
        item.answered_at = now
        self.state.position = index

    def clear(self, index: int, now: dt.datetime) -> None:
        self.answer(index, None, now)

    def flag(self, index: int, flagged: bool, now: dt.datetime) -> None:
        self._require_running(now)
        if not self.can_visit(index):
            raise MockExamError(f"question {index + 1} is locked")
        self.state.items[index].flagged = flagged

    def strike(self, index: int, option_id: str, struck: bool, now: dt.datetime) -> None:
        self._require_running(now)
        item = self.state.items[index]
        if struck and option_id not in item.struck:
            item.struck.append(option_id)
        elif not struck and option_id in item.struck:
            item.struck.remove(option_id)

    def review(self, which: str = "all") -> list[int]:
        """Indices of the open section for the review screen: all, incomplete or flagged."""
        start, end = self.section_range()
        out = []
        for i in range(start, end):
            item = self.state.items[i]
            if which == "incomplete" and item.answered:
                continue
            if which == "flagged" and not item.flagged:
                continue
            out.append(i)
        return out

    def next_break(self) -> ExamBreakRule | None:
        """The break at the end of the open section, if any."""
        s = self.state
        return s.spec.breaks[s.section] if s.section < len(s.spec.breaks) else None

    def end_section(self, now: dt.datetime, *, take_break: bool) -> None:
        """Close the open section (its questions lock) and start the break or the next section."""
        self._require_running(now)
        rule = self.next_break()
        if rule is None:
            raise MockExamError("this is the last section: end the exam instead")
        self._sync(now)
        s = self.state
        s.section += 1
        s.position = self.section_range()[0]
        if take_break:
            s.status = ON_BREAK
            s.break_started = now
            s.running_since = None
            s.breaks_taken += 1
        else:
            s.running_since = now

    def break_left_s(self, now: dt.datetime) -> float:
        s = self.state
        if s.status != ON_BREAK or s.break_started is None:
            return 0.0
        rule = s.spec.breaks[s.section - 1]
        used = max(0.0, (now - s.break_started).total_seconds())
        return max(0.0, rule.minutes * 60 - used)

    def end_break(self, now: dt.datetime) -> None:
        """Back to the questions: at the learner's request or when the break time is over.

        A break that ran over (the app was closed during it) is charged to the exam clock, as at a
        test centre.
        """
        s = self.state
        if s.status != ON_BREAK or s.break_started is None:
            raise MockExamError("no break is running")
        rule = s.spec.breaks[s.section - 1]
        overrun = (now - s.break_started).total_seconds() - rule.minutes * 60
        s.time_used_s += max(0.0, overrun)
        s.status = IN_PROGRESS
        s.break_started = None
        s.running_since = now

    def finish(self, now: dt.datetime) -> None:
        """End the exam (the learner confirmed, or the time ran out)."""
        s = self.state
        if s.status == DONE:
            return
        if s.status == ON_BREAK:
            self.end_break(now)
        self._sync(now)
        s.time_used_s = min(s.time_used_s, s.spec.minutes * 60)
        s.status = DONE
        s.running_since = None
        s.finished_at = now

    def _require_running(self, now: dt.datetime) -> None:
        s = self.state
        if s.status == DONE:
            raise MockExamError("the exam has ended")
        if s.status == ON_BREAK:
            raise MockExamError("the exam is on a break")
        if self.expired(now):
            raise MockExamError("time is up")

    def snapshot(self) -> MockState:
        return replace(
            self.state, items=[replace(i, struck=list(i.struck)) for i in self.state.items]
        )
