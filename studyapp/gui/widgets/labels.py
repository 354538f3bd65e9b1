"""Labels styled by the theme: secondary text and page titles."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


def muted_label(text: str = "", *, wrap: bool = True) -> QLabel:
    """Secondary text (notes, hints), word-wrapped unless told otherwise."""
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(wrap)
    return label


def title_label(text: str = "") -> QLabel:
    """A page title."""
    label = QLabel(text)
    label.setObjectName("pageTitle")
    return label
