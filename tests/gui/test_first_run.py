# mypy: disable-error-code="no-untyped-call"
"""First run asks for the exam, date and goal once; later starts go straight to the dashboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.gui.app import open_main_window
from studyapp.gui.views.first_run import FirstRunDialog


def test_first_run_then_straight_to_the_dashboard(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[FirstRunDialog] = []

    def fake_exec(dialog: FirstRunDialog) -> int:
        asked.append(dialog)
        dialog.capm.setChecked(True)
        dialog.has_date.setChecked(True)
        dialog.date.setDate(dialog.date.minimumDate().addDays(45))
        dialog.goal.setValue(25)
        return int(FirstRunDialog.DialogCode.Accepted.value)

    monkeypatch.setattr(FirstRunDialog, "exec", fake_exec)
    window = open_main_window(tmp_path, clock)
    assert window is not None
    qtbot.addWidget(window)
    assert len(asked) == 1
    assert window.engine.exam == "CAPM"
    assert window.engine.daily_goal == 25
    assert window.engine.days_left() == 45
    window.engine.close()

    second = open_main_window(tmp_path, clock)
    assert second is not None
    qtbot.addWidget(second)
    assert len(asked) == 1  # not asked again
    assert second.engine.exam == "CAPM" and second.engine.daily_goal == 25
    _every_control_is_named(second)
    second.engine.close()


def test_cancelling_first_run_opens_nothing(
    tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(FirstRunDialog, "exec", lambda _d: 0)
    assert open_main_window(tmp_path, clock) is None


def _every_control_is_named(root: QWidget) -> None:
    """Every interactive control can be announced by a screen reader."""
    unnamed = []
    for cls in (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit):
        for w in root.findChildren(cls):
            name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
            inner = isinstance(w.parent(), (QAbstractSpinBox, QComboBox))  # part of a named control
            if not name.strip() and w.isVisibleTo(root) and not inner:
                unnamed.append(f"{type(w).__name__} {w.objectName()}")
    assert unnamed == []


def test_dashboard_and_study_controls_are_named(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    from studyapp.engine import StudyEngine
    from studyapp.gui.main_window import MainWindow

    engine = StudyEngine.open(tmp_path / "d", exam="PMP", clock=clock, timezone=dt.UTC)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    _every_control_is_named(window)
    window.start_session()
    _every_control_is_named(window.study)
    window.show_page("mock")
    _every_control_is_named(window.mock)
    engine.close()


def test_practice_and_mistakes_start_sessions_in_the_study_screen(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    from studyapp.engine import StudyEngine
    from studyapp.gui.main_window import MainWindow

    engine = StudyEngine.open(tmp_path / "d", exam="PMP", clock=clock, timezone=dt.UTC)
    q = next(q for q in engine.questions() if q.type == "single")
    wrong = next(o.id for o in q.options if o.id != q.correct_response())
    engine.record_answer(q.id, wrong, 30)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    for key in ("practice", "mistakes", "browse", "settings"):
        window.nav_buttons[key].click()
        assert window.nav_buttons[key].isChecked()
        current = window.stack.currentWidget()
        assert current is not None
        _every_control_is_named(current)
    window.nav_buttons["mistakes"].click()
    window.mistakes.retry_all()
    assert window.stack.currentWidget() is window.study
    assert [p.question.id for p in window.study.picks] == [q.id]
    engine.close()


def test_fonts_follow_the_font_size_setting(qtbot: QtBot, qapp: object, engine: object) -> None:
    from PySide6.QtWidgets import QApplication

    from studyapp.gui.theme import apply_theme
    from studyapp.gui.views.study import StudyView

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    heights = []
    for size in (11, 16):
        apply_theme(app, "light", size)
        view = StudyView(engine)  # type: ignore[arg-type]
        qtbot.addWidget(view)
        view.resize(1000, 700)
        view.show()
        assert view.start(1, beyond_goal=True)
        assert view.font().pointSize() == size
        row = view.question.rows[0] if view.question.rows else view.question
        heights.append(row.sizeHint().height())
    apply_theme(app, "light", 11)
    assert heights[1] > heights[0]  # larger type, taller rows: nothing clipped to a fixed size
