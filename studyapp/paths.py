"""Where things live: built-in data inside the package, the user's data and cache folders."""

from __future__ import annotations

import os
from importlib.resources import as_file, files
from pathlib import Path

import platformdirs

APP_NAME = "StudyApp"
DATA_DIR_ENV = "STUDYAPP_DATA_DIR"
CACHE_DIR_ENV = "STUDYAPP_CACHE_DIR"

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _package_dir(package: str, source_fallback: str) -> Path:
    """A data package's folder: inside the installed package, or in a source checkout."""
    try:
        with as_file(files(package)) as path:
            if path.is_dir():
                return Path(path)
    except ModuleNotFoundError:
        pass
    return _SOURCE_ROOT / source_fallback


def builtin_banks_dir() -> Path:
    """The built-in question banks shipped with the app."""
    return _package_dir("studyapp.question_banks", "question_banks")


def resources_dir() -> Path:
    """Icons, themes and the bank JSON Schema shipped with the app."""
    return _package_dir("studyapp.resources", "resources")


def outlines_dir() -> Path:
    return Path(__file__).resolve().parent / "outlines"


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
