"""Mock exams in the real format: timer, navigator, flags, strike-through, review, breaks.

The rules live in the headless core (:mod:`studyapp.exam.mock` through ``MockSession``); this
screen only shows them. Every answer, flag and strike is saved as it happens, and the clock is
saved every few seconds, so closing the app resumes at the same question with the same time left.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.engine import MockExamError, MockSession, StudyEngine
from studyapp.errors import StudyAppError
from studyapp.gui.widgets.cards import Card
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.layout import clear_layout
from studyapp.gui.widgets.question_view import QuestionWidget

SAVE_EVERY_S = 5


def clock_text(seconds: float) -> str:
    s = max(0, int(seconds))
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


class MockExamView(QWidget):
    """Start or resume a mock exam, sit it, and hand the finished session on."""

    finished = Signal(object)  # the MockSession, once submitted
    failed = Signal(str)

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.session: MockSession | None = None
        self.setObjectName("page")
        self.pages = QStackedWidget()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.pages)
        self._build_start()
        self._build_exam()
        self._build_review()
        self._build_break()
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)
        self._ticks = 0
        self.show_start()

    # ------------------------------------------------------------------ start page
    def _build_start(self) -> None:
        page = QWidget()
        page.setObjectName("page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.setSpacing(18)
        title = title_label("Mock exam")
        layout.addWidget(title)
        fmt = self.engine.outline.exam_format
        breaks = ", ".join(str(b.after_question) for b in fmt.breaks) or "none"
        self.resume_card = Card("Unfinished mock exam")
        self.resume_text = QLabel()
        self.resume_text.setWordWrap(True)
        row = QHBoxLayout()
        self.resume_button = QPushButton("Resume")
        self.resume_button.setObjectName("primary")
        self.resume_button.setAccessibleName("Resume the unfinished mock exam")
        self.resume_button.clicked.connect(self.resume)
        self.abandon_button = QPushButton("Abandon it")
        self.abandon_button.setAccessibleName("Abandon the unfinished mock exam")
        self.abandon_button.clicked.connect(self.abandon)
        row.addWidget(self.resume_button)
        row.addWidget(self.abandon_button)
        row.addStretch(1)
        self.resume_card.body.addWidget(self.resume_text)
        self.resume_card.body.addLayout(row)
        layout.addWidget(self.resume_card)

        card = Card("New mock exam")
        self.full = QRadioButton(
            f"Full exam: {fmt.questions} questions in {fmt.minutes} minutes, "
            f"breaks after question {breaks} (earlier questions lock after each break)"
        )
        self.full.setChecked(True)
        mini_row = QHBoxLayout()
        self.mini = QRadioButton("Mini mock:")
        self.mini_size = QSpinBox()
        self.mini_size.setRange(10, fmt.questions - 10)
        self.mini_size.setValue(60)
        self.mini_size.setSuffix(" questions")
        self.mini_size.setAccessibleName("Mini mock size")
        self.mini_note = muted_label(wrap=False)
        self.mini_size.valueChanged.connect(self._mini_note)
        mini_row.addWidget(self.mini)
        mini_row.addWidget(self.mini_size)
        mini_row.addWidget(self.mini_note, 1)
        group = QButtonGroup(self)
        group.addButton(self.full)
        group.addButton(self.mini)
        self.start_button = QPushButton("Start mock exam")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start mock exam")
        self.start_button.clicked.connect(self.start)
        card.body.addWidget(self.full)
        card.body.addLayout(mini_row)
        note = QLabel(
            "Questions are drawn by domain weight and avoid your previous mock where the banks "
            "allow. Your answers are saved as you go: if you close the app, you resume at the "
            "same question with the same time left."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        card.body.addWidget(note)
        card.body.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(card)
        layout.addStretch(1)
        self._mini_note()
        self.pages.addWidget(page)
        self.start_page = page

    def _mini_note(self) -> None:
        fmt = self.engine.outline.exam_format
        minutes = fmt.minutes * self.mini_size.value() / fmt.questions
        self.mini_note.setText(f"{minutes:.0f} minutes, the real exam's pace, no breaks")

    def show_start(self) -> None:
        self.timer.stop()
        unfinished = self.engine.unfinished_mock()
        if unfinished is not None:
            self.resume_text.setText(
                f"{unfinished.spec.kind.title()} mock started "
                f"{unfinished.state.started_at:%d %b %H:%M}: "
                f"question {unfinished.position + 1} of {len(unfinished)}, "
                f"{clock_text(unfinished.time_left_s())} left."
            )
        self.resume_card.setVisible(unfinished is not None)
        self.start_button.setEnabled(unfinished is None)
        self.pages.setCurrentWidget(self.start_page)

    def start(self) -> None:
        try:
            if self.full.isChecked():
                session = self.engine.start_mock("full")
            else:
                session = self.engine.start_mock("mini", self.mini_size.value())
        except StudyAppError as exc:
            self.failed.emit(str(exc))
            return
        self._enter(session)

    def resume(self) -> None:
        session = self.engine.unfinished_mock()
        if session is not None:
            self._enter(session)

    def abandon(self) -> None:
        session = self.engine.unfinished_mock()
        if session is not None and self.confirm(
            "Abandon this mock exam?", "It will be kept in your history but not scored."
        ):
            session.abandon()
        self.show_start()

    def confirm(self, title: str, text: str) -> bool:
        """Ask the learner (overridden in tests)."""
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ exam page
    def _build_exam(self) -> None:
        page = QWidget()
        page.setObjectName("page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(12)
        top = QHBoxLayout()
        self.counter = QLabel()
        self.counter.setObjectName("questionHeader")
        self.clock = title_label()
        self.clock.setAccessibleName("Time left")
        self.flag_button = QPushButton("Flag for review (F)")
        self.flag_button.setCheckable(True)
        self.flag_button.setAccessibleName("Flag this question for review")
        self.flag_button.toggled.connect(self._flag)
        top.addWidget(self.counter, 1)
        top.addWidget(self.flag_button)
        top.addSpacing(16)
        top.addWidget(QLabel("Time left"))
        top.addWidget(self.clock)
        layout.addLayout(top)

        middle = QHBoxLayout()
        middle.setSpacing(16)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        holder = QWidget()
        holder.setObjectName("page")
        hl = QVBoxLayout(holder)
        self.question = QuestionWidget()
        self.question.responseChanged.connect(self._answered)
        hl.addWidget(self.question)
        scroll.setWidget(holder)
        middle.addWidget(scroll, 1)
        nav_card = Card("Navigator")
        nav_card.setFixedWidth(300)
        legend = muted_label("✓ answered · ⚑ flagged · greyed: locked")
        nav_card.body.addWidget(legend)
        self.grid_holder = QWidget()
        self.grid = QGridLayout(self.grid_holder)
        self.grid.setSpacing(4)
        self.grid.setContentsMargins(0, 0, 0, 0)
        nav_scroll = QScrollArea()
        nav_scroll.setWidgetResizable(True)
        nav_scroll.setWidget(self.grid_holder)
        nav_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        nav_card.body.addWidget(nav_scroll, 1)
        middle.addWidget(nav_card)
        layout.addLayout(middle, 1)

        bottom = QHBoxLayout()
        self.prev_button = QPushButton("← Previous")
        self.prev_button.setAccessibleName("Previous question")
        self.prev_button.clicked.connect(lambda: self.step(-1))
        self.next_button = QPushButton("Next →")
        self.next_button.setObjectName("primary")
        self.next_button.setAccessibleName("Next question")
        self.next_button.clicked.connect(lambda: self.step(1))
        self.review_button = QPushButton("Review section")
        self.review_button.setAccessibleName("Review this section")
        self.review_button.clicked.connect(self.show_review)
        bottom.addWidget(self.prev_button)
        bottom.addStretch(1)
        bottom.addWidget(self.review_button)
        bottom.addWidget(self.next_button)
        layout.addLayout(bottom)
        QShortcut(QKeySequence("F"), page, self.flag_button.toggle)
        QShortcut(QKeySequence("S"), page, self.strike)
        self.pages.addWidget(page)
        self.exam_page = page
        self.nav_buttons: list[QPushButton] = []

    def _enter(self, session: MockSession) -> None:
        self.session = session
        clear_layout(self.grid)
        self.nav_buttons = []
        for i in range(len(session)):
            b = QPushButton()
            b.setCheckable(True)
            b.setObjectName("navCell")
            b.setFixedSize(56, 30)
            b.clicked.connect(lambda _c=False, i=i: self.go(i))
            self.nav_buttons.append(b)
            self.grid.addWidget(b, i // 4, i % 4)
        self.timer.start()
        self._show_position()

    def _show_position(self) -> None:
        s = self.session
        if s is None:
            return
        if s.status == "on_break":
            self.show_break()
            return
        i = s.position
        start, end = s.section_range()
        q = s.question(i)
        self.counter.setText(f"Question {i + 1} of {len(s)}   ·   section {start + 1}–{end}")
        self.question.show_question(q)
        self.question.set_response(s.item(i).response)
        self.question.set_struck(s.item(i).struck)
        self.flag_button.blockSignals(True)
        self.flag_button.setChecked(s.item(i).flagged)
        self.flag_button.blockSignals(False)
        self.prev_button.setEnabled(i > start)
        last_in_section = i == end - 1
        self.next_button.setText("Review section →" if last_in_section else "Next →")
        self._refresh_navigator()
        self._update_clock()
        self.pages.setCurrentWidget(self.exam_page)
        self.question.setFocus()

    def _refresh_navigator(self) -> None:
        s = self.session
        if s is None:
            return
        for i, b in enumerate(self.nav_buttons):
            item = s.item(i)
            visit = s.can_visit(i)
            marks = ("✓" if item.response is not None else "") + ("⚑" if item.flagged else "")
            b.setText(f"{i + 1}{marks}")
            b.setEnabled(visit)
            state = "answered" if item.response is not None else "unanswered"
            b.setAccessibleName(
                f"Question {i + 1}, {state}{', flagged' if item.flagged else ''}"
                f"{'' if visit else ', locked'}"
            )
            b.setChecked(i == s.position)  # the current question is shown pressed

    def _guard(self, action: object) -> bool:
        """Run an exam action; time running out or a rule ends in a message, not a crash."""
        try:
            action()  # type: ignore[operator]
            return True
        except MockExamError as exc:
            if self.session is not None and self.session.status == "done":
                self._finish_done()
            else:
                self.failed.emit(str(exc))
            return False

    def go(self, index: int) -> None:
        s = self.session
        if s is not None and self._guard(lambda: s.go(index)):
            self._show_position()

    def step(self, delta: int) -> None:
        s = self.session
        if s is None:
            return
        start, end = s.section_range()
        target = s.position + delta
        if target >= end:
            self.show_review()
        elif target >= start:
            self.go(target)

    def _answered(self) -> None:
        s = self.session
        if s is None or self.question.question is None:
            return
        response = self.question.response()
        index = s.position
        if self._guard(lambda: s.answer(index, response)):
            self._refresh_navigator()

    def _flag(self, on: bool) -> None:
        s = self.session
        if s is not None and self._guard(lambda: s.flag(s.position, on)):
            self._refresh_navigator()

    def strike(self) -> None:
        s = self.session
        if s is None or not self.question.rows or self.question.question is None:
            return
        before = set(s.item(s.position).struck)
        after = set(self.question.strike())
        for oid in before ^ after:
            self._guard(lambda oid=oid: s.strike(s.position, oid, oid in after))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.pages.currentWidget() is self.exam_page:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.step(1)
                return
            if key == Qt.Key.Key_F and not event.modifiers():
                self.flag_button.toggle()
                return
            if key == Qt.Key.Key_S and not event.modifiers():
                self.strike()
                return
            self.question.keyPressEvent(event)
            return
        super().keyPressEvent(event)

    # ------------------------------------------------------------------ clock
    def _tick(self) -> None:
        s = self.session
        if s is None:
            return
        self._ticks += 1
        if self._ticks % SAVE_EVERY_S == 0 or s.time_left_s() <= 0 or s.status == "on_break":
            s.tick()
        if s.status == "done":
            self._finish_done()
            return
        if s.status == "in_progress" and self.pages.currentWidget() is self.break_page:
            self._show_position()  # the break ran out
        self._update_clock()

    def _update_clock(self) -> None:
        s = self.session
        if s is None:
            return
        self.clock.setText(clock_text(s.time_left_s()))
        self.break_clock.setText(clock_text(s.break_left_s()))

    # ------------------------------------------------------------------ review page
    def _build_review(self) -> None:
        page = QWidget()
        page.setObjectName("page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        self.review_title = title_label()
        layout.addWidget(self.review_title)
        filters = QHBoxLayout()
        self.review_filter = QButtonGroup(self)
        for i, (text, which) in enumerate(
            (("All", "all"), ("Incomplete", "incomplete"), ("Flagged", "flagged"))
        ):
            b = QRadioButton(text)
            b.setProperty("which", which)
            b.setAccessibleName(f"Show {text.lower()} questions")
            b.toggled.connect(self._filter_toggled)
            self.review_filter.addButton(b, i)
            filters.addWidget(b)
        self.review_filter.button(0).setChecked(True)
        filters.addStretch(1)
        layout.addLayout(filters)
        self.review_list = QListWidget()
        self.review_list.setAccessibleName("Questions of this section")
        self.review_list.setWordWrap(True)
        self.review_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_list.itemActivated.connect(
            lambda item: self.go(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        self.review_list.itemDoubleClicked.connect(
            lambda item: self.go(int(item.data(Qt.ItemDataRole.UserRole)))
        )
        layout.addWidget(self.review_list, 1)
        self.review_note = muted_label()
        layout.addWidget(self.review_note)
        buttons = QHBoxLayout()
        back = QPushButton("Back to the questions")
        back.setAccessibleName("Back to the questions")
        back.clicked.connect(self._show_position)
        self.end_button = QPushButton()
        self.end_button.setObjectName("primary")
        self.end_button.clicked.connect(self.end_section_or_exam)
        buttons.addWidget(back)
        buttons.addStretch(1)
        buttons.addWidget(self.end_button)
        layout.addLayout(buttons)
        self.pages.addWidget(page)
        self.review_page = page

    def _filter_toggled(self, on: bool) -> None:
        if on:
            self._fill_review()

    def show_review(self) -> None:
        s = self.session
        if s is None:
            return
        start, end = s.section_range()
        self.review_title.setText(f"Review questions {start + 1}–{end}")
        rule = s.next_break()
        self.end_button.setText("End section…" if rule else "End exam…")
        self.end_button.setAccessibleName(self.end_button.text().rstrip("…"))
        self._fill_review()
        self.pages.setCurrentWidget(self.review_page)

    def _fill_review(self) -> None:
        s = self.session
        if s is None:
            return
        checked = self.review_filter.checkedButton()
        which = checked.property("which") if checked is not None else "all"
        self.review_list.clear()
        for i in s.review(which):
            item = s.item(i)
            state = "answered" if item.response is not None else "INCOMPLETE"
            flag = " · ⚑ flagged" if item.flagged else ""
            stem = s.question(i).stem.replace("\n", " ")
            entry = QListWidgetItem(
                f"{i + 1}. [{state}{flag}]  {stem[:110]}{'…' if len(stem) > 110 else ''}"
            )
            entry.setData(Qt.ItemDataRole.UserRole, i)
            self.review_list.addItem(entry)
        incomplete = len(s.review("incomplete"))
        flagged = len(s.review("flagged"))
        self.review_note.setText(
            f"{incomplete} incomplete and {flagged} flagged in this section. Double-click or "
            "press Enter on a question to go back to it. Once you end the section you cannot "
            "return to it."
        )

    def end_section_or_exam(self) -> None:
        s = self.session
        if s is None:
            return
        incomplete = len(s.review("incomplete"))
        rule = s.next_break()
        warning = f" {incomplete} question(s) in it are unanswered." if incomplete else ""
        if rule is None:
            if not self.confirm(
                "End the exam?", f"Your answers will be submitted and scored.{warning}"
            ):
                return
            self._guard(s.finish)
            self._finish_done()
            return
        if not self.confirm(
            "End this section?", f"You will not be able to return to these questions.{warning}"
        ):
            return
        take = self.confirm(
            "Take a break?",
            f"You may take a {rule.minutes}-minute break now. The exam clock stops during it.",
        )
        if self._guard(lambda: s.end_section(take_break=take)):
            self._show_position()

    # ------------------------------------------------------------------ break page
    def _build_break(self) -> None:
        page = QWidget()
        page.setObjectName("page")
        layout = QVBoxLayout(page)
        layout.setContentsMargins(32, 80, 32, 32)
        layout.setSpacing(18)
        title = title_label("Break")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.break_clock = title_label()
        self.break_clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.break_clock.setAccessibleName("Break time left")
        note = muted_label(
            "The exam clock is stopped. The earlier questions are now locked.", wrap=False
        )
        note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        resume = QPushButton("Resume the exam")
        resume.setObjectName("primary")
        resume.setAccessibleName("Resume the exam")
        resume.clicked.connect(self.end_break)
        for w in (title, self.break_clock, note):
            layout.addWidget(w)
        layout.addWidget(resume, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self.pages.addWidget(page)
        self.break_page = page

    def show_break(self) -> None:
        self._update_clock()
        self.pages.setCurrentWidget(self.break_page)

    def end_break(self) -> None:
        s = self.session
        if s is not None and s.status == "on_break":
            s.end_break()
        self._show_position()

    # ------------------------------------------------------------------ end
    def _finish_done(self) -> None:
        self.timer.stop()
        s = self.session
        if s is None:
            return
        if s.status != "done":
            s.finish()
        self.session = None
        self.finished.emit(s)
