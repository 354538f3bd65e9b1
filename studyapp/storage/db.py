"""Opening the study database: pragmas, migrations (with a backup first), clear errors.

``open_database(data_dir, clock)`` returns a :class:`Database` whose file is at the newest schema.
Environmental problems (read-only folder, locked or damaged file, full disk, a file from a newer
StudyApp) become :class:`~studyapp.errors.StorageError` subclasses with a message for the user.

Two copies of StudyApp on the same data folder
----------------------------------------------
A second copy of the app (a second window started by mistake, or the app open on two accounts
sharing a folder) runs side by side with the first, safely: every answer of both is kept and the
file is never damaged. We chose this over a single-instance lock because a lock file is the
thing that goes wrong after a crash (a stale lock keeps the learner out of their own data),
because the database, not the GUI, is what must be protected (the CLI and scripts open it too),
and because SQLite already gives the guarantees needed:

* WAL journal: readers never block the writer, and the writer never blocks readers;
* every transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock before it reads, so
  a "read, then insert if missing" (a bank's questions, a new session) can never race with the
  other copy, and a transaction never has to upgrade a stale read snapshot (the case SQLite
  cannot wait out and reports as "database is locked" at once);
* ``busy_timeout``: a copy that finds the write lock taken waits for it (transactions last
  milliseconds) instead of failing; only a lock held for longer than :data:`BUSY_TIMEOUT_MS`
  becomes a :class:`~studyapp.errors.DatabaseLockedError` with a message;
* migrations run inside that same immediate transaction, so two copies starting at once on an
  empty or old folder migrate it once.

Each copy keeps its own in-memory picture of the history, refreshed when it is reopened; what
is on disk is always the union of both copies' answers. Tested with two processes answering at
once in ``tests/engine/test_two_instances.py``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from studyapp.clock import Clock
from studyapp.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DiskFullError,
    StorageError,
)

#: The newest migration. A database already there opens without loading Alembic at all
#: (importing it costs a fifth of a second at every start); a test keeps this in step.
HEAD_REVISION = "0004"

DB_FILENAME = "studyapp.sqlite3"
BACKUP_DIRNAME = "backups"
#: How long a copy waits for the other copy's write lock before reporting the file as in use.
BUSY_TIMEOUT_MS = 10_000
#: Daily backups kept in ``backups/`` (the newest ones; backups of other kinds are never pruned).
DAILY_BACKUPS_KEPT = 7
_MIGRATIONS = "studyapp.storage:migrations"


def alembic_config(connection: Any | None = None) -> Any:
    from alembic.config import Config

    # Alembic's default output stream is the sys.stdout of the moment it was imported; give it
    # its own buffer so that migrations never write to (or depend on) the console.
    cfg = Config(stdout=io.StringIO())
    cfg.set_main_option("script_location", _MIGRATIONS)
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The head revision according to the migration scripts (slow: loads Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _set_pragmas(dbapi_conn: sqlite3.Connection, _record: object) -> None:
    # The driver must not open transactions on its own (it would open them DEFERRED, only before
    # writes): _begin_immediate below starts every one.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    try:
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed answer survives a power cut, not only a crash.
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()


def _begin_immediate(conn: Any) -> None:
    """Start every transaction with the write lock taken (waiting up to the busy timeout)."""
    conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def translate_error(exc: BaseException, path: Path) -> StorageError | None:
    """The user-facing error for a known environmental SQLite failure, or None for a bug."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    text = str(orig).lower()
    if "database or disk is full" in text or ("disk i/o error" in text and "full" in text):
        return DiskFullError(
            f"The disk holding {path.parent} is full. "
            "Free some space; nothing already saved is lost."
        )
    if "disk i/o error" in text:  # e.g. ENOSPC while writing the WAL, or a disk unplugged
        return StorageError(
            f"Could not write to {path}: the disk reported an error (it may be full or gone). "
            "Free some space or check the disk; nothing already saved is lost."
        )
    if "database is locked" in text or "database table is locked" in text:
        return DatabaseLockedError(
            f"{path} is in use by another program (another StudyApp window?). Close it and retry."
        )
    if "file is not a database" in text or "malformed" in text or "file is encrypted" in text:
        return CorruptDatabaseError(f"{path} is damaged and cannot be read as a study database.")
    if "readonly" in text or "read-only" in text or "unable to open database" in text:
        return StorageError(
            f"Cannot write to {path}. Check that the data folder is writable, "
            "or choose another one with --data-dir."
        )
    return None


