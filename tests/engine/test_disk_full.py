"""Full disk and read-only data folder (issue 9, item 3).

A full disk is simulated two ways: by making SQLite's COMMIT fail with the error SQLite gives
(``database or disk is full``), and for real with ``PRAGMA max_page_count``, which makes SQLite
itself refuse to grow the file (SQLITE_FULL) part-way through writing an answer. A read-only data
folder is made with ``chmod 0o500``; as root (where chmod does not stop writes) the command runs
in a child process that drops to the ``nobody`` user, or the test is skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from studyapp.cli import main
from studyapp.clock import ManualClock
from studyapp.engine import QuestionView, StudyEngine
from studyapp.errors import DiskFullError, StorageError, StudyAppError
from studyapp.outlines import current_outline
from studyapp.scheduler import memory
from studyapp.sim.bank import write_synthetic_bank
from studyapp.storage.db import DB_FILENAME, Database
from studyapp.storage.repo import answer_count

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_synthetic_bank(tmp_path / "banks" / "sim.yaml", current_outline("PMP"), 2, seed=5)


def _open(data: Path, bank: Path, clock: ManualClock) -> StudyEngine:
    return StudyEngine.open(data, exam="PMP", banks=[bank], clock=clock, timezone=dt.UTC)


@contextlib.contextmanager
def failing_commits(db: Database, message: str = "database or disk is full") -> Iterator[list[int]]:
    """Every COMMIT on ``db`` fails with ``sqlite3.OperationalError(message)`` while inside."""
    dialect = db.engine.dialect
    calls: list[int] = []

    def do_commit(dbapi_connection: Any) -> None:
        calls.append(1)
        raise sqlite3.OperationalError(message)

    dialect.do_commit = do_commit  # type: ignore[method-assign]
    try:
        yield calls
    finally:
        del dialect.do_commit  # back to the class's own method


@contextlib.contextmanager
def size_limited(db: Database) -> Iterator[Callable[[int | None], None]]:
    """A real SQLITE_FULL: each connection gets ``PRAGMA max_page_count`` on checkout.

    Yields ``limit(pages)``: ``limit(None)`` lifts the limit ("space is back")."""
    pages: list[int] = [1_073_741_823]

    def on_checkout(dbapi_conn: Any, _record: Any, _proxy: Any) -> None:
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages[0]}")

    def limit(n: int | None) -> None:
        pages[0] = 1_073_741_823 if n is None else n

    event.listen(db.engine, "checkout", on_checkout)
    try:
        yield limit
    finally:
        limit(None)
        event.remove(db.engine, "checkout", on_checkout)


def _page_count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("PRAGMA page_count").scalar_one())


def _state(engine: StudyEngine, qid: str) -> dict[str, Any]:
    """Everything in memory that an answer to ``qid`` would move."""
    card = engine._cards.get(qid)
    return {
        "today": engine.answered_today(),
        "history": engine.daily_history(7),
        "mastery": engine.task_mastery(),
        "card": None if card is None else memory.card_to_dict(card),
        "attempts": engine._stats[qid].attempts if qid in engine._stats else 0,
        "practised": engine.practised_tasks(),
    }


def _answer(engine: StudyEngine, q: QuestionView, clock: ManualClock) -> None:
    clock.advance(30)
    engine.record_answer(q.id, q.correct_response(), duration_s=30.0)


def test_full_disk_at_commit_loses_nothing_and_recovers(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    data = tmp_path / "data"
    with _open(data, bank, clock) as engine:
        picks = engine.next_session(6)
        questions = [p.question for p in picks]
        for q in questions[:3]:
            _answer(engine, q, clock)
        assert answer_count(engine.db) == 3
        # Answer a question already seen (its FSRS card exists) and a fresh one: both fail.
        for q in (questions[0], questions[3]):
            before = _state(engine, q.id)
            clock.advance(30)
            with failing_commits(engine.db) as commits, pytest.raises(DiskFullError) as info:
                engine.record_answer(q.id, q.correct_response(), duration_s=30.0)
            assert commits, "the injection was not reached: the test proves nothing"
            message = str(info.value)
            assert isinstance(info.value, StorageError) and isinstance(info.value, StudyAppError)
            assert "full" in message and "not saved" in message and "answer again" in message
            assert str(data) in message and "Traceback" not in message
            assert answer_count(engine.db) == 3  # nothing committed earlier is lost
            assert _state(engine, q.id) == before  # memory did not advance for the failed answer
        # Space is back: the same answers go through and count once each.
        for q in (questions[0], questions[3]):
            _answer(engine, q, clock)
        assert answer_count(engine.db) == 5
        assert engine.answered_today() == 5
        assert engine._stats[questions[0].id].attempts == 2
        assert engine._stats[questions[3].id].attempts == 1
        assert engine.next_session(3, beyond_goal=True)  # scheduling still works
        saved = {qid: memory.card_to_dict(c) for qid, c in engine._cards.items()}
        mastery = engine.task_mastery()
    # What is on disk is exactly what the engine had in memory.
    with _open(data, bank, clock) as reopened:
        assert answer_count(reopened.db) == 5
        assert reopened.answered_today() == 5
        assert {qid: memory.card_to_dict(c) for qid, c in reopened._cards.items()} == saved
        assert reopened.task_mastery() == pytest.approx(mastery)


def test_real_sqlite_full_part_way_through_an_answer(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    """SQLite itself runs out of room (max_page_count) while writing answer, card and log."""
    data = tmp_path / "data"
    with _open(data, bank, clock) as engine, size_limited(engine.db) as limit:
        questions = [p.question for p in engine.next_session(30, beyond_goal=True)]
        limit(_page_count(engine.db))
        saved = 0
        message = ""
        failed_q: QuestionView | None = None
        for q in questions:  # the file fills up after a few answers
            before = _state(engine, q.id)
            clock.advance(20)
            try:
                engine.record_answer(q.id, q.correct_response(), duration_s=20.0)
            except DiskFullError as exc:
                message = str(exc)
                failed_q = q
                break
            saved += 1
        assert failed_q is not None, "the size limit was never reached"
        assert "not saved" in message
        assert _state(engine, failed_q.id) == before
        assert answer_count(engine.db) == saved
        # Every read still works on a full disk.
        assert engine.answered_today() == saved
        engine.readiness()
        engine.plan()
        limit(None)  # space is back
        _answer(engine, failed_q, clock)
        assert answer_count(engine.db) == saved + 1
    with _open(data, bank, clock) as reopened:
        assert answer_count(reopened.db) == saved + 1
        with reopened.db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"


def test_disk_io_error_at_commit_is_a_clear_storage_error(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    """A full disk can also surface as SQLITE_IOERR (e.g. ENOSPC while writing the WAL)."""
    with _open(tmp_path / "data", bank, clock) as engine:
        q = engine.next_session(1)[0].question
        with failing_commits(engine.db, "disk I/O error"), pytest.raises(StorageError) as info:
            engine.record_answer(q.id, q.correct_response(), duration_s=5.0)
        assert "not saved" in str(info.value) and "disk" in str(info.value)
        assert answer_count(engine.db) == 0 and engine.answered_today() == 0
        engine.record_answer(q.id, q.correct_response(), duration_s=5.0)
        assert answer_count(engine.db) == 1


def test_full_disk_when_a_session_starts_is_a_clear_error(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    with _open(tmp_path / "data", bank, clock) as engine:
        with failing_commits(engine.db), pytest.raises(DiskFullError, match="full"):
            engine.next_session(5)
        assert len(engine.next_session(5)) == 5


# ---------------------------------------------------------------------------- read-only folder


def _chmod_stops_writes(folder: Path) -> bool:
    """True when a 0o500 folder really refuses new files (not so for root)."""
    probe = folder / ".probe"
    try:
        probe.write_bytes(b"")
    except OSError:
        return True
    probe.unlink()
    return False


def _status_as_nobody(data: Path, cache: Path) -> tuple[int, str]:
    """Run ``studyapp status`` as the unprivileged ``nobody`` user (we are root)."""
    code = (
        "import os, sys\n"
        # Import everything first: the interpreter's own files may not be readable by nobody.
        "import encodings.idna, sqlite3, sqlalchemy.dialects.sqlite.pysqlite\n"
        "import studyapp.cli, studyapp.banks, studyapp.paths, studyapp.storage.db\n"
        "import studyapp.storage.repo\n"
        "os.setgid(65534); os.setuid(65534)\n"
        f"sys.exit(studyapp.cli.main(['--data-dir', {str(data)!r}, 'status']))\n"
    )
    env = {**os.environ, "STUDYAPP_CACHE_DIR": str(cache), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    if "ModuleNotFoundError" in proc.stderr or "PermissionError" in proc.stderr:
        pytest.skip(f"cannot run as nobody here: {proc.stderr.strip().splitlines()[-1]}")
    return proc.returncode, proc.stderr


@pytest.mark.parametrize("existing", [True, False], ids=["existing-database", "fresh-folder"])
def test_read_only_data_folder_at_start_up_gives_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], existing: bool
) -> None:
    as_root = os.geteuid() == 0 if hasattr(os, "geteuid") else False
    # As root the folders must be reachable by the unprivileged child: a world-readable parent.
    base = Path(tempfile.mkdtemp(prefix="studyapp-ro-")) if as_root else tmp_path
    try:
        base.chmod(0o755)
        data, cache = base / "data", base / "cache"
        data.mkdir()
        cache.mkdir()
        if existing:
            assert main(["--data-dir", str(data), "status"]) == 0
            capsys.readouterr()
            assert (data / DB_FILENAME).is_file()
            answers_file = (data / DB_FILENAME).read_bytes()
        if as_root:
            for p in (data, cache, *data.iterdir()):
                os.chown(p, 65534, 65534)
        data.chmod(0o500)
        if not as_root and not _chmod_stops_writes(data):
            pytest.skip("chmod does not stop writes here")
        if as_root:
            if not hasattr(os, "setuid"):
                pytest.skip("running as root and cannot drop privileges")
            rc, err = _status_as_nobody(data, cache)
        else:
            rc = main(["--data-dir", str(data), "status"])
            err = capsys.readouterr().err
        assert rc == 3, err
        assert err.startswith("studyapp: ") and "Traceback" not in err
        assert "internal error" not in err
        assert str(data) in err and ("writable" in err or "read-only" in err), err
        if existing:  # the database was left as it was
            assert (data / DB_FILENAME).read_bytes() == answers_file
    finally:
        for p in (base, base / "data"):
            if p.exists():
                p.chmod(stat.S_IRWXU)
        if as_root:
            shutil.rmtree(base, ignore_errors=True)


def test_read_only_data_folder_through_the_engine(tmp_path: Path, clock: ManualClock) -> None:
    """The engine (what the app opens) raises StorageError, never a raw SQLite error."""
    data = tmp_path / "data"
    data.mkdir()
    data.chmod(0o500)
    try:
        if not _chmod_stops_writes(data):
            pytest.skip("chmod does not stop writes when running as root")
        with pytest.raises(StorageError, match="writable"):
            StudyEngine.open(data, exam="PMP", banks=[], clock=clock)
    finally:
        data.chmod(stat.S_IRWXU)
