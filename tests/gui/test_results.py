# mypy: disable-error-code="no-untyped-call"
"""The results screen of a mock exam, driven offscreen: summary, review, CSV and PDF exports."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QWidget,
)
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import MockSession, StudyEngine
from studyapp.gui.views.results import ResultsView
from studyapp.outlines import current_outline
from studyapp.sim.bank import write_synthetic_bank


def _engine(tmp_path: Path, clock: ManualClock) -> StudyEngine:
    bank = write_synthetic_bank(tmp_path / "b" / "pmp.yaml", current_outline("PMP"), 6, seed=5)
    return StudyEngine.open(tmp_path / "d", exam="PMP", banks=[bank], clock=clock, timezone=dt.UTC)


def _finished_mock(engine: StudyEngine, clock: ManualClock) -> MockSession:
    """A 12-question mini mock: every third answered wrong (or left out), one flagged."""
    mock = engine.start_mock(kind="mini", questions=12)
    for i in range(12):
        q = mock.question(i)
        if i % 3:
            mock.answer(i, q.correct_response())
        elif q.type == "single":
            mock.answer(i, next(o.id for o in q.options if o.id != q.correct_response()))
        clock.advance(45)
    mock.flag(4)
    mock.finish()
    return mock


class SavingView(ResultsView):
    """The screen with its file dialog answered by the test."""

    answers: list[str | None]

    def ask_save_path(self, caption: str, suggested: str, name_filter: str) -> str | None:
        self.asked.append(suggested)
        return self.answers.pop(0)

    asked: list[str]


def _view(qtbot: QtBot, engine: StudyEngine, answers: list[str | None]) -> SavingView:
    view = SavingView(engine)
    view.answers, view.asked = answers, []
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view


def test_results_summary_domains_and_review(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock, qtmodeltester: ModelTester
) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = _finished_mock(engine, clock)
        result = mock.result()
        view = _view(qtbot, engine, [])
        view.show_result(mock)

        assert view.score.text() == f"{result.percent:.0f} %"
        assert view.verdict.text() in ("Estimated pass", "Estimated fail")
        assert "estimate" in view.verdict_note.text()
        assert "Above Target from 80 %" in view.threshold_note.text()
        for d in result.domains:  # the rating in words next to every domain bar
            assert view.domain_labels[d.code].text() == f"{d.percent:.0f} % · {d.rating}"
        assert view.pace_values["exam"].text() == f"{result.exam_pace_s:.0f} s"
        assert view.task_model.rowCount() == len(result.tasks)
        for model in (view.task_model, view.task_proxy, view.review_model):
            qtmodeltester.check(model)

        # All questions, the first one shown locked with its answer marked.
        assert view.review_model.rowCount() == 12
        assert view.question_widget.question is not None
        assert view.question_widget.question.id == mock.item(0).question_id
        assert view.question_widget.locked

        wrong = [r.index for r in result.items if not r.correct]
        assert wrong and len(wrong) < 12
        qtbot.mouseClick(view.filter_buttons["wrong"], Qt.MouseButton.LeftButton)
        assert view.review_model.which == "wrong"
        assert view.filter_buttons["wrong"].text() == f"Wrong ({len(wrong)})"
        rows = [view.review_model.item_at(r).index for r in range(view.review_model.rowCount())]
        assert rows == wrong
        # Selecting a wrong question shows it with the correct answer in words.
        second = view.review_model.index(1, 0)
        view.review_list.setCurrentIndex(second)
        shown = mock.question(wrong[1])
        assert view.question_widget.question is not None
        assert view.question_widget.question.id == shown.id
        assert view.feedback.isVisible()
        texts = [w.text() for w in view.feedback.findChildren(type(view.title))]
        assert any(t.startswith("Correct answer:") for t in texts)
        assert any(t.startswith(("✗ Wrong", "✗ Not answered")) for t in texts)
        marks = [r.label.text() for r in view.question_widget.rows]
        assert sum("correct answer" in t for t in marks) >= 1

        view.set_review_filter("flagged")
        assert view.review_model.rowCount() == 1
        assert view.question_widget.question is not None
        assert view.question_widget.question.id == mock.item(4).question_id
        qtmodeltester.check(view.review_model)
        _every_control_is_named(view)

        with qtbot.waitSignal(view.back, timeout=1000):
            qtbot.mouseClick(view.back_button, Qt.MouseButton.LeftButton)


def test_export_csv_and_pdf(qtbot: QtBot, tmp_path: Path, clock: ManualClock) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with _engine(tmp_path, clock) as engine:
        mock = _finished_mock(engine, clock)
        view = _view(qtbot, engine, [str(out / "mock results"), str(out / "report.pdf"), None])
        view.show_result(mock)

        with qtbot.waitSignal(view.exported, timeout=2000) as csv_done:
            qtbot.mouseClick(view.csv_button, Qt.MouseButton.LeftButton)
        assert view.asked == ["pmp-mini-mock-2026-11-26.csv"]
        csv_path = out / "mock results.csv"  # the suffix is added
        assert csv_done.args == [str(csv_path)]
        with csv_path.open(encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        assert rows[0][:3] == ["position", "id", "domain"]
        assert len(rows[1 : rows.index([])]) == 12

        with qtbot.waitSignal(view.exported, timeout=30000) as pdf_done:
            qtbot.mouseClick(view.pdf_button, Qt.MouseButton.LeftButton)
            assert view.busy and not view.pdf_button.isEnabled()
            assert "Writing the PDF" in view.status.text()
        pdf = out / "report.pdf"
        assert pdf_done.args == [str(pdf)]
        data = pdf.read_bytes()
        assert data.startswith(b"%PDF") and len(data) > 10_000
        assert not view.busy and view.pdf_button.isEnabled()
        assert QApplication.overrideCursor() is None
        assert str(pdf) in view.status.text()
        assert sorted(p.name for p in out.iterdir()) == ["mock results.csv", "report.pdf"]

        # Cancelling the dialog writes nothing.
        with qtbot.assertNotEmitted(view.exported):
            assert view.export_csv() is None


def test_export_failure_is_reported_not_raised(
    qtbot: QtBot, tmp_path: Path, clock: ManualClock
) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = _finished_mock(engine, clock)
        missing = tmp_path / "no such folder"
        view = _view(qtbot, engine, [str(missing / "r.csv"), str(missing / "r.pdf")])
        view.show_result(mock)
        with qtbot.waitSignal(view.failed, timeout=2000):
            view.export_csv()
        assert "could not be written" in view.status.text()
        with qtbot.waitSignal(view.failed, timeout=30000):
            view.export_pdf()
        assert "PDF report could not be written" in view.status.text()
        assert not view.busy and QApplication.overrideCursor() is None
        assert not missing.exists()


def _every_control_is_named(root: QWidget) -> None:
    """Every interactive control can be announced by a screen reader."""
    unnamed = []
    for cls in (QAbstractButton, QComboBox, QAbstractSpinBox, QLineEdit):
        for w in root.findChildren(cls):
            name = w.accessibleName() or (w.text() if isinstance(w, QAbstractButton) else "")
            inner = isinstance(w.parent(), (QAbstractSpinBox, QComboBox))
            if not name.strip() and w.isVisibleTo(root) and not inner:
                unnamed.append(f"{type(w).__name__} {w.objectName()}")
    assert unnamed == []
