"""First run: which exam, when, and how many questions a day."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.gui.widgets.labels import muted_label, title_label


class FirstRunDialog(QDialog):
    def __init__(self, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to StudyApp")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(16)
        title = title_label("Let's set up your preparation")
        intro = muted_label("You can change all of this later in Settings.", wrap=False)
        layout.addWidget(title)
        layout.addWidget(intro)

        form = QFormLayout()
        form.setVerticalSpacing(14)
        exams = QHBoxLayout()
        self.exam_group = QButtonGroup(self)
        self.pmp = QRadioButton("PMP — Project Management Professional")
        self.capm = QRadioButton("CAPM — Certified Associate in Project Management")
        self.pmp.setChecked(True)
        for b in (self.pmp, self.capm):
            self.exam_group.addButton(b)
        box = QVBoxLayout()
        box.addWidget(self.pmp)
        box.addWidget(self.capm)
        exams.addLayout(box)
        form.addRow("Exam:", exams)

        self.has_date = QCheckBox("I have booked my exam")
        self.date = QDateEdit(QDate(today.year, today.month, today.day).addDays(60))
        self.date.setCalendarPopup(True)
        self.date.setMinimumDate(QDate(today.year, today.month, today.day))
        self.date.setAccessibleName("Exam date")
        self.date.setEnabled(False)
        self.has_date.toggled.connect(self.date.setEnabled)
        date_row = QHBoxLayout()
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form.addRow("Exam date:", date_row)

        self.goal = QSpinBox()
        self.goal.setRange(5, 300)
        self.goal.setValue(30)
        self.goal.setSuffix(" questions a day")
        self.goal.setAccessibleName("Daily goal")
        form.addRow("Daily goal:", self.goal)
        layout.addLayout(form)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Start studying")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("primary")
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)

    @property
    def exam(self) -> str:
        return "CAPM" if self.capm.isChecked() else "PMP"

    @property
    def exam_date(self) -> dt.date | None:
        if not self.has_date.isChecked():
            return None
        d = self.date.date()
        return dt.date(d.year(), d.month(), d.day())