@dataclass
class Database:
    """An open, migrated study database."""

    path: Path
    engine: Engine
    clock: Clock
    backup_path: Path | None = None  # the backup taken before this open's migration, if any
    daily_backup_path: Path | None = None  # the daily backup taken by this open, if any

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._local = threading.local()  # the transaction open in this thread, if any

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on error.

        Known SQLite failures (full disk, locked, damaged) are raised as StorageError. A
        transaction opened inside another one in the same thread joins it: several steps (a mock
        exam's submission and the answers it adds) then reach the disk together or not at all.
        """
        outer: Session | None = getattr(self._local, "session", None)
        if outer is not None:
            yield outer
            return
        try:
            with self._sessions() as session, session.begin():
                self._local.session = session
                try:
                    yield session
                finally:
                    self._local.session = None
        except OperationalError as exc:
            err = translate_error(exc, self.path)
            if err is None:
                raise
            raise err from exc
        except sqlite3.DatabaseError as exc:  # pragma: no cover - raw errors are wrapped above
            err = translate_error(exc, self.path)
            if err is None:
                raise
            raise err from exc

    def revision(self) -> str | None:
        with self.engine.connect() as conn:
            return _stored_revision(conn)

    def close(self) -> None:
        self.engine.dispose()


def backup_file(path: Path, clock: Clock, label: str) -> Path:
    """Copy the database with SQLite's online backup API into ``backups/`` beside it."""
    folder = path.parent / BACKUP_DIRNAME
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"studyapp-{stamp}-{label}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"studyapp-{stamp}-{label}-{n}.sqlite3"
    # Written under a temporary name and renamed when whole: a copy cut short (a crash, a full
    # disk) is never listed as a backup.
    partial = folder / f".{target.name}.partial"
    src = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
        finally:
            dst.close()
        partial.replace(target)
    finally:
        src.close()
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target


def open_database(
    data_dir: Path,
    clock: Clock,
    *,
    upgrade: bool = True,
    daily_backups: int = DAILY_BACKUPS_KEPT,
) -> Database:
    """Open (creating if needed) and migrate the study database in ``data_dir``.

    An existing file is checked first (``PRAGMA quick_check``: a truncated or damaged file raises
    :class:`CorruptDatabaseError` before anything is written to it). Once it is open and migrated,
    a daily backup is taken if the newest one is a day old or more, keeping the newest
    ``daily_backups`` of them (0: none taken); see
    :func:`studyapp.storage.backup.take_daily_backup`. A backup that cannot be taken (full disk)
    never stops the database from opening.
    """
    path = data_dir / DB_FILENAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Cannot create the data folder {data_dir}: {exc.strerror or exc}. "
            "Choose another one with --data-dir or STUDYAPP_DATA_DIR."
        ) from exc
    existed = path.exists() and path.stat().st_size > 0
    engine = make_engine(path)
    try:
        db = Database(path, engine, clock)
        if existed:
            _quick_check(db)
        _migrate(db, existed=existed, upgrade=upgrade)
        if existed and upgrade and daily_backups > 0:
            from studyapp.storage.backup import take_daily_backup

            db.daily_backup_path = take_daily_backup(data_dir, clock, keep=daily_backups)
        return db
    except StorageError:
        engine.dispose()
        raise
    except (OperationalError, sqlite3.DatabaseError, DBAPIError) as exc:
        engine.dispose()
        err = translate_error(exc, path)
        if err is None:
            raise
        raise err from exc


def _quick_check(db: Database) -> None:
    """Raise CorruptDatabaseError unless SQLite finds the file sound (reads every page once)."""
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("PRAGMA quick_check").fetchall()
    problems = [str(r[0]) for r in rows if r and str(r[0]) != "ok"]
    if problems:
        raise CorruptDatabaseError(
            f"{db.path} is damaged and cannot be read as a study database ({problems[0]})."
        )


def _stored_revision(conn: Any) -> str | None:
    has_version = conn.execute(
        text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
    ).first()
    if has_version is None:
        return None
    row = conn.execute(text("SELECT version_num FROM alembic_version")).first()
    return None if row is None else str(row[0])


def _migrate(db: Database, *, existed: bool, upgrade: bool) -> None:
    with db.engine.connect() as conn:
        current = _stored_revision(conn)
        if current == HEAD_REVISION:
            return
        has_tables = bool(inspect(conn).get_table_names())
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current is not None:
        try:
            script.get_revision(current)
        except Exception as exc:  # alembic raises CommandError / ResolutionError subclasses
            raise DatabaseTooNewError(
                f"{db.path} was written by a newer version of StudyApp (schema {current}). "
                "Update StudyApp to open it; the file has not been changed."
            ) from exc
    elif has_tables:
        raise StorageError(
            f"{db.path} is an SQLite file but not a StudyApp database; "
            "move it away or choose another data folder."
        )
    if current == head or not upgrade:
        return
    if existed and current is not None:
        db.backup_path = backup_file(db.path, db.clock, f"before-{head}")
    with db.engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
