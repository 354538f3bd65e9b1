"""Glossary flashcards: review due terms with spaced repetition, or search the glossary."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.banks.glossary import Term
from studyapp.engine import StudyEngine
from studyapp.gui.richtext import SafeTextBrowser
from studyapp.gui.widgets.cards import Card
from studyapp.gui.widgets.labels import muted_label, title_label

RATINGS = (
    ("Again", "again", "1"),
    ("Hard", "hard", "2"),
    ("Good", "good", "3"),
    ("Easy", "easy", "4"),
)


class FlashcardsView(QWidget):
    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("page")
        self.queue: list[Term] = []
        self.current: Term | None = None
        self.reviewed = 0

        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 28, 32, 28)
        outer.setSpacing(16)
        top = QHBoxLayout()
        title = title_label("Flashcards")
        self.status = muted_label(wrap=False)
        self.start_button = QPushButton("Review due cards")
        self.start_button.setObjectName("primary")
        self.start_button.setAccessibleName("Review due and new flashcards")
        self.start_button.clicked.connect(self.start_review)
        top.addWidget(title)
        top.addSpacing(16)
        top.addWidget(self.status, 1)
        top.addWidget(self.start_button)
        outer.addLayout(top)

        row = QHBoxLayout()
        row.setSpacing(16)
        left = Card("Glossary")
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search terms and definitions")
        self.search.setAccessibleName("Search the glossary")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._fill_list)
        self.list = QListWidget()
        self.list.setAccessibleName("Glossary terms")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setSpacing(1)
        self.list.currentItemChanged.connect(self._picked)
        left.body.addWidget(self.search)
        left.body.addWidget(self.list, 1)
        left.setFixedWidth(320)
        row.addWidget(left)

        self.card = QFrame()
        self.card.setObjectName("feedback")
        card_layout = QVBoxLayout(self.card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.setSpacing(14)
        self.progress = muted_label(wrap=False)
        self.term = title_label()
        self.term.setWordWrap(True)
        self.show_button = QPushButton("Show the definition (Space)")
        self.show_button.setAccessibleName("Show the definition")
        self.show_button.clicked.connect(self.reveal)
        self.answer = SafeTextBrowser()
        self.answer.setAccessibleName("Definition and example")
        self.ratings = QHBoxLayout()
        self.rating_buttons: list[QPushButton] = []
        for text, value, key in RATINGS:
            b = QPushButton(f"{text} ({key})")
            b.setAccessibleName(f"I recalled it: {text}")
            b.clicked.connect(lambda _c=False, v=value: self.rate(v))
            self.ratings.addWidget(b)
            self.rating_buttons.append(b)
        self.ratings.addStretch(1)
        for w in (self.progress, self.term, self.show_button, self.answer):
            card_layout.addWidget(w)
        card_layout.addLayout(self.ratings)
        card_layout.addStretch(1)
        row.addWidget(self.card, 1)
        outer.addLayout(row, 1)
        self.refresh()

    # ------------------------------------------------------------------ state
    def refresh(self) -> None:
        terms = self.engine.terms()
        due = self.engine.flashcards_due()
        self.status.setText(f"{len(terms)} terms · {due} due for review")
        self.start_button.setEnabled(bool(terms))
        self._fill_list(self.search.text())
        if self.current is None:
            self._show_term(None)

    def _fill_list(self, text: str) -> None:
        self.list.blockSignals(True)
        self.list.clear()
        terms = self.engine.search_terms(text) if text.strip() else self.engine.terms()
        for t in terms:
            item = QListWidgetItem(t.term)
            item.setData(Qt.ItemDataRole.UserRole, t.id)
            self.list.addItem(item)
        self.list.blockSignals(False)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.queue = []
        self._show_term(self.engine.term(item.data(Qt.ItemDataRole.UserRole)), reveal=True)

    def start_review(self) -> None:
        self.queue = self.engine.next_flashcards(20)
        self.reviewed = 0
        self._next()

    def _next(self) -> None:
        if not self.queue:
            self._show_term(None)
            self.refresh()
            if self.reviewed:
                self.term.setText("All done for now")
                self.progress.setText(
                    f"{self.reviewed} cards reviewed. Come back when more are due."
                )
            return
        self._show_term(self.queue[0], reveal=False)
        self.progress.setText(f"Card {self.reviewed + 1} of {self.reviewed + len(self.queue)}")

    def _show_term(self, term: Term | None, reveal: bool = False) -> None:
        self.current = term
        if term is None:
            self.term.setText("Pick a term, or review the cards that are due")
            self.progress.setText("")
            self.answer.hide()
            self.show_button.hide()
            for b in self.rating_buttons:
                b.hide()
            return
        self.term.setText(term.term)
        known = {t.id for t in self.engine.terms()}
        related = [self.engine.term(r).term for r in term.related if r in known]
        text = f"{term.definition}\n\n**Example.** {term.example}"
        if related:
            text += "\n\n**Related:** " + ", ".join(related)
        if term.references:
            text += "\n\n**See:** " + "; ".join(term.references)
        self.answer.set_markdown(text)
        reviewing = bool(self.queue) and self.queue[0] is term
        self.answer.setVisible(reveal)
        self.show_button.setVisible(reviewing and not reveal)
        for b in self.rating_buttons:
            b.setVisible(reviewing and reveal)
        if not reviewing:
            self.progress.setText("From the glossary")

    def reveal(self) -> None:
        if self.current is not None:
            self._show_term(self.current, reveal=True)

    def rate(self, rating: str) -> None:
        if not self.queue or self.current is not self.queue[0]:
            return
        self.engine.review_flashcard(self.current.id, rating)
        self.queue.pop(0)
        self.reviewed += 1
        self._next()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.queue and self.current is self.queue[0]:
            if event.key() == Qt.Key.Key_Space and self.show_button.isVisible():
                self.reveal()
                return
            keys = {r[2]: r[1] for r in RATINGS}
            if event.text() in keys and self.rating_buttons[0].isVisible():
                self.rate(keys[event.text()])
                return
        super().keyPressEvent(event)
