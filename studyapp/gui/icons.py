"""The app icon, in every size shipped (resources/icons/)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

from studyapp.paths import resources_dir

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def icon_path(size: int) -> Path:
    """The PNG of the icon closest to ``size`` pixels."""
    best = min(SIZES, key=lambda s: (abs(s - size), -s))
    return resources_dir() / "icons" / f"studyapp-{best}.png"


def app_icon() -> QIcon:
    """The window and task-bar icon: every PNG size, so each platform picks a sharp one."""
    icon = QIcon()
    for size in SIZES:
        path = icon_path(size)
        if path.is_file():
            icon.addFile(str(path))
    return icon
