"""A list of check boxes in one widget: one Tab stop, arrows to move, Space to tick.

Clicking anywhere on a row ticks it, not only on the little box.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

VALUE_ROLE = Qt.ItemDataRole.UserRole


class CheckList(QListWidget):
    """Ticked rows are the chosen values; :attr:`changed` fires whenever a tick changes."""

    changed = Signal()

    def __init__(
        self,
        accessible_name: str,
        items: Sequence[tuple[str, Hashable, str]] = (),
        parent: QWidget | None = None,
    ) -> None:
        """``items``: (text, value, tooltip) per row."""
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setUniformItemSizes(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.setStyleSheet("QListWidget::item { padding: 3px 2px; }")
        self._pressed: QPersistentModelIndex | None = None
        self._pressed_state: Any = None
        for text, value, tip in items:
            self.add(text, value, tip)
        self.itemChanged.connect(lambda _item: self.changed.emit())

    def add(self, text: str, value: Hashable, tooltip: str = "") -> QListWidgetItem:
        item = QListWidgetItem(text)
        item.setFlags(
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
        )
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(VALUE_ROLE, value)
        if tooltip:
            item.setToolTip(tooltip)
        self.addItem(item)
        return item

    # ------------------------------------------------------------------ values
    def rows(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def values(self) -> set[Any]:
        """The ticked values (an empty set when nothing is ticked: "all")."""
        return {
            item.data(VALUE_ROLE)
            for item in self.rows()
            if item.checkState() == Qt.CheckState.Checked
        }

    def set_values(self, values: Iterable[Hashable]) -> None:
        wanted = set(values)
        self.blockSignals(True)
        try:
            for item in self.rows():
                checked = item.data(VALUE_ROLE) in wanted
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self.blockSignals(False)
        self.changed.emit()

    def set_checked(self, value: Hashable, checked: bool = True) -> None:
        for item in self.rows():
            if item.data(VALUE_ROLE) == value:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def fit_rows(self, rows: int, *, grow: bool = False) -> None:
        """Make the list exactly tall enough for ``rows`` rows (at least, when ``grow``)."""
        self.ensurePolished()
        row = self.sizeHintForRow(0) if self.count() else self.fontMetrics().height() + 8
        height = row * rows + 2 * self.frameWidth() + 4
        if grow:
            self.setMinimumHeight(height)
        else:
            self.setFixedHeight(height)

    # ------------------------------------------------------------------ mouse
    def mousePressEvent(self, event: QMouseEvent) -> None:
        index = self.indexAt(event.position().toPoint())
        self._pressed = QPersistentModelIndex(index) if index.isValid() else None
        self._pressed_state = index.data(Qt.ItemDataRole.CheckStateRole)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index: QModelIndex = self.indexAt(event.position().toPoint())
        pressed, before = self._pressed, self._pressed_state
        self._pressed = None
        super().mouseReleaseEvent(event)
        if (
            event.button() == Qt.MouseButton.LeftButton
            and pressed is not None
            and index.isValid()
            and QPersistentModelIndex(index) == pressed
            and index.data(Qt.ItemDataRole.CheckStateRole) == before  # the box did not take it
        ):
            item = self.itemFromIndex(index)
            item.setCheckState(
                Qt.CheckState.Unchecked
                if item.checkState() == Qt.CheckState.Checked
                else Qt.CheckState.Checked
            )
