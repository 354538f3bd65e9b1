"""The Banks screen: every bank the app found, its problems and questions, adding and importing.

Built-in banks ship with the app; the learner's (or trainer's) own banks live in the data
folder's ``banks/`` and are added here from a bank file, a bank pack (.zip) or an import from
GIFT, Moodle XML or a spreadsheet. The screen watches those files: when one changes on disk the
app reloads its banks, so a trainer can edit a bank in a text editor and see it at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QFileSystemWatcher,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    QUrl,
    Signal,
)
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.engine import BankInfo, StudyEngine
from studyapp.gui.views.browse import QuestionPreview
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.names import stem_start
from studyapp.gui.widgets.tables import RowTableModel, in_card, make_table
from studyapp.gui.widgets.worker import run_with_progress
from studyapp.interop.common import slug
from studyapp.paths import user_banks_dir

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
IMPORT_FILTER = (
    "Question files (*.gift *.txt *.xml *.csv *.tsv);;Moodle GIFT (*.gift *.txt);;"
    "Moodle XML (*.xml);;Spreadsheet (*.csv *.tsv);;All files (*)"
)


class BankTableModel(RowTableModel[BankInfo]):
    COLUMNS = ("Bank", "Exam", "Questions", "Source", "State")

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        b = self._rows[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            count = f"{b.questions} terms" if b.kind == "glossary" else str(b.questions)
            if b.families:
                count += f" + {b.families} formula families"
            state = (
                f"{b.errors} problem(s)"
                if b.errors
                else ("studied" if b.studied else "for another exam or outline")
            )
            values = (
                b.title,
                f"{b.exam} {b.outline}".strip(),
                count if role == Qt.ItemDataRole.DisplayRole else b.questions,
                "built-in" if b.builtin else "yours",
                state,
            )
            return values[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{b.id} — {b.path}"
        return None


class ImportDialog(QDialog):
    """Choose a GIFT, Moodle XML or spreadsheet file, the task for unmapped questions, a name."""

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import questions")
        self.setMinimumWidth(560)
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted_label(
                "Questions from Moodle (GIFT or XML) or a spreadsheet (CSV) become a bank of "
                "yours. Anything the app cannot hold is listed afterwards; nothing is dropped "
                "without a word."
            )
        )
        form = QFormLayout()
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName("File to import")
        self.path.textChanged.connect(self._changed)
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the file to import")
        browse.clicked.connect(self._choose)
        row.addWidget(self.path, 1)
        row.addWidget(browse)
        form.addRow("File", row)
        self.task = QComboBox()
        self.task.setAccessibleName("Task for questions without one")
        self.task.addItem("Leave for me to fill in", None)
        for domain in engine.outline.domains:
            for t in domain.tasks:
                self.task.addItem(f"{t.code}  {t.name}", t.code)
        form.addRow("Task for questions without one", self.task)
        self.name = QLineEdit()
        self.name.setAccessibleName("Name of the new bank")
        form.addRow("Bank name", self.name)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._changed()

    def _choose(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import questions", "", IMPORT_FILTER)
        if path:
            self.path.setText(path)

    def _changed(self) -> None:
        text = self.path.text().strip()
        if text and not self.name.isModified():
            self.name.setText(slug(Path(text).stem, "imported"))
        ok = bool(text) and Path(text).is_file()
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


class ReportDialog(QDialog):
    """What an import or export did, line by line, with a way to open the folder."""

    def __init__(
        self, title: str, summary: str, lines: list[str], folder: Path | None, parent: QWidget
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(760, 460)
        layout = QVBoxLayout(self)
        head = QLabel(summary)
        head.setWordWrap(True)
        head.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(head)
        self.details = QPlainTextEdit("\n".join(lines) or "Nothing was lost.")
        self.details.setReadOnly(True)
        self.details.setAccessibleName("Details, one line per item")
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        if folder is not None:
            open_folder = buttons.addButton("Open folder", QDialogButtonBox.ButtonRole.ActionRole)
            open_folder.clicked.connect(
                lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
            )
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)


def import_into_user_banks(
    engine: StudyEngine, data_dir: Path, source: Path, name: str, task: str | None
) -> tuple[str, list[str], Path]:
    """Import ``source`` as a new user bank; returns (summary, detail lines, bank file)."""
    from studyapp.interop import import_file, write_imported
    from studyapp.interop.common import ImportOptions

    bank_id = slug(name, "imported")
    options = ImportOptions(
        exam=engine.exam,
        outline=engine.outline.id,
        bank_id=bank_id,
        title=name,
        default_task=task,
    )
    result = import_file(source, options)
    lines = [str(x) for x in (*result.skipped, *result.notes)]
    if not result.questions:
        return (f"Nothing could be imported: {result.summary()}.", lines, source)
    folder = user_banks_dir(data_dir) / bank_id
    n = 2
    while folder.exists():
        folder = user_banks_dir(data_dir) / f"{bank_id}-{n}"
        n += 1
    written = write_imported(result, options, folder / f"{bank_id}.yaml")
    lines += written.to_fill + [str(p) for p in written.problems]
    summary = f"{result.summary()}. Saved as {written.out}."
    if written.to_fill or any(p.is_error for p in written.problems):
        summary += (
            " Some fields must be filled in before the bank can be studied: open the file in a "
            "text editor; the app reloads it when you save."
        )
    return summary, lines, written.out


class BanksView(QWidget):
    """The list of banks with their problems and questions; add, import and reload."""

    #: The banks on disk changed (added, imported or edited): the app should reload them.
    reloadRequested = Signal()

    def __init__(self, engine: StudyEngine, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.data_dir = data_dir
        self.setObjectName("page")
        page = QVBoxLayout(self)
        page.setContentsMargins(32, 28, 32, 28)
        page.setSpacing(14)
        page.addWidget(title_label("Banks"))
        page.addWidget(
            muted_label(
                "The question banks the app found. Add your own bank files or packs, or import "
                "questions from Moodle or a spreadsheet: they are kept in "
                f"{user_banks_dir(data_dir)} and reloaded whenever their files change."
            )
        )
        bar = QHBoxLayout()
        self.add_button = QPushButton("&Add a bank or pack…")
        self.add_button.clicked.connect(self.add_bank)
        self.import_button = QPushButton("&Import from Moodle or a spreadsheet…")
        self.import_button.clicked.connect(self.import_questions)
        self.folder_button = QPushButton("Open your banks folder")
        self.folder_button.clicked.connect(self.open_folder)
        self.reload_button = QPushButton("&Reload")
        self.reload_button.clicked.connect(self.reloadRequested.emit)
        for b in (self.add_button, self.import_button, self.folder_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.reload_button)
        page.addLayout(bar)

        self.model = BankTableModel(parent=self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = make_table("Banks")
        self.table.setModel(self.proxy)  # yours first, then built-in, by exam and title
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in range(1, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())

        self.problems = QListWidget()
        self.problems.setAccessibleName("Problems in the selected bank")
        self.problems.setMaximumHeight(120)
        self.questions = QListWidget()
        self.questions.setAccessibleName("Questions of the selected bank")
        self.questions.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.questions.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.questions.currentRowChanged.connect(self._question_selected)
        self.preview = QuestionPreview()
        lower = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.problems_label = muted_label("Problems", wrap=False)
        left_layout.addWidget(self.problems_label)
        left_layout.addWidget(self.problems, 1)
        left_layout.addWidget(muted_label("Questions (as learners see them →)", wrap=False))
        left_layout.addWidget(self.questions, 2)
        lower.addWidget(left)
        lower.addWidget(self.preview)
        lower.setStretchFactor(0, 2)
        lower.setStretchFactor(1, 3)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(in_card(self.table))
        split.addWidget(lower)
        split.setChildrenCollapsible(False)
        split.setSizes([300, 420])
        page.addWidget(split, 1)

        self.watcher = QFileSystemWatcher(self)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(600)  # editors save in several steps
        self._debounce.timeout.connect(self.reloadRequested.emit)
        self.watcher.fileChanged.connect(lambda _p: self._debounce.start())
        self.watcher.directoryChanged.connect(lambda _p: self._debounce.start())
        self._shown: list[Any] = []
        self.refresh()

    def refresh(self) -> None:
        banks = sorted(self.engine.banks(), key=lambda b: (b.builtin, b.exam, b.title.casefold()))
        self.model.set_rows(banks)
        watched = self.watcher.files() + self.watcher.directories()
        if watched:
            self.watcher.removePaths(watched)
        user = user_banks_dir(self.data_dir)
        paths = [str(b.path) for b in banks if not b.builtin and b.path.exists()]
        if user.is_dir():
            paths.append(str(user))
            paths += [str(p) for p in user.iterdir() if p.is_dir()]
        if paths:
            self.watcher.addPaths(paths)
        if banks:
            self.table.selectRow(0)

    def selected_bank(self) -> BankInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.row_item(self.proxy.mapToSource(rows[0]).row())

    def _selected(self) -> None:
        bank = self.selected_bank()
        self.problems.clear()
        self.questions.clear()
        self._shown = []
        if bank is None:
            return
        for p in bank.problems:
            self.problems.addItem(f"{p.path.name}:{p.line}:{p.col}: {p.message}")
        self.problems_label.setText(
            f"Problems ({len(bank.problems)})" if bank.problems else "Problems: none"
        )
        if bank.kind == "bank" and bank.studied:
            self._shown = [
                q for q in self.engine.questions() if q.bank_id == bank.id and q.family is None
            ]
            for q in self._shown:
                self.questions.addItem(f"{q.id}: {stem_start(q.stem, 90)}")
        elif bank.kind == "glossary":
            self.questions.addItem(f"{bank.questions} terms: study and search them in Flashcards.")
        else:
            self.questions.addItem(
                "Not studied for this exam or outline: switch exam in Settings to preview it."
            )

    def _question_selected(self, row: int) -> None:
        if 0 <= row < len(self._shown):
            self.preview.show_question(self._shown[row])

    # -------------------------------------------------------------- actions
    def open_folder(self) -> None:
        folder = user_banks_dir(self.data_dir)
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def add_bank(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Add a bank or a bank pack", "", "Banks (*.yaml *.yml *.zip);;All files (*)"
        )
        if path:
            self.add_path(Path(path))

    def add_path(self, source: Path) -> None:
        from studyapp.interop.packs import add_bank_file, add_pack

        def work() -> Any:
            if source.suffix.lower() == ".zip":
                return add_pack(source, self.data_dir)
            return add_bank_file(source, self.data_dir)

        def done(added: Any) -> None:
            QMessageBox.information(
                self, "Bank added", f"Added {len(added.files)} file(s) to {added.folder}."
            )
            self.reloadRequested.emit()

        self._task = run_with_progress(self, f"Adding {source.name}…", work, done, self._failed)

    def import_questions(self) -> None:
        dialog = ImportDialog(self.engine, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.import_path(
            Path(dialog.path.text().strip()), dialog.name.text().strip(), dialog.task.currentData()
        )

    def import_path(self, source: Path, name: str, task: str | None) -> None:
        def work() -> Any:
            return import_into_user_banks(self.engine, self.data_dir, source, name, task)

        def done(result: Any) -> None:
            summary, lines, out = result
            self.last_report = ReportDialog("Import", summary, lines, out.parent, self)
            self.last_report.exec()
            if out != source:
                self.reloadRequested.emit()

        self._task = run_with_progress(self, f"Importing {source.name}…", work, done, self._failed)

    def _failed(self, message: str) -> None:
        QMessageBox.warning(self, "StudyApp", message)
