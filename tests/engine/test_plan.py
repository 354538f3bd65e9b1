from __future__ import annotations

import datetime as dt

from studyapp.scheduler.plan import COVER_MIN, FINAL_WINDOW_DAYS, DayPlan, TaskStatus, build_plan

TODAY = dt.date(2026, 11, 26)


def _tasks(n: int = 26, done: int = 0, fresh: int = 40) -> list[TaskStatus]:
    return [
        TaskStatus(f"T.X.{i}", f"Task {i}", 1 / n, done, 0.5 + i / 100, fresh) for i in range(n)
    ]


def _covered_by(plan_days: tuple[DayPlan, ...], tasks: list[TaskStatus]) -> dt.date:
    names = {t.name for t in tasks}
    seen: set[str] = set()
    for day in plan_days:
        if day.kind == "study":
            seen |= set(day.topics) & names
        if seen == names:
            return day.date
    raise AssertionError("not every task is covered")


def test_every_task_covered_before_the_last_two_weeks_with_two_mocks() -> None:
    tasks = _tasks()
    exam = TODAY + dt.timedelta(days=60)
    plan = build_plan(today=TODAY, exam_date=exam, daily_goal=30, tasks=tasks, mock_questions=180)
    assert len(plan.days) == 60
    assert _covered_by(plan.days, tasks) < exam - dt.timedelta(days=FINAL_WINDOW_DAYS)
    mocks = [d for d in plan.days if d.kind == "mock"]
    assert len(mocks) >= 2 and all(d.questions == 180 for d in mocks)
    assert all(d.date >= exam - dt.timedelta(days=FINAL_WINDOW_DAYS) for d in mocks)
    assert sum(d.new_questions for d in plan.days) == 26 * COVER_MIN
    assert all(d.questions >= 30 for d in plan.days if d.kind in {"study", "review"})


def test_falling_behind_replans_with_more_per_day() -> None:
    tasks = _tasks(fresh=40)
    exam = TODAY + dt.timedelta(days=30)
    on_time = build_plan(today=TODAY, exam_date=exam, daily_goal=5, tasks=tasks, mock_questions=180)
    # Ten days later, nothing studied: the same coverage must fit in fewer days.
    late = build_plan(
        today=TODAY + dt.timedelta(days=10),
        exam_date=exam,
        daily_goal=5,
        tasks=tasks,
        mock_questions=180,
    )
    first_on_time = max(d.new_questions for d in on_time.days)
    first_late = max(d.new_questions for d in late.days)
    assert first_late > first_on_time
    assert _covered_by(late.days, tasks) < exam


def test_studying_ahead_frees_the_plan() -> None:
    exam = TODAY + dt.timedelta(days=40)
    ahead = build_plan(
        today=TODAY, exam_date=exam, daily_goal=20, tasks=_tasks(done=COVER_MIN), mock_questions=180
    )
    assert ahead.uncovered_tasks == 0
    assert sum(d.new_questions for d in ahead.days) == 0
    assert "every task covered" in ahead.message


def test_short_runway_and_no_fresh_questions() -> None:
    tasks = _tasks(n=4, fresh=0)  # nothing left to cover with: no crash, no new questions
    plan = build_plan(
        today=TODAY,
        exam_date=TODAY + dt.timedelta(days=3),
        daily_goal=10,
        tasks=tasks,
        mock_questions=150,
    )
    assert len(plan.days) == 3
    assert sum(d.new_questions for d in plan.days) == 0
    assert sum(1 for d in plan.days if d.kind == "mock") == 2


def test_no_exam_date_shows_two_weeks() -> None:
    plan = build_plan(
        today=TODAY, exam_date=None, daily_goal=25, tasks=_tasks(), mock_questions=180
    )
    assert len(plan.days) == 14 and "No exam date" in plan.message
    assert plan.days[0].date == TODAY
