"""Settings: the exam, its date and the daily goal; theme and font size; backups and reset.

Every change is saved the moment it is made (no Apply button). What needs the main window — a
different exam, a new look, a restore (the engine must be closed first), a reset (the engine must
be reopened) — is announced with a signal:

    view = SettingsView(engine, data_dir)
    view.examChanged.connect(...)        # "PMP" | "CAPM", already saved as setting "app.exam"
    view.appearanceChanged.connect(lambda theme, pt: apply_theme(app, theme, pt))
    view.restoreRequested.connect(...)   # Path of the backup the learner confirmed
    view.progressReset.connect(...)      # progress deleted: reopen the engine
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, QEvent, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from studyapp.engine import StudyEngine
from studyapp.errors import StudyAppError
from studyapp.gui.settings_store import (
    FONT_MAX_PT,
    FONT_MIN_PT,
    THEME_NAMES,
    THEMES,
    UiSettings,
    resolved_theme,
)
from studyapp.gui.widgets.cards import Card
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.storage.backup import (
    DAMAGED_DIRNAME,
    BackupInfo,
    list_backups,
    make_backup,
    reset_progress,
)
from studyapp.storage.repo import set_setting

EXAMS = (
    ("PMP", "PMP — Project Management Professional"),
    ("CAPM", "CAPM — Certified Associate in Project Management"),
)
RESET_WORD = "RESET"
MIN_GOAL, MAX_GOAL = 1, 500  # the engine's limits


def backup_title(info: BackupInfo) -> str:
    """Why a backup was taken, in words."""
    label = info.label
    if label == "manual":
        return "Backup you made"
    if label == "before-reset":
        return "Taken before a reset"
    if label.startswith("before-"):
        return "Taken before an upgrade"
    return label.replace("-", " ").capitalize()


def backup_when(info: BackupInfo) -> str:
    return f"{info.taken_at.astimezone():%a %d %b %Y, %H:%M}"


def human_size(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def open_folder_url(folder: Path) -> QUrl:
    return QUrl.fromLocalFile(str(folder))


class _ComboBox(QComboBox):
    """A combo box as wide as its longest entry, which may shrink (eliding) in narrow windows."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), self.fontMetrics().averageCharWidth() * 22), hint.height())


class _DateEdit(QDateEdit):
    """A date field wide enough for its text once the theme's padding is added."""

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + self.fontMetrics().horizontalAdvance("MM"), hint.height())

    def minimumSizeHint(self) -> QSize:
        return self.sizeHint()


