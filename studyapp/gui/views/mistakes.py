"""Every question whose latest answer was wrong, newest first, ready to retry.

``MistakesView(engine)`` emits :attr:`MistakesView.startPicks` with a list of
:class:`~studyapp.engine.SessionPick`; the main window runs them in the study screen.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from studyapp.engine import StudyEngine
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.names import stem_start
from studyapp.gui.widgets.tables import RowTableModel, in_card, make_table
from studyapp.practice import Mistake, mistake_picks, mistakes

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2


class MistakesModel(RowTableModel[Mistake]):
    """One row per :class:`~studyapp.practice.Mistake` (plain data, no database handle)."""

    COLUMNS = ("Question", "Task", "Times wrong", "Last wrong")

    def set_mistakes(self, rows: list[Mistake]) -> None:
        self.set_rows(rows)

    def mistake(self, row: int) -> Mistake:
        return self.row_item(row)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        m = self._rows[index.row()]
        q = m.question
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return stem_start(q.stem)
            if col == 1:
                return f"{q.task}  {q.task_name}"
            if col == 2:
                return str(m.times_wrong)
            if col == 3:
                return m.last_wrong.astimezone().strftime("%d %b %Y, %H:%M")
        elif role == SORT_ROLE:
            return (
                stem_start(q.stem).casefold(),
                q.task,
                m.times_wrong,
                m.last_wrong.timestamp(),
            )[col]
        elif role == ID_ROLE:
            return q.id
        elif role == Qt.ItemDataRole.ToolTipRole:
            if col == 0:
                return f"{q.id}: {stem_start(q.stem, 600)}"
            if col == 1:
                return f"{q.domain_name} · {q.task} {q.task_name}"
        return None


class MistakesView(QWidget):
    """The mistakes table with "Retry selected" and "Retry all"."""

    startPicks = Signal(list)

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("page")
        page = QVBoxLayout(self)
        page.setContentsMargins(32, 28, 32, 28)
        page.setSpacing(16)

        title = title_label("Mistakes")
        page.addWidget(title)
        intro = QLabel(
            "Questions whose latest answer was wrong, the newest first. "
            "Answer one right and it leaves this list."
        )
        intro.setObjectName("muted")
        intro.setWordWrap(True)
        page.addWidget(intro)

        self.model = MistakesModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = make_table("Mistakes", multi_select=True)
        self.table.setModel(self.proxy)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.resizeSection(1, 340)
        self.table.activated.connect(lambda _i: self.retry_selected())
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())

        self.empty = QFrame()
        self.empty.setObjectName("card")
        self.empty.setAccessibleName("No mistakes to retry")
        empty_layout = QVBoxLayout(self.empty)
        empty_layout.setContentsMargins(32, 32, 32, 32)
        empty_layout.setSpacing(8)
        empty_layout.addStretch(1)
        empty_title = title_label("No mistakes to retry")
        empty_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note = QLabel(
            "Questions you answer wrong are listed here until you get them right."
        )
        self.empty_note.setObjectName("muted")
        self.empty_note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_note.setWordWrap(True)
        empty_layout.addWidget(empty_title)
        empty_layout.addWidget(self.empty_note)
        empty_layout.addStretch(1)

        self.stack = QStackedWidget()
        self.stack.addWidget(in_card(self.table))
        self.stack.addWidget(self.empty)
        page.addWidget(self.stack, 1)

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        self.summary = muted_label(wrap=False)
        bottom.addWidget(self.summary)
        bottom.addStretch(1)
        self.retry_selected_button = QPushButton("Retry &selected")
        self.retry_selected_button.setAccessibleName("Retry selected mistakes")
        self.retry_selected_button.clicked.connect(self.retry_selected)
        self.retry_all_button = QPushButton("Retry &all")
        self.retry_all_button.setObjectName("primary")
        self.retry_all_button.setAccessibleName("Retry all mistakes")
        self.retry_all_button.clicked.connect(self.retry_all)
        bottom.addWidget(self.retry_selected_button)
        bottom.addWidget(self.retry_all_button)
        page.addLayout(bottom)
        self.refresh()

    def refresh(self) -> None:
        """Re-read the mistakes from the study history (newest first)."""
        self.model.set_mistakes(mistakes(self.engine))
        self.proxy.sort(-1)  # back to the model's order: newest first
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        n = self.model.rowCount()
        self.stack.setCurrentIndex(0 if n else 1)
        self.summary.setText(
            f"{n} mistake{'s' if n != 1 else ''} · select rows and press Enter to retry them"
            if n
            else ""
        )
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not event.spontaneous():
            self.refresh()

    def _update_buttons(self) -> None:
        n = self.model.rowCount()
        selected = len(self.selected_ids())
        self.retry_all_button.setEnabled(n > 0)
        self.retry_all_button.setText(f"Retry &all ({n})" if n else "Retry &all")
        self.retry_selected_button.setEnabled(selected > 0)
        self.retry_selected_button.setText(
            f"Retry &selected ({selected})" if selected else "Retry &selected"
        )

    def selected_ids(self) -> list[str]:
        """The selected questions, in the table's current order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in rows]

    def all_ids(self) -> list[str]:
        return [self.proxy.index(r, 0).data(ID_ROLE) for r in range(self.proxy.rowCount())]

    def retry_selected(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.startPicks.emit(mistake_picks(self.engine, ids))

    def retry_all(self) -> None:
        ids = self.all_ids()
        if ids:
            self.startPicks.emit(mistake_picks(self.engine, ids))
