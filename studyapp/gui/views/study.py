"""A study session picked by the scheduler: answer, then see why every option is right or wrong."""

from __future__ import annotations

import time

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studyapp.engine import AnswerResult, SessionPick, StudyEngine
from studyapp.errors import StudyAppError
from studyapp.gui.richtext import SafeTextBrowser
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.layout import clear_layout
from studyapp.gui.widgets.question_view import LETTERS, QuestionWidget, plain

CONFIDENCE = (("Guessing", 1), ("Fairly sure", 2), ("Certain", 3))


class StudyView(QWidget):
    finished = Signal()
    failed = Signal(str)

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("page")
        self.picks: list[SessionPick] = []
        self.index = 0
        self.right = 0
        self.result: AnswerResult | None = None
        self.started = time.monotonic()

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 24, 32, 24)
        outer.setSpacing(14)
        top = QHBoxLayout()
        self.counter = muted_label(wrap=False)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName("Session progress")
        top.addWidget(self.counter)
        top.addWidget(self.progress, 1)
        outer.addLayout(top)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        body.setObjectName("page")
        scroll.setWidget(body)
        self.body = QVBoxLayout(body)
        self.body.setSpacing(16)
        self.question = QuestionWidget()
        self.question.responseChanged.connect(self._update_buttons)
        self.body.addWidget(self.question)
        self.feedback = QFrame()
        self.feedback.setObjectName("feedback")
        self.feedback_layout = QVBoxLayout(self.feedback)
        self.feedback_layout.setContentsMargins(20, 16, 20, 16)
        self.feedback_layout.setSpacing(10)
        self.body.addWidget(self.feedback)
        self.body.addStretch(1)
        outer.addWidget(scroll, 1)

        bottom = QHBoxLayout()
        bottom.setSpacing(10)
        conf_label = muted_label("Confidence (optional):", wrap=False)
        bottom.addWidget(conf_label)
        self.confidence = QButtonGroup(self)
        self.confidence.setExclusive(False)
        for text, value in CONFIDENCE:
            b = QPushButton(text)
            b.setCheckable(True)
            b.setAccessibleName(f"Confidence: {text}")
            b.toggled.connect(lambda on, v=value: self._confidence_toggled(v, on))
            self.confidence.addButton(b, value)
            bottom.addWidget(b)
        bottom.addStretch(1)
        self.flag_button = QPushButton("Flag (F)")
        self.flag_button.setCheckable(True)
        self.flag_button.setAccessibleName("Flag this question")
        self.flag_button.toggled.connect(self._flag)
        self.submit = QPushButton("Submit (Enter)")
        self.submit.setObjectName("primary")
        self.submit.setAccessibleName("Submit answer")
        self.submit.clicked.connect(self.submit_or_next)
        bottom.addWidget(self.flag_button)
        bottom.addWidget(self.submit)
        outer.addLayout(bottom)

        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self, self.submit_or_next)
        QShortcut(QKeySequence("F"), self, self.flag_button.toggle)
        QShortcut(QKeySequence("S"), self, self.question.strike)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that reach the screen itself (the shortcuts cover the focused window)."""
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.submit_or_next()
        elif key == Qt.Key.Key_F and not event.modifiers():
            self.flag_button.toggle()
        elif key == Qt.Key.Key_S and not event.modifiers():
            self.question.strike()
        else:
            self.question.keyPressEvent(event)

    # ------------------------------------------------------------------ flow
    def start(self, size: int = 20, beyond_goal: bool = False) -> bool:
        try:
            self.picks = self.engine.next_session(size, beyond_goal=beyond_goal)
        except StudyAppError as exc:
            self.failed.emit(str(exc))
            return False
        self.index, self.right = 0, 0
        if not self.picks:
            return False
        self._show()
        return True

    def start_with(self, picks: list[SessionPick]) -> bool:
        """Run a session over questions chosen elsewhere (practice filters, mistakes)."""
        self.picks = list(picks)
        self.index, self.right = 0, 0
        if not self.picks:
            return False
        self._show()
        return True

    def _show(self) -> None:
        pick = self.picks[self.index]
        q = pick.question
        n = len(self.picks)
        self.counter.setText(f"Question {self.index + 1} of {n}")
        self.progress.setMaximum(n)
        self.progress.setValue(self.index)
        self.question.show_question(q, f"{q.domain_name} · {q.task_name} · picked as {pick.reason}")
        self.result = None
        self.feedback.hide()
        for b in self.confidence.buttons():
            b.setChecked(False)
        self.flag_button.blockSignals(True)
        self.flag_button.setChecked(q.id in self.engine.flagged())
        self.flag_button.blockSignals(False)
        self.started = time.monotonic()
        self.question.setFocus()
        self._update_buttons()

    def _confidence_toggled(self, value: int, on: bool) -> None:
        if on:
            for b in self.confidence.buttons():
                if self.confidence.id(b) != value:
                    b.setChecked(False)

    def _flag(self, on: bool) -> None:
        if self.picks:
            self.engine.set_flagged(self.picks[self.index].question.id, on)

    def _update_buttons(self) -> None:
        if self.result is None:
            self.submit.setText("Submit (Enter)")
            self.submit.setEnabled(self.question.response() is not None)
        else:
            last = self.index == len(self.picks) - 1
            self.submit.setText("Finish" if last else "Next (Enter)")
            self.submit.setEnabled(True)

    def submit_or_next(self) -> None:
        if not self.picks:
            return
        if self.result is None:
            response = self.question.response()
            if response is None:
                return
            conf = self.confidence.checkedId()
            try:
                self.result = self.engine.record_answer(
                    self.picks[self.index].question.id,
                    response,
                    duration_s=time.monotonic() - self.started,
                    confidence=conf if conf > 0 else None,
                )
            except StudyAppError as exc:
                self.failed.emit(str(exc))
                return
            self.right += int(self.result.correct)
            self.question.lock()
            self.question.mark(self.result)
            self._show_feedback(self.result)
            self._update_buttons()
            return
        if self.index < len(self.picks) - 1:
            self.index += 1
            self._show()
        else:
            self.progress.setValue(len(self.picks))
            self.finished.emit()

    def _show_feedback(self, result: AnswerResult) -> None:
        clear_layout(self.feedback_layout)
        verdict = QLabel(
            "✓ Correct" if result.correct else f"✗ Not quite (score {round(100 * result.score)} %)"
        )
        verdict.setObjectName("verdictRight" if result.correct else "verdictWrong")
        self.feedback_layout.addWidget(verdict)
        q = self.picks[self.index].question
        base = q.bank_path.parent
        if result.rationales:
            right = result.correct_response
            right_ids = (
                {right}
                if isinstance(right, str)
                else set(right)
                if isinstance(right, list)
                else set()
            )
            lines = []
            for i, opt in enumerate(q.options):
                tag = " (correct)" if opt.id in right_ids else ""
                lines.append(
                    f"- **{LETTERS[i]}. {plain(opt.text)}**{tag} — {result.rationales[opt.id]}"
                )
            self._markdown("\n".join(lines), base)
        if q.type == "numeric":
            self._markdown(f"**Correct answer:** {result.correct_response:g}", base)
        if q.type == "ordering":
            order = ", ".join(
                plain(next(o.text for o in q.options if o.id == i)) for i in result.correct_response
            )
            self._markdown(f"**Correct order:** {order}", base)
        if q.type == "matching":
            prompts = {p.id: p.text for p in q.prompts}
            texts = {o.id: o.text for o in q.options}
            pairs = "\n".join(
                f"- {plain(prompts[k])} → {plain(texts[v])}"
                for k, v in result.correct_response.items()
            )
            self._markdown(f"**Matches:**\n{pairs}", base)
        self._markdown(f"**Explanation.** {result.explanation}", base)
        if result.references:
            self._markdown("**References:** " + "; ".join(result.references), base)
        why = muted_label(f"Why this question: {self.picks[self.index].reason}.", wrap=False)
        self.feedback_layout.addWidget(why)
        self.feedback.show()

    def _markdown(self, text: str, base: object) -> None:
        view = SafeTextBrowser()
        view.set_markdown(text, base)  # type: ignore[arg-type]
        view.setAccessibleName(plain(text)[:80])
        self.feedback_layout.addWidget(view)


class SessionDone(QWidget):
    """Shown at the end of a session."""

    back = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 60, 32, 32)
        layout.setSpacing(16)
        self.title = title_label()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note = muted_label(wrap=False)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.note.setWordWrap(True)
        button = QPushButton("Back to the dashboard")
        button.setObjectName("primary")
        button.clicked.connect(self.back.emit)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)

    def show_summary(self, right: int, total: int, goal_left: int) -> None:
        self.title.setText(f"Session done: {right} of {total} right")
        self.note.setText(
            "Today's goal is reached."
            if goal_left <= 0
            else f"{goal_left} questions left for today's goal."
        )
