"""The dashboard as plain data, and its snapshot for a quick start."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from studyapp.clock import ManualClock
from studyapp.dashboard import (
    SNAPSHOT_NAME,
    dashboard_data,
    from_json,
    load_snapshot,
    save_snapshot,
    to_json,
)
from studyapp.engine import StudyEngine


def _answer_some(engine: StudyEngine, clock: ManualClock, n: int) -> None:
    for i, pick in enumerate(engine.next_session(n)):
        q = pick.question
        wrong = i % 3 == 2 and q.type == "single"
        response = q.correct_response()
        if wrong:
            response = next(o.id for o in q.options if o.id != response)
        engine.record_answer(q.id, response, 40)
        clock.advance(60)


def test_data_matches_the_engine_and_survives_a_round_trip(
    engine: StudyEngine, clock: ManualClock, tmp_path: Path
) -> None:
    _answer_some(engine, clock, 12)
    data = dashboard_data(engine)
    assert data.exam == "PMP" and data.outline == engine.outline.id
    assert data.done_today == engine.answered_today() == 12
    assert data.days_left == engine.days_left()
    assert [d.code for d in data.domains] == [d.code for d in engine.outline.domains]
    assert sum(len(h.tasks) for h in data.heat) == 26
    assert sum(h.seen for d in data.heat for h in d.tasks) == len(engine.practised_tasks())
    assert data.history[-1] == (engine.today(), 12)
    assert from_json(to_json(data)) == data
    save_snapshot(tmp_path, data)
    assert load_snapshot(tmp_path) == data


def test_a_later_day_starts_from_nothing_answered(engine: StudyEngine, clock: ManualClock) -> None:
    _answer_some(engine, clock, 5)
    data = dashboard_data(engine)
    later = data.on(data.as_of + dt.timedelta(days=2))
    assert later.done_today == 0 and later.days_left == data.days_left - 2  # type: ignore[operator]
    assert len(later.history) == len(data.history)
    assert later.history[-1] == (data.as_of + dt.timedelta(days=2), 0)
    assert later.history[-3] == (data.as_of, 5)  # yesterday's work moves back, kept
    assert all(p.date >= later.as_of for p in later.plan)
    assert data.on(data.as_of) is data


def test_a_damaged_or_foreign_snapshot_is_ignored_and_saving_never_raises(
    tmp_path: Path, engine: StudyEngine
) -> None:
    for text in ("", "{", "[]", '{"version": 99, "data": {}}', '{"version": 1, "data": {"x": 1}}'):
        (tmp_path / SNAPSHOT_NAME).write_text(text, encoding="utf-8")
        assert load_snapshot(tmp_path) is None, text
    (tmp_path / SNAPSHOT_NAME).write_bytes(b"\xff\xfe\x00")
    assert load_snapshot(tmp_path) is None
    assert load_snapshot(tmp_path / "missing") is None
    save_snapshot(tmp_path / "no" / "such" / "folder", dashboard_data(engine))  # no exception
    assert not (tmp_path / "no").exists()
