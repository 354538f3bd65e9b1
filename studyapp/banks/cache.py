"""A cache of validated banks keyed by the file's content hash.

Only banks that passed every per-file check are stored, as the JSON of their validated model, so
that an unchanged bank is read back with pydantic's Rust JSON validator instead of PyYAML. The
key also covers the app's bank format, its version and the outline files: any of those changing
makes old entries unreachable. Entries are written atomically; an unreadable one is ignored and
removed, and the bank is simply parsed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel, ValidationError

from studyapp import __version__
from studyapp.banks import model as m
from studyapp.outlines import outlines_fingerprint


class CachedWarning(BaseModel):
    line: int
    col: int
    message: str


class CacheEntry(BaseModel):
    """A validated bank and the warnings it had (which are shown again on every validation)."""

    bank: m.Bank
    warnings: list[CachedWarning] = []


class BankCache:
    #: Entries kept; the least recently used beyond this are deleted when a new one is written.
    MAX_ENTRIES = 64

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        salt = f"{m.FORMAT_VERSION}|{__version__}|{outlines_fingerprint()}"
        self._salt = hashlib.sha256(salt.encode()).hexdigest()[:12]

    def _entry(self, sha256: str) -> Path:
        return self.folder / f"{sha256}-{self._salt}.json"

    def get(self, sha256: str) -> CacheEntry | None:
        entry = self._entry(sha256)
        try:
            data = entry.read_bytes()
        except OSError:
            return None
        try:
            entry_data = CacheEntry.model_validate_json(data)
        except ValidationError:
            with contextlib.suppress(OSError):
                entry.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # mark as recently used
        return entry_data

    def put(self, sha256: str, entry: CacheEntry) -> None:
        """Store a validated bank. A cache that cannot be written is not an error."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            payload = entry.model_dump_json(exclude_defaults=True).encode()
            fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(payload)
                os.replace(tmp, self._entry(sha256))
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            self._prune()
        except OSError:
            return

    def _prune(self) -> None:
        entries = []
        for path in self.folder.glob("*.json"):
            with contextlib.suppress(OSError):
                entries.append((path.stat().st_mtime_ns, path))
        entries.sort(reverse=True)
        for _, path in entries[self.MAX_ENTRIES :]:
            with contextlib.suppress(OSError):
                path.unlink()
