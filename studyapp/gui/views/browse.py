"""Browse the question banks: a sortable, searchable table and a read-only preview.

The preview shows the question with its correct answer marked, then why each option is right
or wrong, the explanation and the references.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from studyapp.banks import model as m
from studyapp.engine import AnswerResult, QuestionView, StudyEngine
from studyapp.gui.richtext import SafeTextBrowser
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.names import APPROACH_NAMES, TYPE_NAMES, stem_start
from studyapp.gui.widgets.question_view import LETTERS, QuestionWidget, plain
from studyapp.gui.widgets.tables import RowTableModel, in_card, make_table
from studyapp.practice import QUESTION_TYPES, one_per_family

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
TYPE_ROLE = Qt.ItemDataRole.UserRole + 4
DOMAIN_ROLE = Qt.ItemDataRole.UserRole + 5


class QuestionTableModel(RowTableModel[QuestionView]):
    """Every question as a row of plain values (a :class:`QuestionView` per row)."""

    COLUMNS = ("Id", "Type", "Domain", "Task", "Difficulty", "Approach", "Question")
    STEM = 6

    def set_questions(self, questions: list[QuestionView]) -> None:
        self.set_rows(questions)

    def question(self, row: int) -> QuestionView:
        return self.row_item(row)

    def _display(self, q: QuestionView, col: int) -> str:
        if col == 0:
            return q.id
        if col == 1:
            return q.type
        if col == 2:
            return q.domain_name or q.domain
        if col == 3:
            return q.task
        if col == 4:
            return str(q.difficulty)
        if col == 5:
            return q.approach
        return stem_start(q.stem, 160)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        q = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(q, col)
        if role == SORT_ROLE:
            if col == 4:
                return q.difficulty
            return self._display(q, col).casefold()
        if role == SEARCH_ROLE:
            # What the search box looks in: every column, with the full stem and the names
            # behind the codes (a search for "stakeholder" finds the task by its name).
            if col == 2:
                return f"{q.domain} {q.domain_name}"
            if col == 3:
                return " ".join((*q.tasks, q.task_name))
            if col == self.STEM:
                return plain(q.stem)
            return self._display(q, col)
        if role == ID_ROLE:
            return q.id
        if role == TYPE_ROLE:
            return q.type
        if role == DOMAIN_ROLE:
            return q.domain
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == 2:
                return q.domain
            if col == 1:
                return TYPE_NAMES.get(q.type, q.type)
            if col == 3:
                return f"{q.task} {q.task_name}"
            if col == 5:
                return APPROACH_NAMES.get(q.approach, q.approach)
            if col == self.STEM:
                return stem_start(q.stem, 600)
            return None
        return None


class QuestionFilterProxy(QSortFilterProxyModel):
    """Sorts by raw values; filters by type, domain and a case-insensitive search text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.type_filter: str | None = None
        self.domain_filter: str | None = None
        self.setSortRole(SORT_ROLE)
        self.setFilterRole(SEARCH_ROLE)
        self.setFilterKeyColumn(-1)  # the search text may be in any column
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)

    def set_search(self, text: str) -> None:
        self.setFilterFixedString(text.strip())

    def set_type(self, question_type: str | None) -> None:
        self.beginFilterChange()
        self.type_filter = question_type or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_domain(self, domain: str | None) -> None:
        self.beginFilterChange()
        self.domain_filter = domain or None
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(
        self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex
    ) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self.type_filter and index.data(TYPE_ROLE) != self.type_filter:
            return False
        if self.domain_filter and index.data(DOMAIN_ROLE) != self.domain_filter:
            return False
        return super().filterAcceptsRow(source_row, source_parent)


def answer_markdown(q: QuestionView) -> str:
    """The correct answer, why each option is right or wrong, the explanation, the references."""
    model = q.model
    right = q.correct_response()
    parts: list[str] = []
    options = getattr(model, "options", [])
    if q.type in ("single", "multiple"):
        right_ids = {right} if isinstance(right, str) else set(right)
        lines = []
        for i, opt in enumerate(options):
            tag = " (correct)" if opt.id in right_ids else ""
            lines.append(f"- **{LETTERS[i]}. {plain(opt.text)}**{tag} — {opt.rationale}")
        parts.append("\n".join(lines))
    elif q.type == "hotspot":
        for opt in options:
            if opt.id == getattr(model, "answer", None):
                parts.append(f"**Correct region:** {plain(opt.text)} — {opt.rationale}")
    elif q.type == "numeric":
        unit = getattr(getattr(model, "answer", None), "unit", None)
        parts.append(f"**Correct answer:** {right:g}" + (f" {unit}" if unit else ""))
    elif q.type == "ordering":
        texts = {o.id: plain(o.text) for o in options}
        parts.append(
            "**Correct order:**\n" + "\n".join(f"{n}. {texts[i]}" for n, i in enumerate(right, 1))
        )
    elif q.type == "matching":
        prompts = {p.id: plain(p.text) for p in q.prompts}
        texts = {o.id: plain(o.text) for o in options}
        parts.append(
            "**Matches:**\n" + "\n".join(f"- {prompts[k]} → {texts[v]}" for k, v in right.items())
        )
    parts.append(f"**Explanation.** {model.explanation}")
    if model.references:
        parts.append("**References:** " + "; ".join(model.references))
    return "\n\n".join(parts)


