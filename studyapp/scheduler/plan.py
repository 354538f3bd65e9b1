"""The day-by-day plan from today to the exam date.

The plan is rebuilt from the learner's current state every time it is asked for, so falling
behind (days skipped) or studying ahead (tasks covered early) re-plans the remaining days at once.

Shape of a plan with an exam date:

* **Coverage** until two weeks before the exam: every task not yet covered gets its first
  ``COVER_MIN`` fresh questions, heaviest and weakest tasks first, spread over the days left.
* **Final two weeks**: weak-topic practice and reviews, with two full mock exams (10 and 4 days
  before the exam when there is room) and the day before the exam kept light.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

COVER_MIN = 5  # fresh questions that make a task "covered"
FINAL_WINDOW_DAYS = 14
MOCK_DAYS_BEFORE = (10, 4)
NO_DATE_HORIZON = 14


@dataclass(frozen=True)
class TaskStatus:
    code: str
    name: str
    weight: float  # share of the exam carried by this task, 0..1
    first_attempts: int
    expected_p: float  # P(right) on a fresh question now
    fresh_available: int  # unseen questions left in the banks


@dataclass(frozen=True)
class DayPlan:
    date: dt.date
    kind: str  # study | review | mock | rest | exam
    questions: int
    new_questions: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    days: tuple[DayPlan, ...]
    uncovered_tasks: int
    message: str


def build_plan(
    *,
    today: dt.date,
    exam_date: dt.date | None,
    daily_goal: int,
    tasks: Sequence[TaskStatus],
    mock_questions: int,
    mocks_done_in_window: int = 0,
    done_today: int = 0,
) -> Plan:
    daily_goal = max(1, daily_goal)
    need: dict[str, int] = {
        t.code: min(max(0, COVER_MIN - t.first_attempts), t.fresh_available) for t in tasks
    }
    order = sorted(
        (t for t in tasks if need[t.code] > 0),
        key=lambda t: (-t.weight * (1.0 - t.expected_p), t.code),
    )
    weakest = sorted(tasks, key=lambda t: (t.expected_p, -t.weight, t.code))
    names: Mapping[str, str] = {t.code: t.name for t in tasks}
    uncovered = len(order)

    if exam_date is None:
        days = _coverage_days(
            [today + dt.timedelta(days=i) for i in range(NO_DATE_HORIZON)],
            order,
            need,
            names,
            weakest,
            daily_goal,
            done_today,
            today,
        )
        return Plan(
            tuple(days),
            uncovered,
            "No exam date set: showing the next two weeks. Set an exam date for a full plan."
            + _missing_note(tasks),
        )
    if exam_date < today:
        return Plan((), uncovered, "The exam date has passed. Set your next exam date.")
    if exam_date == today:
        return Plan(
            (DayPlan(today, "exam", 0, 0, ()),), uncovered, "Exam day: no study planned. Good luck!"
        )

    all_days = [today + dt.timedelta(days=i) for i in range((exam_date - today).days)]
    mock_dates = _mock_dates(all_days, exam_date, max(0, 2 - mocks_done_in_window))
    final_start = exam_date - dt.timedelta(days=FINAL_WINDOW_DAYS)
    coverage = [d for d in all_days if d < final_start and d not in mock_dates]
    if not coverage:
        # Less than two weeks left: cover in every non-mock day but the last.
        coverage = [d for d in all_days[:-1] if d not in mock_dates] or all_days[:1]
    planned = {
        p.date: p
        for p in _coverage_days(
            coverage, order, need, names, weakest, daily_goal, done_today, today
        )
    }
    plan_days: list[DayPlan] = []
    for d in all_days:
        if d in mock_dates:
            plan_days.append(DayPlan(d, "mock", mock_questions, 0, ("Full mock exam",)))
        elif d in planned:
            plan_days.append(planned[d])
        elif d == exam_date - dt.timedelta(days=1) and len(all_days) > 2:
            plan_days.append(DayPlan(d, "rest", min(10, daily_goal), 0, ("Light review",)))
        else:
            topics = tuple(names[t.code] for t in weakest[:3])
            plan_days.append(DayPlan(d, "review", daily_goal, 0, topics))
    left = (exam_date - today).days
    message = (
        f"{left} days to the exam; {uncovered} of {len(tasks)} tasks still to cover"
        if uncovered
        else f"{left} days to the exam; every task covered"
    )
    return Plan(tuple(plan_days), uncovered, message + _missing_note(tasks))


def _missing_note(tasks: Sequence[TaskStatus]) -> str:
    """Tasks the banks cannot cover at all are named, not silently counted as covered."""
    empty = [t for t in tasks if t.fresh_available == 0 and t.first_attempts == 0]
    if not empty:
        return ""
    return f" ({len(empty)} task{'s' if len(empty) != 1 else ''} have no questions in your banks)"


def _mock_dates(days: Sequence[dt.date], exam_date: dt.date, count: int) -> set[dt.date]:
    if count <= 0 or len(days) < 2:
        return set()
    wanted = [exam_date - dt.timedelta(days=n) for n in MOCK_DAYS_BEFORE][-count:]
    chosen = {d for d in wanted if d in set(days[:-1])}
    # Too close to the exam for the usual days: use the earliest free days instead.
    for d in days[:-1]:
        if len(chosen) >= count:
            break
        chosen.add(d)
    return chosen


def _coverage_days(
    days: Sequence[dt.date],
    order: Sequence[TaskStatus],
    need: Mapping[str, int],
    names: Mapping[str, str],
    weakest: Sequence[TaskStatus],
    daily_goal: int,
    done_today: int,
    today: dt.date,
) -> list[DayPlan]:
    queue: list[tuple[str, int]] = [(t.code, need[t.code]) for t in order]
    total_new = sum(n for _, n in queue)
    per_day = math.ceil(total_new / len(days)) if days else 0
    out: list[DayPlan] = []
    for d in days:
        quota = per_day
        topics: list[str] = []
        new = 0
        while quota > 0 and queue:
            code, n = queue[0]
            take = min(n, quota)
            topics.append(names[code])
            new += take
            quota -= take
            if take == n:
                queue.pop(0)
            else:
                queue[0] = (code, n - take)
        if not topics:
            topics = [names[t.code] for t in weakest[:3]]
        goal = max(daily_goal, new)
        if d == today:
            goal = max(0, goal - done_today)
        out.append(DayPlan(d, "study", goal, new, tuple(topics)))
    return out
