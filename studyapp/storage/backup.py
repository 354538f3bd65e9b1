"""Backups of the study database: list, take, check, restore; and resetting progress.

Every copy is made with SQLite's online backup API (never a plain file copy of a live database),
and nothing here ever deletes a learner's database: a file being replaced is moved aside into
``<data_dir>/damaged/`` first. Expected failures (no database yet, a damaged backup, a full disk,
a file in use) raise :class:`~studyapp.errors.StorageError` subclasses with a message for the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete

from studyapp.clock import Clock
from studyapp.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    StorageError,
)
from studyapp.storage.db import (
    BACKUP_DIRNAME,
    DAILY_BACKUPS_KEPT,
    DB_FILENAME,
    Database,
    backup_file,
)
from studyapp.storage.models import (
    AnswerRow,
    CardRow,
    MockExamItemRow,
    MockExamRow,
    ReviewLogRow,
    StudySessionRow,
)

DAMAGED_DIRNAME = "damaged"
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")  # files SQLite keeps beside a database

_LABEL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
_NAME = re.compile(r"^studyapp-(?P<stamp>\d{8}T\d{6}Z)-(?P<label>.+?)(?:-\d+)?$")
DAILY_LABEL = "daily"
_DAILY = re.compile(r"^studyapp-(?P<stamp>\d{8}T\d{6}Z)-daily(?:-(?P<n>\d+))?\.sqlite3$")

__all__ = [
    "DAMAGED_DIRNAME",
    "BackupInfo",
    "check_database",
    "list_backups",
    "make_backup",
    "newest_good_backup",
    "reset_progress",
    "restore_backup",
    "take_daily_backup",
]


@dataclass(frozen=True)
class BackupInfo:
    """One backup file in ``<data_dir>/backups``."""

    path: Path
    taken_at: dt.datetime  # the file's modification time, timezone-aware (UTC)
    size: int  # bytes

    @property
    def label(self) -> str:
        """Why it was taken: "manual", "before-reset", "before-<revision>" (an upgrade)..."""
        match = _NAME.match(self.path.stem)
        return match["label"] if match else self.path.stem


def list_backups(data_dir: Path) -> list[BackupInfo]:
    """The backups of the database in ``data_dir``, newest first (an empty list if none)."""
    folder = Path(data_dir) / BACKUP_DIRNAME
    found: list[tuple[int, str, BackupInfo]] = []
    try:
        candidates = list(folder.glob("*.sqlite3"))
    except OSError:
        return []
    for path in candidates:
        try:
            st = path.stat()
        except OSError:  # vanished or unreadable between listing and stat: not offered
            continue
        if not path.is_file():
            continue
        taken_at = dt.datetime.fromtimestamp(st.st_mtime, tz=dt.UTC)
        found.append((st.st_mtime_ns, path.name, BackupInfo(path, taken_at, st.st_size)))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return [info for _, _, info in found]


def make_backup(data_dir: Path, clock: Clock, label: str = "manual") -> Path:
    """Copy the live database into ``<data_dir>/backups`` and return the new file's path.

    Safe while the database is open (SQLite's online backup API reads a consistent snapshot).
    """
    if not _LABEL.match(label):
        raise ValueError(f"a backup label is 1-40 letters, digits, '.', '_' or '-', not {label!r}")
    path = Path(data_dir) / DB_FILENAME
    if not path.is_file():
        raise StorageError(f"There is no study database in {data_dir} to back up yet.")
    folder = path.parent / BACKUP_DIRNAME
    before = _names(folder)
    try:
        return backup_file(path, clock, label)
    except (sqlite3.Error, OSError) as exc:
        for name in _names(folder) - before:  # a half-written copy is useless: don't offer it
            with contextlib.suppress(OSError):
                (folder / name).unlink()
        raise _storage_error(exc, path, "back up") from exc


def _daily_backups(folder: Path) -> list[tuple[dt.datetime, int, Path]]:
    """The daily backups in ``folder``, newest first, by the time in their names (UTC)."""
    found: list[tuple[dt.datetime, int, Path]] = []
    try:
        candidates = list(folder.iterdir())
    except OSError:
        return []
    for path in candidates:
        match = _DAILY.match(path.name)
        if match is None or not path.is_file():
            continue
        taken = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
        found.append((taken, int(match["n"] or 1), path))
    found.sort(key=lambda t: (t[0], t[1]), reverse=True)
    return found


def take_daily_backup(
    data_dir: Path, clock: Clock, *, keep: int = DAILY_BACKUPS_KEPT
) -> Path | None:
    """Take the day's backup if the newest daily backup is a day old or more; keep the newest N.

    Called each time the app opens the database. Returns the new backup, or None if none was due
    or it could not be taken (a full disk must not stop the learner from studying; the next
    start tries again). The time of a backup is the one in its name, from the injected clock;
    a newest backup dated more than a day in the future (the clock was set back) counts as old.

    The copy is checked (``PRAGMA integrity_check``) before older ones are pruned, so a damaged
    database never pushes good backups out. Only files named ``studyapp-<time>-daily.sqlite3``
    are ever pruned: backups taken before a migration, before a reset or by the learner are
    never touched.
    """
    if keep < 1:
        return None
    data_dir = Path(data_dir)
    folder = data_dir / BACKUP_DIRNAME
    now = clock().astimezone(dt.UTC)
    day = dt.timedelta(days=1)
    existing = _daily_backups(folder)
    if existing and -day < now - existing[0][0] < day:
        return None
    try:
        taken = make_backup(data_dir, clock, DAILY_LABEL)
    except StorageError:
        return None
    try:
        problem = check_database(taken)
    except StorageError:
        problem = "in use"
    if problem is not None:  # a copy of a damaged database: not a backup worth keeping
        with contextlib.suppress(OSError):
            taken.unlink()
        return None
    for _, _, old in _daily_backups(folder)[keep:]:
        with contextlib.suppress(OSError):
            old.unlink()
    return taken


def newest_good_backup(data_dir: Path) -> BackupInfo | None:
    """The newest backup that passes ``check_database`` (the one to offer after damage)."""
    for info in list_backups(data_dir):
        try:
            problem = check_database(info.path)
        except StorageError:
            continue
        if problem is None and _is_studyapp_database(info.path):
            return info
    return None


def check_database(path: Path) -> str | None:
    """None if ``path`` is a sound SQLite database, else what is wrong with it, in words.

    Runs ``PRAGMA integrity_check`` on a read-only connection. A damaged, empty or non-SQLite
    file is reported, never raised; a file that is locked by another program raises
    :class:`DatabaseLockedError` (that says nothing about its health).
    """
    path = Path(path)
    try:
        if not path.is_file():
            return f"{path.name} does not exist."
        if path.stat().st_size == 0:
            return f"{path.name} is empty."
        with path.open("rb") as f:
            header = f.read(16)
    except OSError as exc:
        return f"{path.name} cannot be read: {exc.strerror or exc}."
    if header != b"SQLite format 3\x00":
        return f"{path.name} is not an SQLite database."
    try:
        with _connect(path, read_only=True) as conn:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.Error as exc:
        text = str(exc)
        if "locked" in text.lower():
            raise DatabaseLockedError(
                f"{path} is in use by another program (another StudyApp window?). "
                "Close it and retry."
            ) from exc
        return f"{path.name} is damaged: {text}."
    problems = [str(r[0]) for r in rows if r and str(r[0]) != "ok"]
    if not problems:
        return None
    shown = "; ".join(problems[:3])
    more = f" (and {len(problems) - 3} more problems)" if len(problems) > 3 else ""
    return f"{path.name} is damaged: {shown}{more}."


def restore_backup(data_dir: Path, backup: Path, clock: Clock) -> Path | None:
    """Put ``backup`` in place of the study database in ``data_dir``.

    The database must be closed (close the engine first). In order:

    1. the backup is checked (``check_database``) and must be a StudyApp database; a damaged one
       is refused with :class:`CorruptDatabaseError` and nothing is touched;
    2. it is copied with SQLite's backup API into a temporary file beside the database, which is
       checked again;
    3. the current database and its ``-wal``/``-shm`` files are moved (never deleted) to
       ``<data_dir>/damaged/studyapp-<timestamp>.sqlite3`` (``-wal``/``-shm`` alongside);
    4. the copy is renamed into place.

    Returns where the current database was moved, or None if there was none.
    """
    data_dir = Path(data_dir)
    backup = Path(backup)
    live = data_dir / DB_FILENAME
    if not backup.is_file():
        raise StorageError(f"The backup {backup} no longer exists.")
    if _same_file(backup, live):
        raise StorageError("That file is the study database itself, not a backup of it.")
    problem = check_database(backup)
    if problem is not None:
        raise CorruptDatabaseError(
            f"The backup cannot be restored: {problem} Your current data has not been changed."
        )
    if not _is_studyapp_database(backup):
        raise StorageError(
            f"{backup.name} is an SQLite file but not a StudyApp database; "
            "your current data has not been changed."
        )

    temp = data_dir / f".{DB_FILENAME}.restoring"
    _remove_with_sides(temp)
    try:
        with _connect(backup, read_only=True) as src, _connect(temp) as dst:
            src.backup(dst)
    except (sqlite3.Error, OSError) as exc:
        _remove_with_sides(temp)
        raise _storage_error(exc, temp, "restore the backup into") from exc
    problem = check_database(temp)
    if problem is not None:  # pragma: no cover - a copy that failed silently (bad disk)
        _remove_with_sides(temp)
        raise CorruptDatabaseError(
            f"The restored copy failed its check ({problem}). Your current data has not been "
            "changed; check the disk holding the data folder."
        )

    moved: Path | None = None
    try:
        if any(p.exists() for p in _with_sides(live)):
            moved = _move_aside(live, data_dir / DAMAGED_DIRNAME, clock)
        temp.replace(live)
    except OSError as exc:
        _remove_with_sides(temp)
        err = _storage_error(exc, live, "put the backup in place of")
        if moved is not None:
            err = type(err)(f"{err} Your previous database is kept at {moved}.")
        raise err from exc
    return moved


def reset_progress(db: Database) -> Path:
    """Forget all study progress: answers, memory cards, review log, sessions and mock exams.

    The banks, questions and settings stay. A backup labelled "before-reset" is taken first and
    its path returned; the deletion is one transaction (all of it happens, or none).
    An open :class:`~studyapp.engine.StudyEngine` keeps its in-memory history: reopen it after.
    """
    saved = make_backup(db.path.parent, db.clock, "before-reset")
    with db.transaction() as s:
        s.execute(delete(ReviewLogRow))
        s.execute(delete(CardRow))
        s.execute(delete(MockExamItemRow))
        s.execute(delete(MockExamRow))
        s.execute(delete(AnswerRow))
        s.execute(delete(StudySessionRow))
    return saved


# ---------------------------------------------------------------------------- helpers


@contextlib.contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    if read_only:
        # A read-only connection to a WAL-mode file leaves -wal/-shm files behind. A file with no
        # -wal beside it (a backup, a closed database) has nothing in a WAL to read: open it
        # immutable, which creates no files at all.
        wal = path.with_name(path.name + "-wal").exists()
        query = "mode=ro" if wal else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{query}", uri=True, timeout=5)
    else:
        conn = sqlite3.connect(path, timeout=5)
    try:
        yield conn
    finally:
        conn.close()


def _names(folder: Path) -> set[str]:
    try:
        return {p.name for p in folder.iterdir()}
    except OSError:
        return set()


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _is_studyapp_database(path: Path) -> bool:
    try:
        with _connect(path, read_only=True) as conn:
            row = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            ).fetchone()
    except sqlite3.Error:
        return False
    return row is not None


def _with_sides(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + s) for s in SIDE_SUFFIXES)]


def _remove_with_sides(path: Path) -> None:
    for p in _with_sides(path):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _move_aside(path: Path, folder: Path, clock: Clock) -> Path:
    """Move a database and its side files into ``folder`` under a new, unused name."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = clock().astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    target = folder / f"studyapp-{stamp}.sqlite3"
    n = 1
    while any(p.exists() for p in _with_sides(target)):
        n += 1
        target = folder / f"studyapp-{stamp}-{n}.sqlite3"
    # side files first: if the main file then fails to move, it is still whole where it was
    # (its -wal is beside the moved copy, and moving it back is a rename away)
    for suffix in SIDE_SUFFIXES:
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    if path.exists():
        path.replace(target)
    return target


def _storage_error(exc: BaseException, path: Path, action: str) -> StorageError:
    """A user-facing error for a failed copy or move (``action`` completes "could not ...")."""
    text = str(exc).lower()
    full = isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT)
    if full or "database or disk is full" in text:
        return DiskFullError(
            f"The disk holding {path.parent} is full. Free some space and try again; "
            "nothing already saved is lost."
        )
    if "locked" in text:
        return DatabaseLockedError(
            f"{path} is in use by another program (another StudyApp window?). Close it and retry."
        )
    if "not a database" in text or "malformed" in text or "encrypted" in text:
        return CorruptDatabaseError(f"Could not {action} {path}: the file is damaged.")
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return StorageError(f"Could not {action} {path}: {reason}.")
