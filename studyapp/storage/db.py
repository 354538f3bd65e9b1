"""Opening the study database: pragmas, migrations (with a backup first), clear errors.

``open_database(data_dir, clock)`` returns a :class:`Database` whose file is at the newest schema.
Environmental problems (read-only folder, locked or damaged file, full disk, a file from a newer
StudyApp) become :class:`~studyapp.errors.StorageError` subclasses with a message for the user.
"""

from __future__ import annotations

import contextlib
import io
import sqlite3
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
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA busy_timeout = 5000")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.execute("PRAGMA journal_mode = WAL")
        # FULL: a committed answer survives a power cut, not only a crash.
        cur.execute("PRAGMA synchronous = FULL")
    finally:
        cur.close()


def make_engine(path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", future=True)
    event.listen(engine, "connect", _set_pragmas)
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

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: committed on success, rolled back on error.

        Known SQLite failures (full disk, locked, damaged) are raised as StorageError.
        """
        try:
            with self._sessions() as session, session.begin():
                yield session
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
    stamp = clock().strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"studyapp-{stamp}-{label}.sqlite3"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"studyapp-{stamp}-{label}-{n}.sqlite3"
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def open_database(data_dir: Path, clock: Clock, *, upgrade: bool = True) -> Database:
    """Open (creating if needed) and migrate the study database in ``data_dir``."""
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
        _migrate(db, existed=existed, upgrade=upgrade)
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
