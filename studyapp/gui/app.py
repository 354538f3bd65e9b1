"""Starting the desktop app: theme, first run, the database, the main window, recovery."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRect
from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp.clock import Clock, system_clock
from studyapp.engine import StudyEngine
from studyapp.errors import StorageError, StudyAppError
from studyapp.gui.main_window import MainWindow
from studyapp.gui.settings_store import UiSettings
from studyapp.gui.theme import apply_theme
from studyapp.gui.views.first_run import FirstRunDialog
from studyapp.gui.views.recovery import RecoveryChoice, RecoveryDialog
from studyapp.storage.backup import restore_backup
from studyapp.storage.db import open_database
from studyapp.storage.repo import get_setting, set_setting


def saved_exam(data_dir: Path, clock: Clock) -> str | None:
    db = open_database(data_dir, clock)
    try:
        value = get_setting(db, "app.exam")
        return value if value in ("PMP", "CAPM") else None
    finally:
        db.close()


def open_main_window(
    data_dir: Path, clock: Clock = system_clock, ui_settings: UiSettings | None = None
) -> MainWindow | None:
    """Open the engine for the saved exam (asking on first run) and build the window."""
    exam = saved_exam(data_dir, clock)
    first = None
    if exam is None:
        first = FirstRunDialog(clock().astimezone().date())
        if first.exec() != FirstRunDialog.DialogCode.Accepted:
            return None
        exam = first.exam
    engine = StudyEngine.open(data_dir, exam=exam, clock=clock)
    if first is not None:
        set_setting(engine.db, "app.exam", exam)
        engine.set_exam_date(first.exam_date)
        engine.set_daily_goal(first.goal.value())
    return MainWindow(engine, data_dir, ui_settings)


class AppController(QObject):
    """Keeps one main window open; reopens the data when settings ask for it."""

    def __init__(self, app: QApplication, data_dir: Path, clock: Clock, ui: UiSettings) -> None:
        super().__init__()
        self.app = app
        self.data_dir = data_dir
        self.clock = clock
        self.ui = ui
        self.window: MainWindow | None = None

    def adopt(
        self, engine: StudyEngine, geometry: QRect | None = None, *, show: bool = True
    ) -> MainWindow:
        """The main window for an engine opened elsewhere (by the quick start-up)."""
        window = MainWindow(engine, self.data_dir, self.ui)
        if geometry is not None:
            window.setGeometry(geometry)
        self._keep(window, show)
        return window

    def _keep(self, window: MainWindow, show: bool = True) -> None:
        window.restartRequested.connect(self.restart)
        window.appearanceChanged.connect(self._appearance)
        if show:
            window.show()
        self.window = window

    def open(self) -> bool:
        """Open the window, offering recovery while the database cannot be opened."""
        while True:
            try:
                window = open_main_window(self.data_dir, self.clock, self.ui)
                break
            except StorageError as exc:
                dialog = RecoveryDialog(exc, self.data_dir, self.clock)
                dialog.exec()
                if dialog.choice is RecoveryChoice.QUIT:
                    return False
            except StudyAppError as exc:
                QMessageBox.critical(None, "StudyApp", str(exc))
                return False
        if window is None:
            return False
        self._keep(window)
        return True

    def restart(self) -> None:
        old = self.window
        if old is None:
            return
        backup = old.pending_restore
        old.restartRequested.disconnect(self.restart)
        old.engine.close()
        old.hide()
        old.deleteLater()
        self.window = None
        if backup is not None:
            try:
                restore_backup(self.data_dir, backup, self.clock)
            except StorageError as exc:
                QMessageBox.warning(None, "StudyApp could not restore the backup", str(exc))
        if not self.open():
            self.app.quit()

    def _appearance(self, theme: str, size: int) -> None:
        apply_theme(self.app, theme, size)


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    """Start the desktop app (see :mod:`studyapp.gui.launch`)."""
    from studyapp.gui.launch import run as launch

    return launch(data_dir, argv)
