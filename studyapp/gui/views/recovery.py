"""The start-up recovery dialog: shown when the study database cannot be opened.

It says what is wrong in words (never a traceback) and offers Retry, Restore latest backup,
Open data folder and Quit. After ``exec()``, ``choice`` tells the caller what to do:

    while True:
        try:
            window = open_main_window(data_dir)
            break
        except StorageError as exc:
            dialog = RecoveryDialog(exc, data_dir)
            dialog.exec()
            if dialog.choice is RecoveryChoice.QUIT:
                return 3
            # RETRY or RESTORED: try opening again
"""

from __future__ import annotations

import enum
from pathlib import Path

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from studyapp.clock import Clock, system_clock
from studyapp.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DatabaseTooNewError,
    DiskFullError,
    StorageError,
    StudyAppError,
)
from studyapp.gui.views.settings import backup_title, backup_when
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.storage.backup import (
    DAMAGED_DIRNAME,
    BackupInfo,
    check_database,
    list_backups,
    restore_backup,
)


class RecoveryChoice(enum.StrEnum):
    RETRY = "retry"  # try to open the database again
    RESTORED = "restored"  # a backup was put in place: open the database again
    QUIT = "quit"


def explain(error: StorageError) -> tuple[str, str]:
    """A headline and what to do, for each kind of storage error (the GUI's error map)."""
    if isinstance(error, CorruptDatabaseError):
        return (
            "Your study data is damaged",
            "StudyApp cannot read its database. Restore the latest backup to get back your "
            "progress as it was then: the damaged file is kept, not deleted.",
        )
    if isinstance(error, DatabaseLockedError):
        return (
            "Your study data is in use",
            "Another program — perhaps another StudyApp window — is using the database. "
            "Close it, then choose Retry.",
        )
    if isinstance(error, DatabaseTooNewError):
        return (
            "Your study data needs a newer StudyApp",
            "It was saved by a newer version of StudyApp. Install that version to keep all of "
            "your progress; restoring an older backup loses what was saved since.",
        )
    if isinstance(error, DiskFullError):
        return (
            "The disk is full",
            "Free some space on the disk that holds your data folder, then choose Retry. "
            "Nothing already saved is lost.",
        )
    return (
        "StudyApp cannot open your study data",
        "Check the data folder below, then choose Retry, or restore the latest backup.",
    )


