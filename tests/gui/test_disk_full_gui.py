# mypy: disable-error-code="no-untyped-call"
"""A full disk in a study session: a clear message, no traceback, and the learner answers again."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.gui.main_window import MainWindow
from studyapp.outlines import current_outline
from studyapp.sim.bank import write_synthetic_bank
from studyapp.storage.repo import answer_count


def test_failed_save_shows_a_message_and_the_learner_answers_again(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    bank = write_synthetic_bank(tmp_path / "banks" / "sim.yaml", current_outline("PMP"), 2, seed=5)
    engine = StudyEngine.open(tmp_path / "data", banks=[bank], clock=clock, timezone=dt.UTC)
    engine.set_daily_goal(3)
    shown: list[tuple[str, str]] = []

    def warning(_parent: Any, title: str, text: str, *args: Any, **kw: Any) -> Any:
        shown.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "critical", warning)
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(e))

    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.show()
    qtbot.mouseClick(window.dashboard.start, Qt.MouseButton.LeftButton)
    study = window.study
    assert window.stack.currentWidget() is study and len(study.picks) == 3

    # First answer saves normally.
    q = study.picks[0].question
    study.question.set_response(q.correct_response())
    qtbot.keyClick(study, Qt.Key.Key_Return)
    assert study.result is not None and answer_count(engine.db) == 1
    qtbot.keyClick(study, Qt.Key.Key_Return)  # next question
    assert study.index == 1

    # The disk fills up: the answer fails to save.
    q = study.picks[1].question
    study.question.set_response(q.correct_response())
    dialect = engine.db.engine.dialect

    def full(_conn: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(dialect, "do_commit", full, raising=False)
    qtbot.keyClick(study, Qt.Key.Key_Return)
    assert len(shown) == 1
    title, text = shown[0]
    assert title == "StudyApp"
    assert "full" in text and "not saved" in text and "answer again" in text
    assert "Traceback" not in text and "OperationalError" not in text
    assert hooked == []  # nothing escaped to Qt's event loop
    # Still on the same question, unlocked, the response kept, and Submit still offered.
    assert study.result is None and study.index == 1
    assert study.feedback.isHidden()
    assert study.question.response() is not None
    assert study.submit.isEnabled() and study.submit.text().startswith("Submit")
    assert engine.answered_today() == 1

    # Space is back: nothing saved before was lost, and the same Enter saves this answer.
    monkeypatch.delattr(dialect, "do_commit")
    assert answer_count(engine.db) == 1
    qtbot.keyClick(study, Qt.Key.Key_Return)
    assert study.result is not None and study.result.question_id == q.id
    assert not study.feedback.isHidden()
    assert answer_count(engine.db) == 2 and engine.answered_today() == 2
    assert len(shown) == 1 and hooked == []
