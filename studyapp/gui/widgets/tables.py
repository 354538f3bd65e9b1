"""Tables that match the rest of the app: a card around them, quiet lines, clear focus."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QFrame, QTableView, QVBoxLayout, QWidget

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
