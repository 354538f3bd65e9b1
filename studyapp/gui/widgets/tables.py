"""Tables that match the rest of the app: a card around them, quiet lines, clear focus."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView, QVBoxLayout, QWidget

T = TypeVar("T")

# Colours come from the palette the theme sets, so light and dark both work.
TABLE_STYLE = """
QTableView { border: 2px solid transparent; border-radius: 10px; background: palette(base);
    selection-background-color: palette(highlight); selection-color: palette(highlighted-text); }
QTableView:focus { border-color: palette(highlight); }
QTableView::item { padding: 0px 8px; border-bottom: 1px solid palette(window); }
QHeaderView::section { background: palette(base); color: palette(text); border: none;
    border-bottom: 1px solid palette(window); padding: 8px 8px 8px 11px; font-weight: 600; }
"""


def make_table(accessible_name: str, *, multi_select: bool = False) -> QTableView:
    """A read-only, row-selecting, sortable table, reachable and usable from the keyboard."""
    table = QTableView()
    table.setAccessibleName(accessible_name)
    table.setStyleSheet(TABLE_STYLE)
    table.setShowGrid(False)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(
        QAbstractItemView.SelectionMode.ExtendedSelection
        if multi_select
        else QAbstractItemView.SelectionMode.SingleSelection
    )
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside it
    table.setSortingEnabled(True)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(36)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setHighlightSections(False)
    return table


def in_card(widget: QWidget) -> QFrame:
    """``widget`` inside a card frame (the theme's rounded surface)."""
    card = QFrame()
    card.setObjectName("card")
    layout = QVBoxLayout(card)
    layout.setContentsMargins(1, 1, 1, 1)
    layout.addWidget(widget)
    return card


ROOT = QModelIndex()  # the invisible root: the default parent of a table's rows
Index = QModelIndex | QPersistentModelIndex


class RowTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of plain rows; subclasses name the columns and fill cells."""

    COLUMNS: tuple[str, ...] = ()

    def __init__(self, rows: list[T] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[T] = list(rows or [])

    def set_rows(self, rows: list[T]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_item(self, row: int) -> T:
        return self._rows[row]

    def rowCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = ROOT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self.COLUMNS)
        ):
            return self.COLUMNS[section]
        return None
