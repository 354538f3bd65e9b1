from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from studyapp.clock import ManualClock


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
