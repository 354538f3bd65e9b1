# mypy: disable-error-code="no-untyped-call"
"""Flashcards through the screen: review with the keyboard, search the glossary."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.gui.views.flashcards import FlashcardsView

DATA = Path(__file__).parent.parent / "data"


def test_review_due_cards_with_the_keyboard_and_search(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "glossary.yaml").write_text(
        (DATA / "glossary.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    engine = StudyEngine.open(tmp_path / "d", banks=[folder], clock=clock, timezone=dt.UTC)
    view = FlashcardsView(engine)
    qtbot.addWidget(view)
    view.show()
    assert view.list.count() == 2 and "2 terms" in view.status.text()
    qtbot.mouseClick(view.start_button, Qt.MouseButton.LeftButton)
    first = view.current
    assert first is not None and view.show_button.isVisible() and not view.answer.isVisible()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert view.answer.isVisible() and first.example in view.answer.toPlainText()
    qtbot.keyClick(view, Qt.Key.Key_3)  # good
    second = view.current
    assert second is not None and second.id != first.id
    qtbot.keyClick(view, Qt.Key.Key_Space)
    qtbot.keyClick(view, Qt.Key.Key_1)  # again
    assert view.term.text() == "All done for now"
    clock.advance(40 * 86400)
    view.refresh()
    assert "2 due" in view.status.text()
    view.search.setText("slip")
    assert [view.list.item(i).text() for i in range(view.list.count())] == ["Total float"]
    view.list.setCurrentRow(0)
    assert view.term.text() == "Total float" and view.answer.isVisible()
    engine.close()
