"""What the dashboard shows, as plain data: computed from the engine, saved as a snapshot.

The desktop app saves the snapshot each time the dashboard is refreshed. On the next start it
shows the dashboard from that snapshot at once, while the database and the banks load in the
background; the live figures replace it as soon as they are ready. This module imports nothing
heavy (no SQLAlchemy, no pydantic) so that the first window appears quickly.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from studyapp.engine import StudyEngine

SNAPSHOT_NAME = "dashboard-snapshot.json"
SNAPSHOT_VERSION = 1


@dataclass(frozen=True)
class DomainLine:
    code: str
    name: str
    weight: int
    percent: int  # predicted share right on new questions
    rating: str


@dataclass(frozen=True)
class PlanLine:
    date: dt.date
    kind: str
    questions: int
    topics: tuple[str, ...]


@dataclass(frozen=True)
class HeatTask:
    code: str
    name: str
    mastery: float
    seen: bool


@dataclass(frozen=True)
class HeatDomain:
    name: str
    tasks: tuple[HeatTask, ...]


@dataclass(frozen=True)
class DashboardData:
    exam: str
    outline: str
    as_of: dt.date
    exam_date: dt.date | None
    enough_evidence: bool
    predicted_score: float | None
    interval: tuple[float, float] | None
    pass_probability: float | None
    pass_mark: float | None
    readiness_message: str
    done_today: int
    daily_goal: int
    domains: tuple[DomainLine, ...]
    plan_message: str
    plan: tuple[PlanLine, ...]
    heat: tuple[HeatDomain, ...]
    history: tuple[tuple[dt.date, int], ...]

    @property
    def days_left(self) -> int | None:
        return None if self.exam_date is None else (self.exam_date - self.as_of).days

    def on(self, today: dt.date) -> DashboardData:
        """The snapshot seen on ``today``: a later day starts with nothing answered yet."""
        if today == self.as_of:
            return self
        history = tuple((d, n) for d, n in self.history if d < today)
        missing = [
            self.as_of + dt.timedelta(days=k) for k in range(1, (today - self.as_of).days + 1)
        ]
        history = (history + tuple((d, 0) for d in missing))[-len(self.history) or None :]
        return replace(
            self,
            as_of=today,
            done_today=0,
            plan=tuple(p for p in self.plan if p.date >= today),
            history=history,
        )


def dashboard_data(engine: StudyEngine) -> DashboardData:
    """Everything the dashboard shows, from the engine's current state."""
    r = engine.readiness()
    mastery = engine.task_mastery()
    ratings = {d.code: d.rating for d in r.domains} if r.enough_evidence else {}
    domains = tuple(
        DomainLine(
            d.code,
            d.name,
            d.weight,
            round(100 * sum(mastery[t.code] for t in d.tasks) / len(d.tasks)),
            ratings.get(d.code, "rating after more practice"),
        )
        for d in engine.outline.domains
    )
    plan = engine.plan()
    seen = engine.practised_tasks()
    return DashboardData(
        exam=engine.exam,
        outline=engine.outline.id,
        as_of=engine.today(),
        exam_date=engine.exam_date,
        enough_evidence=r.enough_evidence,
        predicted_score=r.predicted_score,
        interval=r.interval,
        pass_probability=r.pass_probability,
        pass_mark=r.pass_mark,
        readiness_message=r.message,
        done_today=engine.answered_today(),
        daily_goal=engine.daily_goal,
        domains=domains,
        plan_message=plan.message,
        plan=tuple(
            PlanLine(day.date, day.kind, day.questions, tuple(day.topics)) for day in plan.days[:5]
        ),
        heat=tuple(
            HeatDomain(
                d.name,
                tuple(HeatTask(t.code, t.name, mastery[t.code], t.code in seen) for t in d.tasks),
            )
            for d in engine.outline.domains
        ),
        history=tuple(engine.daily_history(30)),
    )


# ---------------------------------------------------------------------------- snapshot file


def _encode(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def to_json(data: DashboardData) -> str:
    return json.dumps({"version": SNAPSHOT_VERSION, "data": _encode(asdict(data))})


def from_json(text: str) -> DashboardData | None:
    """The snapshot, or None when it is unreadable or from another version (never raises)."""
    try:
        doc = json.loads(text)
        if doc.get("version") != SNAPSHOT_VERSION:
            return None
        d = doc["data"]
        date = dt.date.fromisoformat
        return DashboardData(
            exam=str(d["exam"]),
            outline=str(d["outline"]),
            as_of=date(d["as_of"]),
            exam_date=None if d["exam_date"] is None else date(d["exam_date"]),
            enough_evidence=bool(d["enough_evidence"]),
            predicted_score=d["predicted_score"],
            interval=None if d["interval"] is None else (d["interval"][0], d["interval"][1]),
            pass_probability=d["pass_probability"],
            pass_mark=d["pass_mark"],
            readiness_message=str(d["readiness_message"]),
            done_today=int(d["done_today"]),
            daily_goal=int(d["daily_goal"]),
            domains=tuple(DomainLine(**x) for x in d["domains"]),
            plan_message=str(d["plan_message"]),
            plan=tuple(
                PlanLine(date(x["date"]), x["kind"], int(x["questions"]), tuple(x["topics"]))
                for x in d["plan"]
            ),
            heat=tuple(
                HeatDomain(h["name"], tuple(HeatTask(**t) for t in h["tasks"])) for h in d["heat"]
            ),
            history=tuple((date(x[0]), int(x[1])) for x in d["history"]),
        )
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        return None


def save_snapshot(data_dir: Path, data: DashboardData) -> None:
    """Write the snapshot atomically; a failure (read-only folder, full disk) is ignored: it is
    only a faster start, never the record of anything."""
    target = data_dir / SNAPSHOT_NAME
    tmp = target.with_suffix(".tmp")
    try:
        tmp.write_text(to_json(data), encoding="utf-8")
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def load_snapshot(data_dir: Path) -> DashboardData | None:
    try:
        text = (data_dir / SNAPSHOT_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return from_json(text)
