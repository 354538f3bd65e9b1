# mypy: disable-error-code="no-untyped-call"
"""A mock exam through the screen: break, close mid-way, resume, submit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.gui.views.mock import MockExamView, clock_text
from studyapp.outlines import current_outline
from studyapp.sim.bank import write_synthetic_bank


class AnsweringView(MockExamView):
    """The screen with its confirmations answered by the test."""

    answers: list[bool]

    def confirm(self, title: str, text: str) -> bool:
        return self.answers.pop(0)


def _engine(tmp_path: Path, clock: ManualClock) -> StudyEngine:
    bank = write_synthetic_bank(tmp_path / "b" / "pmp.yaml", current_outline("PMP"), 10, seed=4)
    return StudyEngine.open(tmp_path / "d", exam="PMP", banks=[bank], clock=clock, timezone=dt.UTC)


def test_full_mock_through_a_break_closed_resumed_and_submitted(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    engine = _engine(tmp_path, clock)
    view = AnsweringView(engine)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    assert view.start_button.isEnabled() and view.full.isChecked()
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    s = view.session
    assert s is not None and len(s) == 180
    assert view.clock.text() == "4:00:00"
    # Answer the first section through the question widget and the navigator.
    for i in range(60):
        clock.advance(30)
        q = s.question(i)
        view.question.set_response(q.correct_response())
        view.question.responseChanged.emit()
        if i < 59:
            qtbot.keyClick(view, Qt.Key.Key_Return)
    assert s.item(59).response is not None
    assert view.nav_buttons[3].text() == "4✓"
    view.flag_button.toggle()
    assert "⚑" in view.nav_buttons[59].text()
    qtbot.keyClick(view, Qt.Key.Key_Return)  # last question of the section: the review screen
    assert view.pages.currentWidget() is view.review_page
    view.review_filter.button(2).setChecked(True)  # flagged only
    assert view.review_list.count() == 1
    view.answers = [True, True]  # end the section, take the break
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)
    assert s.status == "on_break" and view.pages.currentWidget() is view.break_page
    clock.advance(120)
    view._update_clock()
    assert view.break_clock.text() == clock_text(480)
    left_before_break_end = s.time_left_s()
    view.end_break()
    assert s.time_left_s() == left_before_break_end  # the break did not use exam time
    assert not view.nav_buttons[10].isEnabled()
    assert "locked" in view.nav_buttons[10].accessibleName()
    view.go(65)
    clock.advance(40)
    view.question.set_response(s.question(65).correct_response())
    view.question.responseChanged.emit()
    s.tick()
    left = s.time_left_s()
    engine.close()  # the app closes mid-exam

    clock.advance(2 * 3600)
    engine = _engine(tmp_path, clock)
    again = AnsweringView(engine)
    qtbot.addWidget(again)
    again.show()
    assert again.resume_card.isVisible() and not again.start_button.isEnabled()
    qtbot.mouseClick(again.resume_button, Qt.MouseButton.LeftButton)
    resumed = again.session
    assert resumed is not None and resumed.position == 65
    assert abs(resumed.time_left_s() - left) < 1
    assert again.clock.text() == clock_text(left)
    with qtbot.waitSignal(again.finished, timeout=1000) as blocker:
        again.answers = [True, False, True]  # end section 2 without a break, then end the exam
        again.show_review()
        again.end_section_or_exam()
        again.show_review()
        again.end_section_or_exam()
    done = blocker.args[0]
    result = done.result()
    assert result.answered == 61 and result.scored == 170
    engine.close()


def test_time_running_out_submits_the_exam(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    engine = _engine(tmp_path, clock)
    view = AnsweringView(engine)
    qtbot.addWidget(view)
    view.show()
    view.mini.setChecked(True)
    view.mini_size.setValue(12)
    view.start()
    assert view.session is not None
    clock.advance(17 * 60)  # 16 minutes allowed for 12 questions
    with qtbot.waitSignal(view.finished, timeout=1000):
        view._tick()
    assert view.session is None
    engine.close()


def test_finished_mock_opens_the_results_screen(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    from studyapp.gui.main_window import MainWindow

    engine = _engine(tmp_path, clock)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    window.show_page("mock")
    window.mock.mini.setChecked(True)
    window.mock.mini_size.setValue(10)
    window.mock.start()
    session = window.mock.session
    assert session is not None
    for i in range(10):
        window.mock.go(i)
        window.mock.question.set_response(session.question(i).correct_response())
        window.mock.question.responseChanged.emit()
    window.mock.confirm = lambda *_a: True  # type: ignore[method-assign]
    window.mock.show_review()
    window.mock.end_section_or_exam()
    assert window.stack.currentWidget() is window.results
    engine.close()