class SettingsView(QWidget):
    examChanged = Signal(str)
    appearanceChanged = Signal(str, int)  # resolved theme ("light" | "dark"), base size in pt
    restoreRequested = Signal(Path)
    progressReset = Signal()

    def __init__(
        self,
        engine: StudyEngine,
        data_dir: Path,
        ui_settings: UiSettings | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.data_dir = Path(data_dir)
        self.ui = ui_settings if ui_settings is not None else UiSettings()
        self.setObjectName("page")
        self._loading = False
        self._labels: list[QLabel] = []  # the label column, kept one width across the cards

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        content = QWidget()
        content.setObjectName("page")
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(32, 28, 32, 28)
        page.setSpacing(20)
        column_widget = QWidget()
        column_widget.setMaximumWidth(880)  # a readable width on wide windows
        column = QVBoxLayout(column_widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(20)
        page.addWidget(column_widget)
        page.addStretch(1)

        title = title_label("Settings")
        column.addWidget(title)

        column.addWidget(self._build_study())
        column.addWidget(self._build_appearance())
        column.addWidget(self._build_data())
        column.addWidget(self._build_reset())

        for a, b in zip(self.controls(), self.controls()[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._align_labels()
        self.refresh()

    # ------------------------------------------------------------------ building
    @staticmethod
    def _form() -> QFormLayout:
        form = QFormLayout()
        form.setVerticalSpacing(14)
        form.setHorizontalSpacing(18)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow windows
        return form

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        self._labels.append(label)
        return label

    def _align_labels(self) -> None:
        width = max(label.sizeHint().width() for label in self._labels)
        for label in self._labels:
            label.setMinimumWidth(width)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange) and self._labels:
            self._align_labels()

    def _build_study(self) -> Card:
        card = Card("Study")
        form = self._form()
        self.exam = _ComboBox()
        for code, name in EXAMS:
            self.exam.addItem(name, code)
        self.exam.setAccessibleName("Exam")
        self.exam.currentIndexChanged.connect(self._exam_changed)
        form.addRow(self._label("&Exam:", self.exam), self.exam)

        self.has_date = QCheckBox("I have booked my exam")
        self.has_date.setAccessibleName("I have booked my exam")
        self.date = _DateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("ddd d MMM yyyy")
        self.date.setDateRange(QDate(2000, 1, 1), QDate(2100, 12, 31))
        self.date.setAccessibleName("Exam date")
        self.has_date.toggled.connect(self._date_changed)
        self.date.dateChanged.connect(self._date_changed)
        date_row = QHBoxLayout()
        date_row.setSpacing(12)
        date_row.addWidget(self.has_date)
        date_row.addWidget(self.date)
        date_row.addStretch(1)
        form.addRow(self._label("Exam &date:", self.has_date), date_row)

        self.goal = QSpinBox()
        self.goal.setRange(MIN_GOAL, MAX_GOAL)
        self.goal.setSuffix(" questions a day")
        self.goal.setKeyboardTracking(False)  # save the number typed, not each keystroke
        self.goal.setAccessibleName("Daily goal")
        self.goal.valueChanged.connect(self._goal_changed)
        form.addRow(self._label("Daily &goal:", self.goal), self.goal)
        card.body.addLayout(form)

        self.study_note = QLabel(
            "Each exam keeps its own date, goal and progress. Changing the exam reopens "
            "StudyApp's data for that exam."
        )
        self.study_note.setObjectName("muted")
        self.study_note.setWordWrap(True)
        card.body.addWidget(self.study_note)
        return card

    def _build_appearance(self) -> Card:
        card = Card("Appearance")
        form = self._form()
        self.theme = _ComboBox()
        for key in THEMES:
            self.theme.addItem(THEME_NAMES[key], key)
        self.theme.setAccessibleName("Theme")
        self.theme.currentIndexChanged.connect(self._appearance_changed)
        form.addRow(self._label("&Theme:", self.theme), self.theme)
        self.font_size = QSpinBox()
        self.font_size.setRange(FONT_MIN_PT, FONT_MAX_PT)
        self.font_size.setSuffix(" pt")
        self.font_size.setKeyboardTracking(False)
        self.font_size.setAccessibleName("Font size in points")
        self.font_size.valueChanged.connect(self._appearance_changed)
        form.addRow(self._label("&Font size:", self.font_size), self.font_size)
        card.body.addLayout(form)
        return card

    def _build_data(self) -> Card:
        card = Card("Your data")
        folder_row = QHBoxLayout()
        folder_row.setSpacing(12)
        self.folder = QLineEdit(str(self.data_dir))
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName("Data folder")
        self.folder.setCursorPosition(0)
        self.open_folder = QPushButton("Open folder")
        self.open_folder.setAccessibleName("Open the data folder")
        self.open_folder.clicked.connect(self.open_data_folder)
        folder_row.addWidget(self._label("Data f&older:", self.folder))
        folder_row.addSpacing(6)  # 12 + 6: the forms' label-to-field spacing
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder)
        card.body.addLayout(folder_row)

        backup_row = QHBoxLayout()
        backup_row.setSpacing(12)
        self.backup_now = QPushButton("Back up now")
        self.backup_now.setAccessibleName("Back up now")
        self.backup_now.clicked.connect(self.make_backup)
        self.status = muted_label()
        self.status.setAccessibleName("Status")
        backup_row.addWidget(self.backup_now, 0, Qt.AlignmentFlag.AlignTop)
        backup_row.addWidget(self.status, 1)
        card.body.addSpacing(4)
        card.body.addLayout(backup_row)

        heading = QLabel("&Backups, newest first")
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        card.body.addSpacing(6)
        card.body.addWidget(heading)
        self.backups = QListWidget()
        self.backups.setAccessibleName("Backups")
        self.backups.setMinimumHeight(150)
        self.backups.setMaximumHeight(220)
        self.backups.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.backups.setStyleSheet("QListWidget::item { padding: 4px 6px; }")
        self.backups.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.backups.itemActivated.connect(lambda _item: self.request_restore())
        heading.setBuddy(self.backups)
        self.no_backups = muted_label("No backups yet.", wrap=False)
        card.body.addWidget(self.backups)
        card.body.addWidget(self.no_backups)

        restore_row = QHBoxLayout()
        restore_row.setSpacing(12)
        note = QLabel(
            "StudyApp also backs up before every upgrade and before a reset. Restoring keeps "
            "your current database in the “damaged” folder; nothing is deleted."
        )
        note.setObjectName("muted")
        note.setWordWrap(True)
        self.restore = QPushButton("Restore…")
        self.restore.setAccessibleName("Restore the selected backup")
        self.restore.clicked.connect(self.request_restore)
        restore_row.addWidget(note, 1)
        restore_row.addWidget(self.restore, 0, Qt.AlignmentFlag.AlignTop)
        card.body.addLayout(restore_row)
        return card

    def _build_reset(self) -> Card:
        card = Card("Start over")
        row = QHBoxLayout()
        row.setSpacing(12)
        text = QLabel(
            "Reset progress forgets every answer, memory card, study session and mock exam, "
            "for PMP and CAPM alike. Your question banks and settings stay, and a backup is "
            "taken first."
        )
        text.setWordWrap(True)
        self.reset = QPushButton("Reset progress…")
        self.reset.setAccessibleName("Reset progress")
        self.reset.clicked.connect(self.request_reset)
        row.addWidget(text, 1)
        row.addWidget(self.reset, 0, Qt.AlignmentFlag.AlignTop)
        card.body.addLayout(row)
        return card

    def controls(self) -> list[QWidget]:
        """Every interactive control, in keyboard (Tab) order."""
        return [
            self.exam,
            self.has_date,
            self.date,
            self.goal,
            self.theme,
            self.font_size,
            self.folder,
            self.open_folder,
            self.backup_now,
            self.backups,
            self.restore,
            self.reset,
        ]

    # ------------------------------------------------------------------ state
    def set_engine(self, engine: StudyEngine) -> None:
        """Show another engine's settings (after the main window reopened the data)."""
        self.engine = engine
        self.refresh()

    def refresh(self) -> None:
        """Load every control from the engine, the UI settings and the backups folder."""
        self._loading = True
        try:
            e = self.engine
            self.exam.setCurrentIndex(max(0, self.exam.findData(e.exam)))
            date = e.exam_date
            shown = date or (e.today() + dt.timedelta(days=60))
            self.has_date.setChecked(date is not None)
            self.date.setDate(QDate(shown.year, shown.month, shown.day))
            self.date.setEnabled(date is not None)
            self.goal.setValue(e.daily_goal)
            self.theme.setCurrentIndex(max(0, self.theme.findData(self.ui.theme)))
            self.font_size.setValue(self.ui.font_pt)
            self._update_theme_names()
        finally:
            self._loading = False
        self.refresh_backups()

    def refresh_backups(self, select: Path | None = None) -> None:
        self.backups.clear()
        for info in list_backups(self.data_dir):
            item = QListWidgetItem(
                f"{backup_when(info)}  ·  {backup_title(info)}  ·  {human_size(info.size)}"
            )
            item.setData(Qt.ItemDataRole.UserRole, str(info.path))
            item.setToolTip(str(info.path))
            self.backups.addItem(item)
            if select is not None and info.path == select:
                self.backups.setCurrentItem(item)
        has_any = self.backups.count() > 0
        self.backups.setVisible(has_any)
        self.no_backups.setVisible(not has_any)
        if has_any and self.backups.currentItem() is None:
            self.backups.setCurrentRow(0)
        self._update_buttons()

    def selected_backup(self) -> Path | None:
        item = self.backups.currentItem()
        return None if item is None else Path(str(item.data(Qt.ItemDataRole.UserRole)))

    def _update_buttons(self) -> None:
        self.restore.setEnabled(self.selected_backup() is not None)

    def _update_theme_names(self) -> None:
        system = resolved_theme("system")
        self.theme.setItemText(
            THEMES.index("system"), f"{THEME_NAMES['system']} (now {system.capitalize()})"
        )

    # ------------------------------------------------------------------ saving
    def _guard(self, action: Callable[[], object]) -> bool:
        try:
            action()
        except StudyAppError as exc:
            self.show_error("StudyApp could not save that", str(exc))
            return False
        return True

    def _exam_changed(self) -> None:
        if self._loading:
            return
        exam = str(self.exam.currentData())
        # Saved and announced even when it is the open exam again: that undoes a pending switch.
        if self._guard(lambda: set_setting(self.engine.db, "app.exam", exam)):
            self.examChanged.emit(exam)
        else:
            self._loading = True
            self.exam.setCurrentIndex(max(0, self.exam.findData(self.engine.exam)))
            self._loading = False

    def _date_changed(self) -> None:
        self.date.setEnabled(self.has_date.isChecked())
        if self._loading:
            return
        date: dt.date | None = None
        if self.has_date.isChecked():
            d = self.date.date()
            date = dt.date(d.year(), d.month(), d.day())
        self._guard(lambda: self.engine.set_exam_date(date))

    def _goal_changed(self, value: int) -> None:
        if self._loading:
            return
        self._guard(lambda: self.engine.set_daily_goal(int(value)))

    def _appearance_changed(self) -> None:
        if self._loading:
            return
        pref = str(self.theme.currentData())
        pt = self.font_size.value()
        self.ui.set_theme(pref)
        self.ui.set_font_pt(pt)
        self.appearanceChanged.emit(resolved_theme(pref), pt)

    # ------------------------------------------------------------------ data
    def open_data_folder(self) -> None:
        if not self.open_url(open_folder_url(self.data_dir)):
            self.show_error(
                "Could not open the folder",
                f"No file manager opened it. Your data is in:\n{self.data_dir}",
            )

    def make_backup(self) -> Path | None:
        try:
            path = make_backup(self.data_dir, self.engine.db.clock, "manual")
        except StudyAppError as exc:
            self.show_error("The backup could not be made", str(exc))
            return None
        self.status.setText(f"Backup saved: {path.name}")
        self.refresh_backups(select=path)
        return path

    def request_restore(self) -> None:
        path = self.selected_backup()
        if path is None:
            return
        info = next((b for b in list_backups(self.data_dir) if b.path == path), None)
        if info is None:
            self.show_error("That backup is gone", f"{path} no longer exists.")
            self.refresh_backups()
            return
        text = (
            f"Put back your study data as it was on {backup_when(info)}?\n\n"
            "StudyApp closes your data, moves the current database into the "
            f"“{DAMAGED_DIRNAME}” folder (it is kept, not deleted), checks the backup and copies "
            "it into place, then reopens.\n\n"
            "Answers, mock exams and settings saved after that time will not be in the "
            "restored data."
        )
        if self.confirm("Restore this backup?", text, "Restore"):
            self.restoreRequested.emit(path)

    def request_reset(self) -> None:
        typed = self.ask_text(
            "Reset progress",
            "This forgets every answer, memory card, study session and mock exam (PMP and CAPM).\n"
            "Your banks and settings stay; a backup is taken first.\n\n"
            f"Type {RESET_WORD} to confirm:",
        )
        if typed.strip() != RESET_WORD:
            if typed.strip():
                self.status.setText(f"Nothing was reset: type {RESET_WORD} in capitals to confirm.")
            return
        try:
            saved = reset_progress(self.engine.db)
        except StudyAppError as exc:
            self.show_error("Progress was not reset", str(exc))
            return
        self.status.setText(f"Progress reset. A backup was saved first: {saved.name}")
        self.refresh_backups()
        self.progressReset.emit()

    # ------------------------------------------------------------------ dialogs (tests override)
    def confirm(self, title: str, text: str, action: str = "OK") -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    def ask_text(self, title: str, label: str) -> str:
        text, ok = QInputDialog.getText(self, title, label)
        return text if ok else ""

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)