class RecoveryDialog(QDialog):
    def __init__(
        self,
        error: StorageError,
        data_dir: Path,
        clock: Clock = system_clock,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.error = error
        self.data_dir = Path(data_dir)
        self.clock = clock
        self.choice: RecoveryChoice | None = None
        self.restored_from: Path | None = None
        self.moved_to: Path | None = None
        self.setWindowTitle("StudyApp — your data could not be opened")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 20)
        layout.setSpacing(14)
        headline, advice = explain(error)
        self.title = title_label(headline)
        self.title.setWordWrap(True)
        self.advice = QLabel(advice)
        self.advice.setWordWrap(True)
        layout.addWidget(self.title)
        layout.addWidget(self.advice)

        details = QFrame()
        details.setObjectName("card")
        box = QVBoxLayout(details)
        box.setContentsMargins(16, 12, 16, 14)
        box.setSpacing(6)
        heading = QLabel("WHAT STUDYAPP FOUND")
        heading.setObjectName("cardTitle")
        message = str(error).strip() or "The database could not be opened."
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setAccessibleName("What StudyApp found")
        self.folder = muted_label(f"Data folder: {self.data_dir}")
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.latest = muted_label()
        for w in (heading, self.message, self.folder, self.latest):
            box.addWidget(w)
        layout.addWidget(details)
        layout.addSpacing(4)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.open_folder = QPushButton("Open data folder")
        self.open_folder.setAccessibleName("Open data folder")
        self.open_folder.setAutoDefault(False)
        self.open_folder.clicked.connect(self.open_data_folder)
        self.quit = QPushButton("Quit")
        self.quit.setAccessibleName("Quit StudyApp")
        self.quit.setAutoDefault(False)
        self.quit.clicked.connect(self.reject)
        self.restore = QPushButton("Restore latest backup")
        self.restore.setAccessibleName("Restore latest backup")
        self.restore.setAutoDefault(False)
        self.restore.clicked.connect(self.restore_latest)
        self.retry = QPushButton("Retry")
        self.retry.setAccessibleName("Retry opening the data")
        self.retry.setAutoDefault(False)
        self.retry.clicked.connect(self._retry)
        buttons.addWidget(self.open_folder)
        buttons.addStretch(1)
        for b in (self.quit, self.restore, self.retry):
            buttons.addWidget(b)
        layout.addLayout(buttons)
        for a, b in zip(self.controls(), self.controls()[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self.refresh()
        self.resize(self.sizeHint())

    def controls(self) -> list[QPushButton]:
        """The buttons, in keyboard (Tab) order."""
        return [self.open_folder, self.quit, self.restore, self.retry]

    def refresh(self) -> None:
        backups = list_backups(self.data_dir)
        # Replacing a file another program is using would split the data between the two.
        in_use = isinstance(self.error, DatabaseLockedError)
        if backups:
            newest = backups[0]
            self.latest.setText(
                f"Latest backup: {backup_when(newest)} ({backup_title(newest).lower()})."
                + (" It cannot be restored while the data is in use." if in_use else "")
            )
        else:
            self.latest.setText("No backups were found, so there is nothing to restore.")
        self.restore.setEnabled(bool(backups) and not in_use)
        primary = (
            self.restore
            if self.restore.isEnabled() and isinstance(self.error, CorruptDatabaseError)
            else self.retry
        )
        for b in (self.restore, self.retry):
            b.setObjectName("primary" if b is primary else "")
            b.setDefault(b is primary)
            b.style().unpolish(b)
            b.style().polish(b)
            b.setMinimumWidth(_bold_width(b) if b is primary else 0)
        primary.setFocus()

    # ------------------------------------------------------------------ sizing
    def sizeHint(self) -> QSize:
        width = max(super().sizeHint().width(), 660)
        layout = self.layout()
        height = layout.totalHeightForWidth(width) if layout is not None else -1
        return QSize(width, max(height, super().sizeHint().height()))

    def resizeEvent(self, event: QResizeEvent) -> None:
        # A top-level window does not grow for wrapped text by itself: keep every line visible.
        super().resizeEvent(event)
        layout = self.layout()
        if layout is not None:
            needed = layout.totalHeightForWidth(self.width())
            if needed > self.minimumHeight() or needed < self.minimumHeight() - 1:
                self.setMinimumHeight(max(needed, 0))

    # ------------------------------------------------------------------ actions
    def _retry(self) -> None:
        self.choice = RecoveryChoice.RETRY
        self.accept()

    def reject(self) -> None:
        if self.choice is None:
            self.choice = RecoveryChoice.QUIT
        super().reject()

    def open_data_folder(self) -> None:
        if not self.open_url(QUrl.fromLocalFile(str(self.data_dir))):
            self.show_error(
                "Could not open the folder",
                f"No file manager opened it. Your data is in:\n{self.data_dir}",
            )

    def latest_good_backup(self) -> tuple[BackupInfo, list[BackupInfo]] | None:
        """The newest backup that passes its check, and the newer ones that failed it."""
        bad: list[BackupInfo] = []
        for info in list_backups(self.data_dir):
            try:
                problem = check_database(info.path)
            except StudyAppError:
                problem = "in use"
            if problem is None:
                return info, bad
            bad.append(info)
        return None

    def restore_latest(self) -> None:
        found = self.latest_good_backup()
        if found is None:
            self.show_error(
                "No backup can be restored",
                "Every backup in the data folder failed its check, so none was restored. "
                "Your data has not been changed.",
            )
            self.refresh()
            return
        info, bad = found
        skipped = f"\n\nThe {len(bad)} newer backup(s) are damaged and were skipped." if bad else ""
        text = (
            f"Put back your study data as it was on {backup_when(info)} "
            f"({backup_title(info).lower()})?\n\n"
            f"The current database file is moved into the “{DAMAGED_DIRNAME}” folder, never "
            "deleted. Anything saved after the backup was taken will not be in the restored "
            f"data.{skipped}"
        )
        if not self.confirm("Restore the latest backup?", text, "Restore"):
            return
        try:
            moved = restore_backup(self.data_dir, info.path, self.clock)
        except StudyAppError as exc:
            self.show_error("The backup was not restored", str(exc))
            self.refresh()
            return
        self.restored_from, self.moved_to = info.path, moved
        self.choice = RecoveryChoice.RESTORED
        self.accept()

    # ------------------------------------------------------------------ dialogs (tests override)
    def confirm(self, title: str, text: str, action: str = "OK") -> bool:
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=self)
        ok = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(cancel)
        box.exec()
        return box.clickedButton() is ok

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.warning(self, title, text)

    def open_url(self, url: QUrl) -> bool:
        return QDesktopServices.openUrl(url)


def _bold_width(button: QPushButton) -> int:
    """The width the primary style needs: its semibold text is wider than the font measured."""
    font = QFont(button.font())
    font.setWeight(QFont.Weight.DemiBold)
    text = QFontMetrics(font).horizontalAdvance(button.text())
    return max(button.sizeHint().width(), text + 2 * 22 + 8)