class QuestionPreview(QScrollArea):
    """One question, read-only, with its correct answer marked and explained."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setAccessibleName("Question preview")
        body = QWidget()
        body.setObjectName("page")
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(20, 16, 20, 16)
        layout.setSpacing(14)
        self.placeholder = muted_label(
            "Select a question to see it here with its answer.", wrap=False
        )
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.meta = muted_label()
        self.meta.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.question = QuestionWidget()
        self.answer_box = QFrame()
        self.answer_box.setObjectName("feedback")
        answer_layout = QVBoxLayout(self.answer_box)
        answer_layout.setContentsMargins(20, 16, 20, 16)
        self.answer = SafeTextBrowser()
        self.answer.setAccessibleName("Answer and explanation")
        answer_layout.addWidget(self.answer)
        layout.addWidget(self.placeholder, 1)
        layout.addWidget(self.meta)
        layout.addWidget(self.question)
        layout.addWidget(self.answer_box)
        layout.addStretch(1)
        self.current: QuestionView | None = None
        self.show_question(None)

    def show_question(self, q: QuestionView | None) -> None:
        self.current = q
        self.placeholder.setVisible(q is None)
        for w in (self.meta, self.question, self.answer_box):
            w.setVisible(q is not None)
        if q is None:
            return
        self.meta.setText(
            f"{q.id} · {TYPE_NAMES.get(q.type, q.type)} · difficulty {q.difficulty} · "
            f"{APPROACH_NAMES.get(q.approach, q.approach)} · bank {q.bank_id}"
        )
        self.question.show_question(q, f"{q.domain_name} · {q.task} {q.task_name}")
        if q.type != "multiple":  # "click the image…", "type your answer…": not here
            for hint in self.question.findChildren(QLabel, "hint"):
                hint.hide()
        right = q.correct_response()
        self.question.set_response(right)
        self.question.lock()
        self.question.mark(
            AnswerResult(
                question_id=q.id,
                correct=True,
                score=1.0,
                correct_response=right,
                explanation=q.model.explanation,
                rationales={o.id: o.rationale for o in getattr(q.model, "options", [])},
                references=tuple(q.model.references),
                rating="",
                answer_id=0,
            )
        )
        self.answer.set_markdown(answer_markdown(q), q.bank_path.parent)
        self.verticalScrollBar().setValue(0)


class BrowseView(QWidget):
    """Every question of the open banks: search, filter, sort, preview."""

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("page")
        page = QVBoxLayout(self)
        page.setContentsMargins(32, 28, 32, 28)
        page.setSpacing(14)

        title = title_label("Browse questions")
        page.addWidget(title)

        bar = QHBoxLayout()
        bar.setSpacing(10)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search id, task, type or text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search questions")
        self.type_combo = QComboBox()
        self.type_combo.setAccessibleName("Filter by question type")
        self.type_combo.addItem("All types", None)
        for t in QUESTION_TYPES:
            self.type_combo.addItem(TYPE_NAMES.get(t, t), t)
        self.domain_combo = QComboBox()
        self.domain_combo.setAccessibleName("Filter by domain")
        self.domain_combo.addItem("All domains", None)
        for d in engine.outline.domains:
            self.domain_combo.addItem(d.name, d.code)
        self.count_label = muted_label(wrap=False)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.type_combo)
        bar.addWidget(self.domain_combo)
        bar.addWidget(self.count_label)
        self.export_button = QPushButton("&Export…")
        self.export_button.setAccessibleName("Export the questions listed")
        self.export_button.setToolTip(
            "Write the questions listed (after search and filters) as Moodle GIFT or XML, a "
            "spreadsheet, an Anki deck or a printable exam"
        )
        self.export_button.clicked.connect(self.export_listed)
        bar.addWidget(self.export_button)
        page.addLayout(bar)

        # A formula family shows once, by its first instance (the others differ in numbers only).
        self.model = QuestionTableModel(one_per_family(engine.questions()), self)
        self.proxy = QuestionFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = make_table("Questions")
        self.table.setModel(self.proxy)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setMinimumHeight(180)
        self.table.verticalHeader().setDefaultSectionSize(32)
        self._fitted = False

        self.preview = QuestionPreview()
        self.preview.setMinimumHeight(200)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(in_card(self.table))
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setSizes([300, 400])
        page.addWidget(self.splitter, 1)

        self.search.textChanged.connect(self._search)
        self.type_combo.currentIndexChanged.connect(self._type_changed)
        self.domain_combo.currentIndexChanged.connect(self._domain_changed)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        self._update_count()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:  # once styled: the columns fit their contents
            self._fitted = True
            for col in range(QuestionTableModel.STEM):
                self.table.resizeColumnToContents(col)

    def refresh(self) -> None:
        """Reload the questions (after the banks changed)."""
        self.model.set_questions(one_per_family(self.engine.questions()))
        self._update_count()
        self.preview.show_question(None)

    def _search(self, text: str) -> None:
        self.proxy.set_search(text)
        self._filtered()

    def _type_changed(self, _index: int) -> None:
        self.proxy.set_type(self.type_combo.currentData())
        self._filtered()

    def _domain_changed(self, _index: int) -> None:
        self.proxy.set_domain(self.domain_combo.currentData())
        self._filtered()

    def _filtered(self) -> None:
        self._update_count()
        if not self.table.selectionModel().hasSelection():
            self.preview.show_question(None)

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(
            f"{total} questions" if shown == total else f"{shown} of {total} questions"
        )

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            self.preview.show_question(None)
            return
        source = self.proxy.mapToSource(rows[0])
        self.preview.show_question(self.model.question(source.row()))

    def selected_question(self) -> QuestionView | None:
        return self.preview.current

    def listed_questions(self) -> list[QuestionView]:
        """The questions the table shows now, in its order (formula families left out)."""
        rows = (
            self.proxy.mapToSource(self.proxy.index(r, 0)).row()
            for r in range(self.proxy.rowCount())
        )
        return [q for q in (self.model.question(r) for r in rows) if q.family is None]

    def export_listed(self) -> None:
        from studyapp.interop.export import EXPORT_FORMATS

        filters = {f"{label} (*{ending})": fmt for fmt, (ending, label) in EXPORT_FORMATS.items()}
        path, chosen = QFileDialog.getSaveFileName(
            self, "Export questions", "questions", ";;".join(filters)
        )
        if not path:
            return
        fmt = filters.get(chosen) or next(
            (f for f, (ending, _l) in EXPORT_FORMATS.items() if path.endswith(ending)), "gift"
        )
        out = Path(path)
        if not out.suffix:
            out = out.with_suffix(EXPORT_FORMATS[fmt][0])
        self.export_to(out, fmt)

    def export_to(self, out: Path, fmt: str) -> None:
        """Export the listed questions off the GUI thread, then say what came across."""
        from studyapp.gui.views.banks import ReportDialog
        from studyapp.gui.widgets.worker import run_with_progress
        from studyapp.interop.export import export_banks

        groups = questions_by_bank(self.listed_questions(), self.engine)
        if not groups:
            QMessageBox.information(self, "Export", "No questions are listed to export.")
            return

        def work() -> list[str]:
            return export_banks(groups, fmt, out, title=f"{self.engine.exam} practice questions")

        def done(lines: list[str]) -> None:
            self.last_report = ReportDialog("Export", lines[-1], lines[:-1], out.parent, self)
            self.last_report.exec()

        def failed(message: str) -> None:
            QMessageBox.warning(self, "Export", message)

        self._task = run_with_progress(self, f"Exporting to {out.name}…", work, done, failed)


def questions_by_bank(
    questions: list[QuestionView], engine: StudyEngine
) -> list[tuple[m.Bank, Path]]:
    """The questions grouped by their bank file, as banks the exporters take."""
    groups: dict[Path, list[QuestionView]] = {}
    for q in questions:
        groups.setdefault(q.bank_path, []).append(q)
    out = []
    for path, qs in groups.items():
        header = m.BankHeader(
            id=qs[0].bank_id, title=qs[0].bank_id, exam=engine.exam, outline=engine.outline.id
        )
        scenarios = {q.scenario.id: q.scenario for q in qs if q.scenario is not None}
        bank = m.Bank(
            format_version=1,
            bank=header,
            scenarios=list(scenarios.values()),
            questions=[q.model for q in qs],
        )
        out.append((bank, path))
    return out
