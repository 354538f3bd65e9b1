"""``studyapp preview FILE --id ID``: one question of a bank file, exactly as learners see it.

For trainers writing a bank: answer the question with the mouse or keyboard, press Check to see
the marking, the rationales and the explanation; Reload (F5) reads the file again after an edit.
No study data is read or written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studyapp.banks import load_bank_file
from studyapp.engine import AnswerResult, QuestionView, bank_question_view
from studyapp.errors import StudyAppError
from studyapp.gui.widgets.labels import muted_label
from studyapp.gui.widgets.question_view import QuestionWidget
from studyapp.outlines import load_outlines
from studyapp.scheduler.grading import ResponseError, grade


def load_question(path: Path, question_id: str) -> QuestionView:
    """The question ``question_id`` of the bank file ``path``, or a clear error."""
    loaded = load_bank_file(path)
    if loaded.bank is None:
        first = next((p for p in loaded.problems if p.is_error), None)
        raise StudyAppError(str(first) if first else f"{path}: not a bank")
    bank = loaded.bank
    outline = load_outlines().get(bank.bank.outline)
    if outline is None:
        raise StudyAppError(f"{path}: unknown outline {bank.bank.outline!r}")
    for q in bank.questions:
        if q.id == question_id:
            return bank_question_view(q, bank, path, outline)
    ids = ", ".join(q.id for q in bank.questions[:12])
    raise StudyAppError(f"{path}: no question {question_id!r} (the file has: {ids}…)")


class PreviewWindow(QMainWindow):
    def __init__(self, path: Path, question_id: str) -> None:
        super().__init__()
        self.path = path
        self.question_id = question_id
        self.resize(1000, 760)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        body.setObjectName("page")
        scroll.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(32, 24, 32, 24)
        self.meta = muted_label()
        self.question = QuestionWidget()
        layout.addWidget(self.meta)
        layout.addWidget(self.question)
        layout.addStretch(1)
        bar = QHBoxLayout()
        bar.setContentsMargins(32, 8, 32, 16)
        self.check_button = QPushButton("&Check")
        self.check_button.setObjectName("primary")
        self.check_button.clicked.connect(self.check)
        reload_button = QPushButton("&Reload file (F5)")
        reload_button.clicked.connect(self.reload)
        QShortcut(QKeySequence("F5"), self, self.reload)
        bar.addWidget(muted_label(f"Preview of {path.name}: nothing is recorded", wrap=False))
        bar.addStretch(1)
        bar.addWidget(reload_button)
        bar.addWidget(self.check_button)
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addLayout(bar)
        self.setCentralWidget(central)
        self.view: QuestionView | None = None
        self.reload()

    def reload(self) -> None:
        try:
            self.view = load_question(self.path, self.question_id)
        except StudyAppError as exc:
            QMessageBox.warning(self, "StudyApp preview", str(exc))
            return
        q = self.view
        self.setWindowTitle(f"Preview — {q.id}")
        self.meta.setText(f"{q.id} · {q.type} · difficulty {q.difficulty} · {q.approach}")
        self.question.show_question(q, f"{q.domain_name} · {q.task} {q.task_name}")
        self.check_button.setEnabled(True)

    def check(self) -> None:
        q = self.view
        if q is None:
            return
        response = self.question.response()
        if response is None:
            return
        try:
            g = grade(q.model, response)
        except ResponseError as exc:
            QMessageBox.warning(self, "StudyApp preview", str(exc))
            return
        self.question.lock()
        self.question.mark(
            AnswerResult(
                question_id=q.id,
                correct=g.correct,
                score=g.score,
                correct_response=q.correct_response(),
                explanation=q.model.explanation,
                rationales={o.id: o.rationale for o in getattr(q.model, "options", [])},
                references=tuple(q.model.references),
                rating="",
                answer_id=0,
            )
        )
        self.check_button.setEnabled(False)


def run_preview(path: Path, question_id: str) -> int:
    from studyapp.gui.settings_store import UiSettings

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    UiSettings().apply(app)
    from studyapp.gui.icons import app_icon

    app.setWindowIcon(app_icon())
    load_question(path, question_id)  # a clear error before any window opens
    window = PreviewWindow(path, question_id)
    window.show()
    return app.exec()
