# mypy: disable-error-code="no-untyped-call"
"""The app as a whole: a damaged database at start-up, and settings that reopen the data."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.gui.app import AppController
from studyapp.gui.settings_store import UiSettings
from studyapp.gui.views.recovery import RecoveryChoice, RecoveryDialog
from studyapp.storage.backup import make_backup
from studyapp.storage.db import DB_FILENAME, open_database
from studyapp.storage.repo import answer_count, set_setting


@pytest.fixture
def app_dir(tmp_path: Path, clock: ManualClock) -> Path:
    data = tmp_path / "data"
    db = open_database(data, clock)
    set_setting(db, "app.exam", "PMP")
    db.close()
    return data


def _controller(qapp: object, data: Path, clock: ManualClock, tmp_path: Path) -> AppController:
    from PySide6.QtCore import QSettings

    ui = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    return AppController(qapp, data, clock, ui)  # type: ignore[arg-type]


def test_corrupt_database_offers_the_latest_backup_and_starts(
    qtbot: QtBot,
    qapp: object,
    app_dir: Path,
    clock: ManualClock,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_backup(app_dir, clock)
    (app_dir / DB_FILENAME).write_bytes(b"not a database at all" * 50)
    shown: list[str] = []

    def fake_exec(dialog: RecoveryDialog) -> int:
        shown.append(dialog.windowTitle())
        monkeypatch.setattr(dialog, "confirm", lambda *a, **k: True)
        dialog.restore_latest()
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    controller = _controller(qapp, app_dir, clock, tmp_path)
    assert controller.open()
    assert len(shown) == 1
    assert controller.window is not None
    qtbot.addWidget(controller.window)
    assert controller.window.engine.exam == "PMP"
    assert list((app_dir / "damaged").iterdir())  # the damaged file was kept, not deleted
    controller.window.engine.close()


def test_quitting_the_recovery_dialog_opens_nothing(
    qapp: object, app_dir: Path, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (app_dir / DB_FILENAME).write_bytes(b"garbage" * 100)

    def quit_exec(dialog: RecoveryDialog) -> int:
        dialog.choice = RecoveryChoice.QUIT
        return 0

    monkeypatch.setattr(RecoveryDialog, "exec", quit_exec)
    assert not _controller(qapp, app_dir, clock, tmp_path).open()


def test_switching_exam_in_settings_reopens_for_that_exam(
    qtbot: QtBot, qapp: object, app_dir: Path, clock: ManualClock, tmp_path: Path
) -> None:
    controller = _controller(qapp, app_dir, clock, tmp_path)
    assert controller.open()
    window = controller.window
    assert window is not None and window.engine.exam == "PMP"
    q = window.engine.questions()[0]
    window.engine.record_answer(q.id, q.correct_response(), 30)
    window.show_page("settings")
    index = window.settings.exam.findData("CAPM")
    window.settings.exam.setCurrentIndex(index)
    new = controller.window
    assert new is not None and new is not window
    qtbot.addWidget(new)
    assert new.engine.exam == "CAPM"
    assert answer_count(new.engine.db) == 1  # one database, history kept
    new.engine.close()
