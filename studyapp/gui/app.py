"""Starting the desktop app: theme, first run, the database, the main window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from studyapp.clock import Clock, system_clock
from studyapp.engine import StudyEngine
from studyapp.errors import StudyAppError
from studyapp.gui.main_window import MainWindow
from studyapp.gui.theme import apply_theme
from studyapp.gui.views.first_run import FirstRunDialog
from studyapp.storage.db import open_database
from studyapp.storage.repo import get_setting, set_setting


def saved_exam(data_dir: Path, clock: Clock) -> str | None:
    db = open_database(data_dir, clock)
    try:
        value = get_setting(db, "app.exam")
        return value if value in ("PMP", "CAPM") else None
    finally:
        db.close()


def open_main_window(data_dir: Path, clock: Clock = system_clock) -> MainWindow | None:
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
    return MainWindow(engine)


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("StudyApp")
    apply_theme(app, "light")
    try:
        window = open_main_window(data_dir)
    except StudyAppError as exc:
        QMessageBox.critical(None, "StudyApp cannot open your data", str(exc))
        return 3
    if window is None:
        return 0
    window.show()
    return app.exec()
