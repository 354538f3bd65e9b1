"""The small, typed error hierarchy of the core.

Every error a user can cause or meet (a broken bank, a database from a newer version, a locked or
full disk) is a :class:`StudyAppError` with a message written for that user. Anything else is a bug.
"""

from __future__ import annotations


class StudyAppError(Exception):
    """An expected problem with a message fit to show a user."""


class BankError(StudyAppError):
    """A question bank could not be read."""


class OutlineError(StudyAppError):
    """A built-in outline file is inconsistent (a packaging bug, reported clearly)."""


class StorageError(StudyAppError):
    """The study database cannot be used as it is."""


class DatabaseTooNewError(StorageError):
    """The database was written by a newer StudyApp."""


class DatabaseLockedError(StorageError):
    """Another program holds the database."""


class DiskFullError(StorageError):
    """The disk holding the data folder is full."""


class CorruptDatabaseError(StorageError):
    """The database file is damaged."""
