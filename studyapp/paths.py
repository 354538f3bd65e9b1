"""Where things live: built-in data inside the package, the user's data and cache folders."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "StudyApp"
DATA_DIR_ENV = "STUDYAPP_DATA_DIR"
CACHE_DIR_ENV = "STUDYAPP_CACHE_DIR"

_PACKAGE_DIR = Path(__file__).resolve().parent
_SOURCE_ROOT = _PACKAGE_DIR.parent


def _package_dir(name: str) -> Path:
    """A data folder shipped inside the installed package (``studyapp/<name>``).

    In a source checkout (or an editable install) the folder sits at the top of the tree instead.
    """
    installed = _PACKAGE_DIR / name
    if installed.is_dir():
        return installed
    return _SOURCE_ROOT / name


def builtin_banks_dir() -> Path:
    """The built-in question banks shipped with the app."""
    return _package_dir("question_banks")


def resources_dir() -> Path:
    """Icons, themes and the bank JSON Schema shipped with the app."""
    return _package_dir("resources")


def outlines_dir() -> Path:
    return _PACKAGE_DIR / "outlines"


def default_data_dir() -> Path:
    """The user's data folder: $STUDYAPP_DATA_DIR, else the platform's user data folder."""
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_cache_dir(data_dir: Path | None = None) -> Path:
    """Where derived, disposable files go (the validated-bank cache).

    With an explicit data folder the cache sits inside it, so one folder holds a whole profile.
    """
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    if data_dir is not None:
        return data_dir / "cache"
    if os.environ.get(DATA_DIR_ENV):
        return default_data_dir() / "cache"
    return Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def user_banks_dir(data_dir: Path) -> Path:
    """Where the learner's own banks live: one folder per added bank file or bank pack."""
    return data_dir / "banks"


#: The folder of the built-in banks for each exam's current outline.
BUILTIN_EXAM_FOLDERS = {"PMP": "pmp", "CAPM": "capm"}


def default_bank_paths(data_dir: Path, exam: str | None = None) -> list[Path]:
    """The built-in banks (for ``exam`` only: its folder and the glossary), then the learner's
    own banks folder when there is one. Built-in banks of other exams are not even read."""
    builtin = builtin_banks_dir()
    folder = BUILTIN_EXAM_FOLDERS.get(exam or "")
    shipped = [builtin] if folder is None else [builtin / folder, builtin / "glossary.yaml"]
    user = user_banks_dir(data_dir)
    return [*shipped, *([user] if user.is_dir() else [])]
