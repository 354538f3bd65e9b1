"""Layout helpers."""

from __future__ import annotations

from PySide6.QtWidgets import QLayout


def clear_layout(layout: QLayout) -> None:
    """Remove and delete everything in ``layout``, nested layouts included."""
    while layout.count():
        item = layout.takeAt(0)
        if item is None:
            continue
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.setParent(None)  # out of sight at once; deleted when the event loop runs
            widget.deleteLater()
            continue
        child = item.layout()
        if child is not None:
            clear_layout(child)
