"""The navigation column on the left of the main window (and of the start-up window)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp import __version__
from studyapp.gui.widgets.labels import muted_label

#: The screens reachable from the navigation, in order: (key, label).
PAGES: tuple[tuple[str, str], ...] = (
    ("dashboard", "Dashboard"),
    ("study", "Study"),
    ("practice", "Practice"),
    ("mock", "Mock exam"),
    ("mistakes", "Mistakes"),
    ("flashcards", "Flashcards"),
    ("browse", "Browse"),
    ("banks", "Banks"),
    ("settings", "Settings"),
)


def build_nav(
    owner: QWidget, exam: str, outline: str, on_click: Callable[[str], None]
) -> tuple[QFrame, QButtonGroup, dict[str, QPushButton]]:
    nav = QFrame()
    nav.setObjectName("nav")
    nav.setFixedWidth(210)
    layout = QVBoxLayout(nav)
    layout.setContentsMargins(10, 16, 10, 16)
    layout.setSpacing(4)
    title = QLabel("StudyApp")
    title.setObjectName("appTitle")
    layout.addWidget(title)
    group = QButtonGroup(owner)
    buttons: dict[str, QPushButton] = {}
    for key, text in PAGES:
        b = QPushButton(text)
        b.setCheckable(True)
        b.setAccessibleName(f"Go to {text}")
        b.clicked.connect(lambda _c=False, k=key: on_click(k))
        group.addButton(b)
        buttons[key] = b
        layout.addWidget(b)
    layout.addStretch(1)
    about = QPushButton("About StudyApp")
    about.setObjectName("link")
    about.setAccessibleName("About StudyApp: version, licence, data folder")
    about.clicked.connect(lambda _c=False: on_click("about"))
    layout.addWidget(about)
    layout.addWidget(muted_label(f"{exam} · {outline}\nversion {__version__}", wrap=False))
    return nav, group, buttons


def window_frame(
    window: QMainWindow, exam: str, outline: str, on_click: Callable[[str], None]
) -> tuple[QVBoxLayout, QButtonGroup, dict[str, QPushButton]]:
    """The main window's frame (the start-up window has the same one): title, size, the
    navigation on the left; returns the column on the right for the screens."""
    window.setWindowTitle(f"StudyApp — {exam}")
    window.resize(1280, 800)
    central = QWidget()
    window.setCentralWidget(central)
    row = QHBoxLayout(central)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(0)
    nav, group, buttons = build_nav(window, exam, outline, on_click)
    row.addWidget(nav)
    right = QVBoxLayout()
    right.setContentsMargins(0, 0, 0, 0)
    right.setSpacing(0)
    row.addLayout(right, 1)
    return right, group, buttons
