"""Practice what you choose: filter the questions, see how many match, start a session.

``PracticeView(engine)`` emits :attr:`PracticeView.startPicks` with a list of
:class:`~studyapp.engine.SessionPick`; the main window runs them in the study screen.
"""

from __future__ import annotations

import random
from collections import Counter

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.engine import StudyEngine
from studyapp.gui.widgets.cards import Card
from studyapp.gui.widgets.check_list import CheckList
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.names import APPROACH_NAMES, DIFFICULTY_NAMES, TYPE_NAMES
from studyapp.practice import (
    APPROACHES,
    DIFFICULTIES,
    QUESTION_TYPES,
    PracticeFilter,
    QuestionHistory,
    matching_questions,
    one_per_family,
    practice_picks,
    question_history,
)


def _labelled(text: str, widget: QWidget) -> QVBoxLayout:
    """A filter list under its own label; Alt+the underlined letter jumps to the list."""
    box = QVBoxLayout()
    box.setSpacing(6)
    label = QLabel(text)
    label.setObjectName("cardTitle")
    label.setBuddy(widget)
    box.addWidget(label)
    box.addWidget(widget, 1)
    return box


class PracticeView(QWidget):
    """Choose questions by domain, task, type, difficulty, approach, mistakes and flags."""

    startPicks = Signal(list)

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("page")
        self._history: dict[str, QuestionHistory] = {}
        self._flagged: set[str] = set()
        self.matches = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        content = QWidget()
        content.setObjectName("page")
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(32, 28, 32, 28)
        page.setSpacing(16)

        title = title_label("Practice")
        page.addWidget(title)
        intro = QLabel(
            "Choose what to practise. Tick as many as you like in each list; "
            "a list with nothing ticked means all of it."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        page.addWidget(intro)

        questions = one_per_family(engine.questions())
        domain_count: Counter[str] = Counter()
        task_count: Counter[str] = Counter()
        for q in questions:
            domains = {engine.outline.domain_of(t) for t in q.tasks}
            domain_count.update({d.code for d in domains if d is not None} | {q.domain})
            task_count.update(set(q.tasks))
        type_count = Counter(q.type for q in questions)
        difficulty_count = Counter(q.difficulty for q in questions)
        approach_count = Counter(q.approach for q in questions)

        self.domains = CheckList(
            "Domains",
            [
                (f"{d.name}  ({domain_count[d.code]})", d.code, f"{d.weight} % of the exam")
                for d in engine.outline.domains
            ],
        )
        self.types = CheckList(
            "Question types",
            [(f"{TYPE_NAMES.get(t, t)}  ({type_count[t]})", t, "") for t in QUESTION_TYPES],
        )
        self.difficulties = CheckList(
            "Difficulties",
            [(f"{DIFFICULTY_NAMES[d]}  ({difficulty_count[d]})", d, "") for d in DIFFICULTIES],
        )
        self.approaches = CheckList(
            "Delivery approaches",
            [(f"{APPROACH_NAMES.get(a, a)}  ({approach_count[a]})", a, "") for a in APPROACHES],
        )
        self.tasks = CheckList("Tasks")
        self._task_domain: dict[str, str] = {}
        for d in engine.outline.domains:
            for t in d.tasks:
                self.tasks.add(f"{t.code}  {t.name}  ({task_count[t.code]})", t.code, t.name)
                self._task_domain[t.code] = d.code
        small = max(len(QUESTION_TYPES), len(engine.outline.domains), len(APPROACHES))
        for lst in (self.domains, self.types, self.difficulties, self.approaches):
            lst.fit_rows(small)
        self.tasks.fit_rows(6, grow=True)

        filters = Card("What to practise")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(14)
        grid.addLayout(_labelled("&Domain", self.domains), 0, 0)
        grid.addLayout(_labelled("T&ype", self.types), 0, 1)
        grid.addLayout(_labelled("Di&fficulty", self.difficulties), 0, 2)
        grid.addLayout(_labelled("&Approach", self.approaches), 0, 3)
        grid.addLayout(_labelled("&Task (listed for the ticked domains)", self.tasks), 1, 0, 1, 4)
        for c in range(4):
            grid.setColumnStretch(c, 1)
        grid.setRowStretch(1, 1)
        filters.body.addLayout(grid, 1)
        page.addWidget(filters, 1)

        options = Card("Options")
        row = QHBoxLayout()
        row.setSpacing(24)
        self.only_wrong = QCheckBox("Only questions I got &wrong last time")
        self.only_wrong.setAccessibleName("Only questions I got wrong last time")
        self.only_flagged = QCheckBox("Only f&lagged questions")
        self.only_flagged.setAccessibleName("Only flagged questions")
        count_label = QLabel("&Questions in the session:")
        self.count = QSpinBox()
        self.count.setRange(1, 500)
        self.count.setValue(20)
        self.count.setAccessibleName("Questions in the session")
        self.count.setMinimumWidth(90)
        # The theme's padding leaves the arrows no room: give them their width back.
        self.count.setStyleSheet("QSpinBox::up-button, QSpinBox::down-button { width: 20px; }")
        count_label.setBuddy(self.count)
        row.addWidget(self.only_wrong)
        row.addWidget(self.only_flagged)
        row.addStretch(1)
        row.addWidget(count_label)
        row.addWidget(self.count)
        options.body.addLayout(row)
        page.addWidget(options)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        self.clear_button = QPushButton("&Clear filters")
        self.clear_button.setAccessibleName("Clear filters")
        self.clear_button.clicked.connect(self.clear)
        bottom.addWidget(self.clear_button)
        bottom.addStretch(1)
        self.match_label = QLabel()
        self.match_label.setAccessibleName("Matching questions")
        self.match_label.setTextFormat(Qt.TextFormat.PlainText)
        self.match_note = muted_label(wrap=False)
        bottom.addWidget(self.match_label)
        bottom.addWidget(self.match_note)
        self.start_button = QPushButton("&Start practice")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Start practice")
        self.start_button.clicked.connect(self.start)
        bottom.addWidget(self.start_button)
        page.addLayout(bottom)

        for lst in (self.domains, self.types, self.difficulties, self.approaches, self.tasks):
            lst.changed.connect(self.update_count)
        self.domains.changed.connect(self._show_domain_tasks)
        self.only_wrong.toggled.connect(self.update_count)
        self.only_flagged.toggled.connect(self.update_count)
        self.count.valueChanged.connect(self.update_count)
        self.refresh()

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        """Re-read the study history and flags (call after studying), then recount."""
        self._history = question_history(self.engine)
        self._flagged = self.engine.flagged()
        wrong = sum(1 for q in self.engine.questions() if self._wrong_last(q.id))
        flagged = sum(1 for q in self.engine.questions() if q.id in self._flagged)
        self.only_wrong.setText(f"Only questions I got &wrong last time ({wrong})")
        self.only_wrong.setAccessibleName(f"Only questions I got wrong last time ({wrong})")
        self.only_flagged.setText(f"Only f&lagged questions ({flagged})")
        self.only_flagged.setAccessibleName(f"Only flagged questions ({flagged})")
        self.update_count()

    def _wrong_last(self, qid: str) -> bool:
        h = self._history.get(qid)
        return h is not None and not h.last_correct

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def current_filter(self) -> PracticeFilter:
        return PracticeFilter(
            domains=self.domains.values(),
            tasks=self.tasks.values(),
            types=self.types.values(),
            difficulties=self.difficulties.values(),
            approaches=self.approaches.values(),
            only_wrong=self.only_wrong.isChecked(),
            only_flagged=self.only_flagged.isChecked(),
            count=self.count.value(),
        )

    def _show_domain_tasks(self) -> None:
        """List only the tasks of the ticked domains (all when none is ticked)."""
        chosen = self.domains.values()
        self.tasks.blockSignals(True)
        try:
            for i, item in enumerate(self.tasks.rows()):
                code = item.data(Qt.ItemDataRole.UserRole)
                hidden = bool(chosen) and self._task_domain.get(code) not in chosen
                self.tasks.setRowHidden(i, hidden)
                if hidden:
                    item.setCheckState(Qt.CheckState.Unchecked)
        finally:
            self.tasks.blockSignals(False)
        self.update_count()

    def update_count(self) -> None:
        flt = self.current_filter()
        found = matching_questions(self.engine, flt, history=self._history, flagged=self._flagged)
        found.sort(key=lambda q: q.id in self._history)  # a family counts once, as unseen if it can
        found = one_per_family(found)
        self.matches = n = len(found)
        unseen = sum(1 for q in found if q.id not in self._history)
        if n == 0:
            self.match_label.setText("No questions match")
            self.match_note.setText("untick a filter or two")
        else:
            self.match_label.setText(
                f"{n} question{'s' if n != 1 else ''} match{'es' if n == 1 else ''}"
            )
            take = min(n, flt.count)
            self.match_note.setText(f"· {unseen} not answered yet · the session takes {take}")
        self.start_button.setEnabled(n > 0)
        self.start_button.setText(
            f"&Start practice ({min(n, flt.count)})" if n else "&Start practice"
        )

    def clear(self) -> None:
        for lst in (self.domains, self.types, self.difficulties, self.approaches, self.tasks):
            lst.set_values(())
        self.only_wrong.setChecked(False)
        self.only_flagged.setChecked(False)

    def start(self) -> None:
        flt = self.current_filter()
        picks = practice_picks(
            self.engine,
            flt,
            seed=random.getrandbits(32),
            history=self._history,
            flagged=self._flagged,
        )
        if picks:
            self.startPicks.emit(picks)
