from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # GUI tests run without a display

import pytest

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never touch the developer's real data or cache folders."""
    monkeypatch.setenv("STUDYAPP_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("STUDYAPP_CACHE_DIR", str(tmp_path / "default-cache"))
    # Window and theme preferences (QSettings) go to the test's own folder too.
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture
def engine(tmp_path: Path, clock: ManualClock) -> Iterator[StudyEngine]:
    """The built-in PMP banks, a fresh learner, a fixed clock."""
    e = StudyEngine.open(tmp_path / "data", exam="PMP", clock=clock, timezone=dt.UTC)
    e.set_exam_date(dt.date(2027, 2, 15))
    try:
        yield e
    finally:
        e.close()
