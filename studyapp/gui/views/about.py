"""About StudyApp: version, licences, where the data lives, the exam outlines in use."""

from __future__ import annotations

import platform
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from studyapp import __version__
from studyapp.gui.icons import icon_path
from studyapp.outlines import current_outline


def _e(text: object) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class AboutDialog(QDialog):
    def __init__(self, data_dir: Path, exam: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About StudyApp")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        head = QHBoxLayout()
        logo = QLabel()
        logo.setPixmap(QPixmap(str(icon_path(64))))
        logo.setAccessibleName("StudyApp icon")
        head.addWidget(logo, 0, Qt.AlignmentFlag.AlignTop)
        title = QLabel(
            f"<h2>StudyApp {_e(__version__)}</h2>"
            "<p>Preparation for PMI's CAPM® and PMP® certification exams: question banks, spaced "
            "repetition, timed mock exams in the real format.</p>"
        )
        title.setWordWrap(True)
        head.addWidget(title, 1)
        layout.addLayout(head)
        outlines = []
        for name in ("PMP", "CAPM"):
            o = current_outline(name)
            mark = " (studying now)" if name == exam else ""
            outlines.append(
                f"<li><b>{_e(o.id)}</b>{mark}: {_e(o.title)}, in force from "
                f"{o.in_force_from:%d %B %Y}; checked against {_e(o.source)} on {o.as_of:%d %B %Y}"
                "</li>"
            )
        self.details = QLabel(
            "<p><b>Licence</b>: the app is free software under the GNU GPL, version 3 or later; "
            "the built-in questions and glossary are CC BY-SA 4.0. PMI, PMP, CAPM and PMBOK are "
            "marks of the Project Management Institute, which does not endorse this app.</p>"
            f"<p><b>Your data</b>: <a href='{QUrl.fromLocalFile(str(data_dir)).toString()}'>"
            f"{_e(data_dir)}</a></p>"
            f"<p><b>Exam outlines</b>:</p><ul>{''.join(outlines)}</ul>"
            f"<p class='muted'>Python {_e(platform.python_version())} · Qt for Python "
            f"{_e(pyside_version)} · {_e(platform.system())}</p>"
        )
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(False)
        self.details.linkActivated.connect(lambda url: QDesktopServices.openUrl(QUrl(url)))
        self.details.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        layout.addWidget(self.details)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
