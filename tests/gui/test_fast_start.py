# mypy: disable-error-code="no-untyped-call"
"""The quick start: the last dashboard at once, the live window when the data is loaded."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.dashboard import SNAPSHOT_NAME, dashboard_data, load_snapshot, save_snapshot
from studyapp.engine import StudyEngine
from studyapp.gui.app import AppController
from studyapp.gui.launch import FastStart, StartupWindow, start
from studyapp.gui.main_window import MainWindow
from studyapp.gui.settings_store import UiSettings
from studyapp.gui.views.recovery import RecoveryDialog
from studyapp.storage.backup import make_backup
from studyapp.storage.db import DB_FILENAME
from studyapp.storage.repo import set_setting


@pytest.fixture
def ui(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def app_dir(tmp_path: Path, clock: ManualClock) -> Path:
    """A learner who has used the app before: an exam chosen, some answers, a snapshot."""
    data = tmp_path / "data"
    engine = StudyEngine.open(data, exam="PMP", clock=clock)
    set_setting(engine.db, "app.exam", "PMP")
    engine.set_daily_goal(25)
    for pick in engine.next_session(7):
        engine.record_answer(pick.question.id, pick.question.correct_response(), 30)
    save_snapshot(data, dashboard_data(engine))
    engine.close()
    return data


def _live_window(fast: FastStart) -> MainWindow:
    assert fast.controller is not None and fast.controller.window is not None
    return fast.controller.window


def test_the_snapshot_shows_at_once_and_a_click_waits_for_the_data(
    qtbot: QtBot, qapp: object, app_dir: Path, clock: ManualClock, ui: UiSettings
) -> None:
    fast = start(qapp, app_dir, clock, ui)  # type: ignore[arg-type]
    assert isinstance(fast, FastStart)
    shell = fast.window
    assert isinstance(shell, StartupWindow) and shell.isVisible()
    assert shell.dashboard.title.text() == "Your PMP preparation"
    assert shell.dashboard.today.text() == "7 / 25"  # the last figures, before any loading
    with qtbot.waitSignal(fast.live, timeout=30_000):
        qtbot.mouseClick(shell.dashboard.start, Qt.MouseButton.LeftButton)  # before it is ready
        assert shell.pending == "start"
    window = _live_window(fast)
    qtbot.addWidget(window)
    assert window.isVisible() and not shiboken6.isValid(shell)  # handed over and freed
    assert window.stack.currentWidget() is window.study  # the click was carried out
    assert window.study.picks
    window.show_page("dashboard")
    assert window.dashboard.today.text() == "7 / 25"
    window.close()


def test_a_screen_asked_for_while_loading_opens_when_ready(
    qtbot: QtBot, qapp: object, app_dir: Path, clock: ManualClock, ui: UiSettings
) -> None:
    fast = start(qapp, app_dir, clock, ui)  # type: ignore[arg-type]
    assert isinstance(fast, FastStart)
    with qtbot.waitSignal(fast.live, timeout=30_000):
        fast.window.nav_buttons["browse"].click()
    window = _live_window(fast)
    qtbot.addWidget(window)
    assert window.stack.currentWidget() is window.browse
    window.close()


def test_a_damaged_database_still_gets_the_recovery_dialog(
    qtbot: QtBot,
    qapp: object,
    app_dir: Path,
    clock: ManualClock,
    ui: UiSettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    make_backup(app_dir, clock)
    (app_dir / DB_FILENAME).write_bytes(b"not a database at all" * 50)
    assert load_snapshot(app_dir) is not None  # the snapshot is there; the data is not
    shown: list[str] = []

    def fake_exec(dialog: RecoveryDialog) -> int:
        shown.append(dialog.windowTitle())
        monkeypatch.setattr(dialog, "confirm", lambda *a, **k: True)
        dialog.restore_latest()
        return 1

    monkeypatch.setattr(RecoveryDialog, "exec", fake_exec)
    fast = start(qapp, app_dir, clock, ui)  # type: ignore[arg-type]
    assert isinstance(fast, FastStart)
    with qtbot.waitSignal(fast.live, timeout=30_000):
        pass
    assert len(shown) == 1
    qtbot.waitUntil(lambda: not shiboken6.isValid(fast.window))  # closed and freed
    window = _live_window(fast)
    qtbot.addWidget(window)
    assert window.engine.exam == "PMP"
    window.close()


def test_without_a_snapshot_the_app_starts_the_ordinary_way(
    qtbot: QtBot, qapp: object, app_dir: Path, clock: ManualClock, ui: UiSettings
) -> None:
    (app_dir / SNAPSHOT_NAME).unlink()
    controller = start(qapp, app_dir, clock, ui)  # type: ignore[arg-type]
    assert isinstance(controller, AppController) and controller.window is not None
    qtbot.addWidget(controller.window)
    assert (app_dir / SNAPSHOT_NAME).exists()  # written by the live dashboard for next time
    controller.window.close()
