"""Rotating daily backups taken when the database is opened, and recovery from a damaged file.

The clock is injected (ManualClock): "a day" is the clock's, never the wall clock's.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.errors import CorruptDatabaseError
from studyapp.storage.backup import (
    DAMAGED_DIRNAME,
    check_database,
    list_backups,
    make_backup,
    newest_good_backup,
    restore_backup,
    take_daily_backup,
)
from studyapp.storage.db import BACKUP_DIRNAME, DB_FILENAME, open_database
from studyapp.storage.repo import answer_count


def _answers(db_path: Path) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM answer").fetchone()[0])
    finally:
        conn.close()


def _daily(data_dir: Path) -> list[str]:
    return sorted(b.path.name for b in list_backups(data_dir) if b.label == "daily")


def _reopen(data_dir: Path, clock: ManualClock, keep: int = 7) -> Path | None:
    db = open_database(data_dir, clock, daily_backups=keep)
    try:
        return db.daily_backup_path
    finally:
        db.close()


def _answer(engine: StudyEngine, n: int) -> None:
    for pick in engine.next_session(size=n, beyond_goal=True)[:n]:
        engine.record_answer(pick.question.id, pick.question.correct_response(), duration_s=20.0)


def test_a_new_database_takes_no_backup_and_the_next_open_takes_one(
    data_dir: Path, clock: ManualClock
) -> None:
    db = open_database(data_dir, clock)
    assert db.daily_backup_path is None  # nothing to keep yet
    db.close()
    assert list_backups(data_dir) == []
    taken = _reopen(data_dir, clock)
    assert taken is not None and taken.parent == data_dir / BACKUP_DIRNAME
    assert taken.name == "studyapp-20261126T090000Z-daily.sqlite3"
    assert check_database(taken) is None
    # no half-written copy is left beside it
    assert [p.name for p in (data_dir / BACKUP_DIRNAME).iterdir()] == [taken.name]


def test_never_twice_a_day(data_dir: Path, clock: ManualClock) -> None:
    open_database(data_dir, clock).close()
    assert _reopen(data_dir, clock) is not None
    for _ in range(5):  # reopened all day long: still one
        clock.advance(4 * 3600)  # up to 20 h later
        assert _reopen(data_dir, clock) is None
    assert len(_daily(data_dir)) == 1
    clock.advance(4 * 3600)  # 24 h after the first
    assert _reopen(data_dir, clock) is not None
    assert len(_daily(data_dir)) == 2


def test_rotation_keeps_the_newest_n_and_never_touches_other_backups(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 2)
    engine.close()
    # backups of other kinds, older than every daily one: never pruned
    before_migration = data_dir / BACKUP_DIRNAME / "studyapp-20200101T000000Z-before-0004.sqlite3"
    before_migration.parent.mkdir(parents=True)
    sqlite3.connect(data_dir / DB_FILENAME).backup(c := sqlite3.connect(before_migration))
    c.close()
    manual = make_backup(data_dir, clock, "manual")
    reset = make_backup(data_dir, clock, "before-reset")
    taken = []
    for day in range(12):
        clock.advance(86400 + 60)
        path = _reopen(data_dir, clock, keep=4)
        assert path is not None
        taken.append(path.name)
        assert len(_daily(data_dir)) == min(day + 1, 4)
    assert _daily(data_dir) == sorted(taken[-4:])  # the newest four
    assert before_migration.exists() and manual.exists() and reset.exists()
    # the default keeps seven
    for _ in range(9):
        clock.advance(86400)
        _reopen(data_dir, clock)
    assert len(_daily(data_dir)) == 7


def test_the_daily_backup_is_a_consistent_copy_of_the_live_database(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 3)
    clock.advance(86400)
    # taken while the engine is still open (WAL holds the answers)
    taken = take_daily_backup(data_dir, clock)
    assert taken is not None and _answers(taken) == 3
    assert take_daily_backup(data_dir, clock) is None  # already done today
    assert take_daily_backup(data_dir, clock, keep=0) is None  # turned off


def test_a_clock_set_far_back_does_not_stop_daily_backups(
    data_dir: Path, clock: ManualClock
) -> None:
    open_database(data_dir, clock).close()
    assert _reopen(data_dir, clock) is not None
    clock.advance(-3 * 86400)  # the newest backup is now "in the future"
    assert _reopen(data_dir, clock) is not None
    assert len(_daily(data_dir)) == 2


def test_no_backup_when_it_cannot_be_taken_and_the_database_still_opens(
    data_dir: Path, clock: ManualClock
) -> None:
    open_database(data_dir, clock).close()
    (data_dir / BACKUP_DIRNAME).write_text("a file where the folder should be")
    assert _reopen(data_dir, clock) is None  # opened all the same


@pytest.mark.parametrize("damage", ["truncated", "garbage", "scribbled", "empty-header"])
def test_damaged_database_at_start_is_detected_moved_aside_and_newest_good_backup_restored(
    engine: StudyEngine, data_dir: Path, clock: ManualClock, damage: str
) -> None:
    _answer(engine, 4)
    engine.close()
    clock.advance(86400)
    good = _reopen(data_dir, clock)  # yesterday's daily backup: 4 answers
    assert good is not None
    clock.advance(3600)
    newer_bad = make_backup(data_dir, clock, "manual")  # then damaged too: must be skipped
    newer_bad.write_bytes(newer_bad.read_bytes()[:5000])

    live = data_dir / DB_FILENAME
    for side in ("-wal", "-shm"):
        (data_dir / f"{DB_FILENAME}{side}").unlink(missing_ok=True)
    original = live.read_bytes()
    if damage == "truncated":
        damaged = original[: len(original) * 2 // 3]
    elif damage == "garbage":
        damaged = b"\x00garbage" * 4000
    elif damage == "empty-header":
        damaged = b"\x00" * 100 + original[100:]
    else:  # every page but the first scribbled over, header intact
        page = int.from_bytes(original[16:18], "big")
        buf = bytearray(original)
        for offset in range(page, len(buf), page):
            buf[offset : offset + 32] = b"\xde\xad\xbe\xef" * 8
        damaged = bytes(buf)
    live.write_bytes(damaged)

    with pytest.raises(CorruptDatabaseError):  # detected before anything is written to it
        StudyEngine.open(data_dir, exam="PMP", clock=clock, timezone=dt.UTC)
    assert live.read_bytes() == damaged
    assert len(_daily(data_dir)) == 1  # and it was not backed up over the good copies

    offered = newest_good_backup(data_dir)
    assert offered is not None and offered.path == good  # the damaged newer one is skipped
    moved = restore_backup(data_dir, offered.path, clock)
    assert moved is not None and moved.parent == data_dir / DAMAGED_DIRNAME
    assert moved.read_bytes() == damaged  # moved aside, never deleted
    reopened = StudyEngine.open(data_dir, exam="PMP", clock=clock, timezone=dt.UTC)
    try:
        assert answer_count(reopened.db) == 4
        _answer(reopened, 1)  # and studying goes on
        assert answer_count(reopened.db) == 5
    finally:
        reopened.close()
    assert good.exists()


def test_no_good_backup_is_none(data_dir: Path, clock: ManualClock) -> None:
    assert newest_good_backup(data_dir) is None
    folder = data_dir / BACKUP_DIRNAME
    folder.mkdir(parents=True)
    (folder / "studyapp-20261126T090000Z-daily.sqlite3").write_bytes(b"not a database")
    assert newest_good_backup(data_dir) is None
