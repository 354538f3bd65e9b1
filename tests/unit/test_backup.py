"""Backups: take, list, check, restore (moving the old file aside, never deleting it), reset."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.errors import CorruptDatabaseError, StorageError
from studyapp.storage.backup import (
    DAMAGED_DIRNAME,
    check_database,
    list_backups,
    make_backup,
    reset_progress,
    restore_backup,
)
from studyapp.storage.db import BACKUP_DIRNAME, DB_FILENAME, open_database
from studyapp.storage.repo import answer_count, get_setting, set_setting


def _answer(engine: StudyEngine, n: int) -> None:
    for pick in engine.next_session(size=n, beyond_goal=True)[:n]:
        engine.record_answer(pick.question.id, pick.question.correct_response(), duration_s=30.0)


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def _corrupt_pages(path: Path) -> None:
    """Scribble over the middle of a database, keeping its header (subtle damage)."""
    conn = sqlite3.connect(path)
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.close()
    size = path.stat().st_size
    with path.open("r+b") as f:
        for offset in range(page, size, page):  # every page header but the first page's
            f.seek(offset)
            f.write(b"\xde\xad\xbe\xef" * 8)


def test_no_backups_yet(data_dir: Path) -> None:
    assert list_backups(data_dir) == []


def test_make_backup_needs_a_database(data_dir: Path, clock: ManualClock) -> None:
    with pytest.raises(StorageError, match="no study database"):
        make_backup(data_dir, clock)
    assert not (data_dir / DB_FILENAME).exists()  # asking did not create an empty one


def test_make_backup_refuses_odd_labels(engine: StudyEngine, data_dir: Path) -> None:
    with pytest.raises(ValueError, match="label"):
        make_backup(data_dir, engine.db.clock, "../escape")


def test_backups_are_listed_newest_first(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    first = make_backup(data_dir, clock)
    os.utime(first, (1_700_000_000, 1_700_000_000))
    clock.advance(60)
    second = make_backup(data_dir, clock, "before-reset")
    infos = list_backups(data_dir)
    assert [i.path for i in infos] == [second, first]
    assert infos[0].label == "before-reset" and infos[1].label == "manual"
    assert infos[1].taken_at == dt.datetime.fromtimestamp(1_700_000_000, tz=dt.UTC)
    assert all(i.size > 0 and i.taken_at.tzinfo is not None for i in infos)
    # checking a backup leaves no -wal/-shm files behind to clutter the folder
    assert check_database(first) is None
    assert sorted(p.name for p in (data_dir / BACKUP_DIRNAME).iterdir()) == sorted(
        [first.name, second.name]
    )


def test_backup_then_restore_round_trip_keeps_answers(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 5)
    assert answer_count(engine.db) == 5
    backup = make_backup(data_dir, clock)  # taken while the engine is open (WAL, live)
    assert check_database(backup) is None
    assert _count(backup, "answer") == 5
    _answer(engine, 3)  # after the backup: these are what a restore gives up
    engine.close()

    clock.advance(3600)
    moved = restore_backup(data_dir, backup, clock)
    assert moved == data_dir / DAMAGED_DIRNAME / "studyapp-20261126T100000Z.sqlite3"
    assert _count(moved, "answer") == 8  # the replaced database is kept whole
    reopened = StudyEngine.open(data_dir, exam="PMP", clock=clock, timezone=dt.UTC)
    try:
        assert answer_count(reopened.db) == 5
        assert reopened.answered_today() == 5
        assert reopened.exam_date == dt.date(2027, 2, 15)
    finally:
        reopened.close()
    assert backup.exists()  # restoring copies; the backup stays available


def test_corrupt_database_is_detected_and_moved_aside_never_deleted(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 2)
    backup = make_backup(data_dir, clock)
    engine.close()
    live = data_dir / DB_FILENAME
    assert check_database(live) is None

    live.write_bytes(b"this is not a database at all " * 200)
    problem = check_database(live)
    assert problem is not None and "not an SQLite database" in problem
    with pytest.raises(CorruptDatabaseError):
        open_database(data_dir, clock)
    damaged_bytes = live.read_bytes()
    (data_dir / f"{DB_FILENAME}-wal").write_bytes(b"stray wal")

    moved = restore_backup(data_dir, backup, clock)
    assert moved is not None and moved.parent == data_dir / DAMAGED_DIRNAME
    assert moved.read_bytes() == damaged_bytes
    assert moved.with_name(moved.name + "-wal").read_bytes() == b"stray wal"
    assert not (data_dir / f"{DB_FILENAME}-wal").exists()
    assert check_database(live) is None
    db = open_database(data_dir, clock)
    try:
        assert answer_count(db) == 2
    finally:
        db.close()

    # a second restore within the same second never overwrites the first file moved aside
    again = restore_backup(data_dir, backup, clock)
    assert again is not None and again != moved and moved.read_bytes() == damaged_bytes


def test_check_database_reports_subtle_damage_without_raising(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 20)
    engine.close()
    live = data_dir / DB_FILENAME
    _corrupt_pages(live)
    problem = check_database(live)
    assert problem is not None and problem.startswith(DB_FILENAME)
    assert check_database(data_dir / "missing.sqlite3") is not None
    empty = data_dir / "empty.sqlite3"
    empty.touch()
    assert check_database(empty) == "empty.sqlite3 is empty."


def test_restore_refuses_a_corrupt_backup_and_changes_nothing(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 3)
    backup = make_backup(data_dir, clock)
    engine.close()
    before = (data_dir / DB_FILENAME).read_bytes()
    _corrupt_pages(backup)
    with pytest.raises(CorruptDatabaseError, match="cannot be restored"):
        restore_backup(data_dir, backup, clock)
    garbage = data_dir / "garbage.sqlite3"
    garbage.write_bytes(b"\x00" * 5000)
    with pytest.raises(CorruptDatabaseError):
        restore_backup(data_dir, garbage, clock)
    assert (data_dir / DB_FILENAME).read_bytes() == before
    assert not (data_dir / DAMAGED_DIRNAME).exists()
    assert sorted(p.name for p in data_dir.iterdir() if p.name.startswith(".")) == []


def test_restore_refuses_an_sqlite_file_that_is_not_a_study_database(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    engine.close()
    other = data_dir / "other.sqlite3"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StorageError, match="not a StudyApp database"):
        restore_backup(data_dir, other, clock)
    with pytest.raises(StorageError, match="no longer exists"):
        restore_backup(data_dir, data_dir / "gone.sqlite3", clock)


def test_reset_progress_keeps_banks_and_settings_and_leaves_a_backup(
    engine: StudyEngine, data_dir: Path, clock: ManualClock
) -> None:
    _answer(engine, 6)
    engine.set_daily_goal(42)
    set_setting(engine.db, "app.exam", "PMP")
    db_path = engine.db.path
    questions = _count(db_path, "question")
    assert _count(db_path, "card") > 0 and _count(db_path, "review_log") > 0

    saved = reset_progress(engine.db)

    assert saved.exists() and "before-reset" in saved.name
    assert list_backups(data_dir)[0].path == saved
    assert _count(saved, "answer") == 6  # the backup holds what was reset
    assert answer_count(engine.db) == 0
    for table in ("card", "review_log", "study_session", "mock_exam", "mock_exam_item"):
        assert _count(db_path, table) == 0, table
    assert _count(db_path, "question") == questions > 0
    assert _count(db_path, "bank") > 0
    assert get_setting(engine.db, "app.exam") == "PMP"
    assert engine.daily_goal == 42
    assert engine.exam_date == dt.date(2027, 2, 15)
    engine.close()
    reopened = StudyEngine.open(data_dir, exam="PMP", clock=clock, timezone=dt.UTC)
    try:
        assert reopened.answered_today() == 0
        assert reopened.practised_tasks() == set()
    finally:
        reopened.close()


def test_backing_up_a_damaged_database_fails_cleanly(data_dir: Path, clock: ManualClock) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILENAME).write_bytes(b"garbage, not a database " * 300)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        make_backup(data_dir, clock)
    assert list_backups(data_dir) == []  # no half-written copy is offered for restoring
