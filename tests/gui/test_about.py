# mypy: disable-error-code="no-untyped-call"
"""The app's identity: icon in every size, About dialog, one version everywhere."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

import studyapp
from studyapp.engine import StudyEngine
from studyapp.gui.icons import SIZES, app_icon, icon_path
from studyapp.gui.main_window import MainWindow
from studyapp.gui.views.about import AboutDialog

ROOT = Path(__file__).resolve().parents[2]


def test_the_icon_ships_in_every_size_from_one_svg(qapp: object) -> None:
    assert (icon_path(64).parent / "studyapp.svg").is_file()
    for size in SIZES:
        image = QImage(str(icon_path(size)))
        assert (image.width(), image.height()) == (size, size), size
    assert not app_icon().isNull() and len(app_icon().availableSizes()) == len(SIZES)


def test_one_version_number() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" in project["dynamic"] and "version" not in project
    assert studyapp.__version__.count(".") == 2


def test_about_names_version_licence_data_folder_and_outlines(
    qtbot: QtBot, engine: StudyEngine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = AboutDialog(tmp_path / "my data", "PMP")
    qtbot.addWidget(dialog)
    text = dialog.details.text()
    assert "GNU GPL" in text and "CC BY-SA 4.0" in text
    assert str(tmp_path / "my data") in text
    assert "PMP2026" in text and "(studying now)" in text and "CAPM2023" in text
    assert studyapp.__version__ in dialog.findChildren(type(dialog.details))[1].text()
    shown: list[AboutDialog] = []

    def fake_exec(self: AboutDialog) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(AboutDialog, "exec", fake_exec)
    window = MainWindow(engine)
    qtbot.addWidget(window)
    window.nav_group.buttons()  # the About button is in the navigation column
    about = next(
        b
        for b in window.findChildren(type(window.nav_buttons["dashboard"]))
        if b.text() == "About StudyApp"
    )
    about.click()
    assert shown and shown[0].windowTitle() == "About StudyApp"
