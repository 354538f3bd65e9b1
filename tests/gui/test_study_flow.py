# mypy: disable-error-code="no-untyped-call"
"""The study screens driven through their widgets, offscreen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.banks import model as m
from studyapp.clock import ManualClock
from studyapp.engine import QuestionView, StudyEngine
from studyapp.gui.main_window import MainWindow
from studyapp.gui.views.study import StudyView
from studyapp.gui.widgets.question_view import QuestionWidget
from studyapp.storage.repo import answer_count


def _wrong(q: QuestionView) -> Any:
    right = q.correct_response()
    model = q.model
    if isinstance(model, m.HotspotQuestion):
        from studyapp.scheduler.grading import region_centre

        return region_centre(next(o for o in model.options if o.id != right).region)
    if isinstance(model, m.SingleQuestion):
        return next(o for o in model.options if o.id != right).id
    if isinstance(model, m.MultipleQuestion):
        return [o.id for o in model.options if o.id not in right][: len(right)]
    if isinstance(model, m.MatchingQuestion):
        keys = list(right)
        return {k: right[keys[(i + 1) % len(keys)]] for i, k in enumerate(keys)}
    if isinstance(model, m.NumericQuestion):
        return right + 1000 * (model.answer.tolerance + 1)
    return list(reversed(right))


def _enter_through_widgets(qtbot: QtBot, w: QuestionWidget, response: Any) -> None:
    """Give a response the way a learner would: clicks, keys, typing."""
    q = w.question
    assert q is not None
    model = q.model
    if isinstance(model, m.SingleQuestion):
        index = [o.id for o in q.options].index(response)
        qtbot.keyClick(w, str(index + 1))
    elif isinstance(model, m.MultipleQuestion):
        for oid in response:
            w.rows[[o.id for o in q.options].index(oid)].button.click()
    elif isinstance(model, m.MatchingQuestion):
        for pid, oid in response.items():
            combo = w.combos[pid]
            combo.setCurrentIndex(combo.findData(oid))
    elif isinstance(model, m.NumericQuestion):
        assert w.number is not None
        w.number.setFocus()
        w.number.lineEdit().setText(str(response))
        w.number.interpretText()
    elif isinstance(model, m.OrderingQuestion):
        assert w.order is not None
        for target, oid in enumerate(response):
            row = next(
                i
                for i in range(w.order.count())
                if w.order.item(i).data(Qt.ItemDataRole.UserRole) == oid
            )
            w.order.setCurrentRow(row)
            for _ in range(row - target):
                w.move_selected(-1)
    else:
        assert w.canvas is not None
        scale = w.canvas._scale()
        x, y = response
        from PySide6.QtCore import QPoint

        qtbot.mouseClick(
            w.canvas, Qt.MouseButton.LeftButton, pos=QPoint(int(x * scale), int(y * scale))
        )


def test_every_question_type_right_and_wrong_through_widgets(
    qtbot: QtBot, engine: StudyEngine
) -> None:
    engine.set_daily_goal(500)
    view = StudyView(engine)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    by_type: dict[str, QuestionView] = {}
    for q in engine.questions():
        by_type.setdefault(q.type, q)
    assert set(by_type) == {"single", "multiple", "matching", "numeric", "hotspot", "ordering"}
    for q in by_type.values():
        for correct in (True, False):
            view.picks = [
                type("P", (), {"question": q, "reason": "new topic"})()
            ]  # one-question session
            view.index = 0
            view._show()
            response = q.correct_response() if correct else _wrong(q)
            _enter_through_widgets(qtbot, view.question, response)
            assert view.question.response() is not None, q.type
            assert view.submit.isEnabled()
            qtbot.keyClick(view, Qt.Key.Key_Return)
            assert view.result is not None
            assert view.result.correct is correct, (q.id, q.type, correct, view.question.response())
            assert view.feedback.isVisible()
            assert view.question.locked
    assert answer_count(engine.db) == 12


def test_session_from_dashboard_to_summary(qtbot: QtBot, engine: StudyEngine) -> None:
    engine.set_daily_goal(5)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    assert window.dashboard.days.text().endswith("days")
    assert window.dashboard.ready.text() == "Not yet"
    qtbot.mouseClick(window.dashboard.start, Qt.MouseButton.LeftButton)
    assert window.stack.currentWidget() is window.study
    assert len(window.study.picks) == 5
    for _ in range(5):
        q = window.study.picks[window.study.index].question
        window.study.question.set_response(q.correct_response())
        window.study.question.responseChanged.emit()
        qtbot.keyClick(window.study, Qt.Key.Key_Return)  # submit
        qtbot.keyClick(window.study, Qt.Key.Key_Return)  # next / finish
    assert window.stack.currentWidget() is window.done
    assert "5 of 5 right" in window.done.title.text()
    window.show_page("dashboard")
    assert window.dashboard.today.text() == "5 / 5"


def test_flag_and_strike_from_the_keyboard(qtbot: QtBot, engine: StudyEngine) -> None:
    view = StudyView(engine)
    qtbot.addWidget(view)
    view.show()
    assert view.start(3)
    q = view.picks[0].question
    view.activateWindow()
    view.flag_button.toggle()
    assert q.id in engine.flagged()
    if view.question.rows:
        view.question.rows[0].button.setFocus()
        struck = view.question.strike()
        assert struck == [q.options[0].id]
        assert view.question.rows[0].label.font().strikeOut()


def test_bank_problems_show_a_banner_and_the_app_still_starts(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    good = Path(__file__).parent.parent / "data" / "good.yaml"
    bad = tmp_path / "banks" / "broken.yaml"
    bad.parent.mkdir()
    bad.write_text(
        good.read_text(encoding="utf-8")
        .replace("answer: a", "answer: z")
        .replace("good-1", "bad-1")
        .replace("id: good\n", "id: broken\n"),
        encoding="utf-8",
    )
    (tmp_path / "banks" / "good.yaml").write_text(
        good.read_text(encoding="utf-8"), encoding="utf-8"
    )
    engine = StudyEngine.open(
        tmp_path / "data", exam="PMP", banks=[tmp_path / "banks"], clock=clock
    )
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    assert [q.id for q in engine.questions()] == ["good-1"]
    assert window.banner is not None and window.banner.isVisible()
    text = window.banner.findChildren(type(window.dashboard.title))[0].text()
    assert "broken.yaml:" in text and "answer 'z' is not among the options" in text
    dismiss = next(
        b for b in window.banner.findChildren(type(window.dashboard.start)) if b.text() == "Dismiss"
    )
    qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
    assert not window.banner.isVisible()
