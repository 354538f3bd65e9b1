"""The installed Qt binding keeps Python's reference counts right.

PySide6 6.12.0 dropped a reference to None on every call that returns nothing, so a window that
refreshed a few thousand labels crashed the interpreter on Python 3.11. This guards the pin.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot


def test_many_calls_do_not_leak_references_to_none(qtbot: QtBot) -> None:
    button = QPushButton()
    qtbot.addWidget(button)
    before = sys.getrefcount(None)
    for i in range(20_000):
        button.setText(str(i))
    assert abs(sys.getrefcount(None) - before) < 1_000
