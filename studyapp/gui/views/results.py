"""The result of a mock exam: score, estimated pass/fail, domains, tasks, time, every question.

Pass/fail and the domain ratings are estimates (PMI publishes no passing score): the screen says
so in words next to them, and the exported PDF and CSV say it too. Ratings are always written
out, never shown by colour alone.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QMarginsF,
    QModelIndex,
    QObject,
    QRectF,
    QSize,
    QSizeF,
    QSortFilterProxyModel,
    QStandardPaths,
    Qt,
    QThreadPool,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QButtonGroup,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from studyapp.banks import model as m
from studyapp.engine import AnswerResult, MockSession, QuestionView, StudyEngine
from studyapp.exam.report import (
    correct_text,
    format_duration,
    item_status,
    pace_text,
    response_text,
    result_csv,
    result_html,
    write_atomic,
)
from studyapp.exam.scoring import AreaResult, ItemResult, MockResult
from studyapp.gui.richtext import SafeTextBrowser
from studyapp.gui.widgets.cards import Card
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.layout import clear_layout
from studyapp.gui.widgets.question_view import LETTERS, QuestionWidget, plain
from studyapp.gui.widgets.tables import ROOT, Index, RowTableModel

PDF_DPI = 96
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
INDEX_ROLE = Qt.ItemDataRole.UserRole
FILTERS = (("All", "all"), ("Wrong", "wrong"), ("Flagged", "flagged"))

_Index = Index
_ROOT = ROOT


def _one_line(markdown: str, limit: int = 120) -> str:
    text = " ".join(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", plain(markdown)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --------------------------------------------------------------------------- models


class TaskResultsModel(RowTableModel[AreaResult]):
    """One row per outline task of the mock: code, name, right of total, score in %."""

    COLUMNS = ("Task", "Name", "Right", "Score")

    def set_tasks(self, tasks: list[AreaResult]) -> None:
        self.set_rows(tasks)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        t, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (
                t.code.split(".", 1)[-1],
                t.name,
                f"{t.correct} of {t.total}",
                f"{t.percent:.0f} %",
            )[col]
        if role == SORT_ROLE:  # the task column sorts in outline order
            return (index.row(), t.name, t.correct, t.percent)[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{t.code} {t.name}: {t.correct} of {t.total} right ({t.percent:.0f} %)"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if col >= 2 else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        return None


class ReviewModel(QAbstractListModel):
    """The questions of the mock for the review list, filtered: all, wrong or flagged."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[ItemResult] = []
        self._lines: dict[int, str] = {}
        self._domains: dict[str, str] = {}
        self._rows: list[ItemResult] = []
        self.which = "all"

    def set_items(
        self, items: list[ItemResult], stems: dict[int, str], domains: dict[str, str]
    ) -> None:
        self.beginResetModel()
        self._items, self._lines, self._domains = list(items), stems, domains
        self._rows = self._filtered()
        self.endResetModel()

    def set_filter(self, which: str) -> None:
        if which not in {w for _, w in FILTERS}:
            raise ValueError(f"unknown review filter {which!r}")
        self.beginResetModel()
        self.which = which
        self._rows = self._filtered()
        self.endResetModel()

    def count(self, which: str) -> int:
        return sum(1 for r in self._items if self._keep(r, which))

    @staticmethod
    def _keep(r: ItemResult, which: str) -> bool:
        if which == "wrong":
            return not r.correct
        if which == "flagged":
            return r.flagged
        return True

    def _filtered(self) -> list[ItemResult]:
        return [r for r in self._items if self._keep(r, self.which)]

    def item_at(self, row: int) -> ItemResult:
        return self._rows[row]

    def row_of(self, index: int) -> int | None:
        return next((k for k, r in enumerate(self._rows) if r.index == index), None)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        r = self._rows[index.row()]
        head = f"{r.index + 1}. {item_status(r)}"
        if r.flagged:
            head += " · flagged"
        if r.pretest:
            head += " · pretest"
        head += f" · {self._domains.get(r.domain, r.domain)}"
        line = self._lines.get(r.index, "")
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{head}\n{line}"
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"Question {head}: {line}"
        if role == INDEX_ROLE:
            return r.index
        return None


class _RowDelegate(QStyledItemDelegate):
    """Rows as tall as their text plus the stylesheet's padding (Qt leaves it out for
    multi-line items that do not wrap)."""

    PAD = 12

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        return QSize(size.width(), size.height() + self.PAD)


class _CellDelegate(QStyledItemDelegate):
    """Table cells with room around their (wrapped) text."""

    H, V = 6, 4

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        inner = QStyleOptionViewItem(option)
        inner.rect = option.rect.adjusted(self.H, 0, -self.H, 0)
        size = super().sizeHint(inner, index)
        return QSize(size.width() + 2 * self.H, size.height() + 2 * self.V)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        inner = QStyleOptionViewItem(option)
        inner.rect = option.rect.adjusted(self.H, self.V, -self.H, -self.V)
        super().paint(painter, inner, index)


# --------------------------------------------------------------------------- PDF


def render_pdf(html_text: str, title: str) -> bytes:
    """The report as an A4 PDF with page numbers.

    Runs in any thread: it uses no widgets, only a document, a writer and a painter. The
    document is laid out on the writer itself, so point sizes and percentage widths come out
    exactly as on paper.
    """
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("StudyApp")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(16, 14, 16, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    area = QRectF(writer.pageLayout().paintRectPixels(PDF_DPI))
    footer_h = PDF_DPI * 0.3  # about 7.5 mm for the page number
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    font = QFont("Helvetica")
    font.setPointSizeF(10)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(0)
    doc.setHtml(html_text)
    page = QSizeF(area.width(), area.height() - footer_h)
    doc.setPageSize(page)
    pages = doc.pageCount()
    small = QFont(font)
    small.setPointSizeF(8)
    painter = QPainter(writer)
    try:
        for i in range(pages):
            if i:
                writer.newPage()
            painter.save()
            painter.translate(0, -i * page.height())
            doc.drawContents(painter, QRectF(0, i * page.height(), page.width(), page.height()))
            painter.restore()
            painter.setFont(small)
            painter.setPen(QColor("#5b6474"))
            foot = QRectF(0, area.height() - footer_h * 0.6, area.width(), footer_h * 0.6)
            painter.drawText(
                foot, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom), title
            )
            painter.drawText(
                foot,
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                f"Page {i + 1} of {pages}",
            )
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


class _PdfSignals(QObject):
    done = Signal(str, str)  # path, error ("" when written)


# --------------------------------------------------------------------------- the screen


class ResultsView(QWidget):
    """Results of a finished mock exam, with a question-by-question review and exports."""

    back = Signal()
    exported = Signal(str)  # the path of a file written (CSV or PDF)
    failed = Signal(str)  # a message for the user (an export could not be written)

    def __init__(self, engine: StudyEngine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setObjectName("page")
        self.session: MockSession | None = None
        self.result: MockResult | None = None
        self.questions: dict[str, QuestionView] = {}
        self.responses: list[Any] = []
        self.last_dir = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self._pdf_signals = _PdfSignals(self)
        self._pdf_signals.done.connect(self._pdf_done)
        self.busy = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        content = QWidget()
        content.setObjectName("page")
        scroll.setWidget(content)
        page = QVBoxLayout(content)
        page.setContentsMargins(32, 28, 32, 28)
        page.setSpacing(20)

        # -- header: title, exports, back
        top = QHBoxLayout()
        top.setSpacing(10)
        titles = QVBoxLayout()
        titles.setSpacing(2)
        self.title = title_label("Mock exam results")
        self.subtitle = muted_label()
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        self.csv_button = QPushButton("Export CSV…")
        self.csv_button.setAccessibleName("Export the results as a CSV file")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.pdf_button = QPushButton("Export PDF…")
        self.pdf_button.setAccessibleName("Export the results as a PDF report")
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.back_button = QPushButton("Back to the dashboard")
        self.back_button.setObjectName("primary")
        self.back_button.clicked.connect(self.back.emit)
        for b in (self.csv_button, self.pdf_button, self.back_button):
            top.addWidget(b, 0, Qt.AlignmentFlag.AlignTop)
        page.addLayout(top)
        self.status = muted_label()
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status.hide()
        page.addWidget(self.status)

        # -- three cards: score, estimated result, time
        cards = QGridLayout()
        cards.setSpacing(16)
        self.score_card = Card("Score")
        self.score = QLabel()
        self.score.setObjectName("bigNumber")
        self.score_note = muted_label()
        self.score_card.body.addWidget(self.score)
        self.score_card.body.addWidget(self.score_note)
        self.score_card.body.addStretch(1)

        self.verdict_card = Card("Estimated result")
        self.verdict = QLabel()
        self.verdict.setObjectName("bigNumber")
        self.verdict_note = muted_label()
        self.verdict_card.body.addWidget(self.verdict)
        self.verdict_card.body.addWidget(self.verdict_note)
        self.verdict_card.body.addStretch(1)

        self.time_card = Card("Time per question")
        self.pace = QLabel()
        self.pace.setObjectName("bigNumber")
        self.time_card.body.addWidget(self.pace)
        compare = QGridLayout()
        compare.setHorizontalSpacing(10)
        compare.setVerticalSpacing(4)
        self.pace_bars: dict[str, QProgressBar] = {}
        self.pace_values: dict[str, QLabel] = {}
        for row, (key, text) in enumerate((("you", "You"), ("exam", "Exam pace"))):
            name = muted_label(text)
            name.setWordWrap(False)
            bar = QProgressBar()
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            value = QLabel()
            value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            compare.addWidget(name, row, 0)
            compare.addWidget(bar, row, 1)
            compare.addWidget(value, row, 2)
            self.pace_bars[key], self.pace_values[key] = bar, value
        compare.setColumnStretch(1, 1)
        self.time_card.body.addLayout(compare)
        self.pace_note = muted_label()
        self.time_card.body.addWidget(self.pace_note)
        self.time_card.body.addStretch(1)
        for i, card in enumerate((self.score_card, self.verdict_card, self.time_card)):
            cards.addWidget(card, 0, i)
            cards.setColumnStretch(i, 1)
        page.addLayout(cards)

        # -- domains and tasks
        middle = QHBoxLayout()
        middle.setSpacing(16)
        self.domain_card = Card("Domains")
        self.domain_rows = QVBoxLayout()
        self.domain_rows.setSpacing(6)
        self.domain_card.body.addLayout(self.domain_rows)
        self.threshold_note = muted_label()
        self.domain_card.body.addWidget(self.threshold_note)
        self.domain_card.body.addStretch(1)
        self.domain_labels: dict[str, QLabel] = {}

        self.task_card = Card("Tasks")
        self.task_model = TaskResultsModel(parent=self)
        self.task_proxy = QSortFilterProxyModel(self)
        self.task_proxy.setSourceModel(self.task_model)
        self.task_proxy.setSortRole(SORT_ROLE)
        self.task_table = QTableView()
        self.task_table.setModel(self.task_proxy)
        self.task_table.setAccessibleName("Score per task")
        self.task_table.setSortingEnabled(True)
        self.task_table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.task_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.task_table.setItemDelegate(_CellDelegate(self.task_table))
        self.task_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.task_table.setAlternatingRowColors(False)
        self.task_table.setShowGrid(False)
        self.task_table.setWordWrap(True)  # CAPM task names are long and begin alike
        rows = self.task_table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.task_table.setMinimumHeight(300)
        header = self.task_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        task_hint = muted_label(
            "Click a column to sort. A task with one or two questions says little on its own."
        )
        self.task_card.body.addWidget(self.task_table, 1)
        self.task_card.body.addWidget(task_hint)
        middle.addWidget(self.domain_card, 2)
        middle.addWidget(self.task_card, 3)
        page.addLayout(middle)

        # -- question-by-question review
        self.review_card = Card("Question by question")
        self.review_model = ReviewModel(self)
        filters = QHBoxLayout()
        filters.setSpacing(16)
        self.filter_group = QButtonGroup(self)
        self.filter_buttons: dict[str, QRadioButton] = {}
        for i, (text, which) in enumerate(FILTERS):
            radio = QRadioButton(text)
            radio.setAccessibleName(f"Show {text.lower()} questions")
            radio.toggled.connect(lambda on, w=which: self._filter_toggled(w, on))
            self.filter_group.addButton(radio, i)
            self.filter_buttons[which] = radio
            filters.addWidget(radio)
        self.filter_buttons["all"].setChecked(True)
        filters.addStretch(1)
        self.review_card.body.addLayout(filters)

        split = QHBoxLayout()
        split.setSpacing(16)
        self.review_list = QListView()
        self.review_list.setModel(self.review_model)
        self.review_list.setAccessibleName("Questions of the mock exam")
        self.review_list.setItemDelegate(_RowDelegate(self.review_list))
        self.review_list.setWordWrap(False)  # two lines per question, each cut with "…"
        self.review_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.review_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.review_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.review_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.review_list.setFixedWidth(340)
        self.review_list.selectionModel().currentChanged.connect(self._current_changed)
        split.addWidget(self.review_list)

        self.detail_scroll = QScrollArea()
        self.detail_scroll.setWidgetResizable(True)
        self.detail_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.detail_scroll.viewport().setAutoFillBackground(False)
        detail = QWidget()
        self.detail_scroll.setWidget(detail)
        detail.setAutoFillBackground(False)  # the card shows through (setWidget turned it on)
        self.detail = QVBoxLayout(detail)
        self.detail.setContentsMargins(4, 0, 12, 0)
        self.detail.setSpacing(14)
        self.empty_note = muted_label("Select a question on the left to see it with its answer.")
        self.detail.addWidget(self.empty_note)
        self.question_widget = QuestionWidget()
        self.question_widget.hide()
        self.detail.addWidget(self.question_widget)
        self.feedback = QFrame()
        self.feedback.setObjectName("feedback")
        self.feedback_layout = QVBoxLayout(self.feedback)
        self.feedback_layout.setContentsMargins(20, 16, 20, 16)
        self.feedback_layout.setSpacing(8)
        self.feedback.hide()
        self.detail.addWidget(self.feedback)
        self.detail.addStretch(1)
        split.addWidget(self.detail_scroll, 1)
        self.review_card.body.addLayout(split, 1)
        self.review_card.setMinimumHeight(620)
        page.addWidget(self.review_card)

        self._styled_for = ""
        self._restyle()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        built = getattr(self, "_styled_for", None) is not None
        if built and event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self._restyle()

    def _restyle(self) -> None:
        """Borders, row padding and selection of the list and table, from the theme's palette."""
        pal = QApplication.palette()  # the theme's (this page's own is tinted by its stylesheet)
        base = pal.color(QPalette.ColorRole.Base)
        text = pal.color(QPalette.ColorRole.Text)
        border = _mix(base, text, 0.16).name()
        hl = pal.color(QPalette.ColorRole.Highlight).name()
        hl_text = pal.color(QPalette.ColorRole.HighlightedText).name()
        key = f"{base.name()}{text.name()}{hl}{hl_text}"
        if key == self._styled_for:
            return
        self._styled_for = key
        frame = f"border: 1px solid {border}; border-radius: 6px; background: {base.name()};"
        self.review_list.setStyleSheet(
            f"QListView {{ {frame} padding: 4px; }}"
            f"QListView::item {{ padding: 6px 6px; border-bottom: 1px solid {border}; }}"
            f"QListView::item:selected {{ background: {hl}; color: {hl_text};"
            " border-radius: 4px; }"
        )
        self.task_table.setStyleSheet(
            f"QTableView {{ {frame} }}"
            f"QHeaderView::section {{ background: {base.name()}; border: none;"
            f" border-bottom: 1px solid {border}; padding: 4px 6px; font-weight: 600; }}"
        )

    @staticmethod
    def _muted(text: str = "") -> QLabel:
        label = muted_label(text)
        return label

    # ------------------------------------------------------------------ showing
    def show_result(self, session: MockSession) -> None:
        """Show the result of a (finished) mock exam."""
        self.session = session
        result = session.result()
        self.result = result
        n = len(session)
        self.questions = {session.item(i).question_id: session.question(i) for i in range(n)}
        self.responses = [session.item(i).response for i in range(n)]
        state = session.state
        kind = "Mock exam" if session.spec.kind == "full" else "Mini mock exam"
        when = state.finished_at or state.started_at
        self.title.setText(f"{self.engine.exam} {kind.lower()} results")
        self.subtitle.setText(
            f"{kind} of {n} questions ({result.scored} scored) · "
            f"{when.astimezone():%A %d %B %Y, %H:%M} · {self.engine.outline.title}"
        )
        self.status.hide()

        self.score.setText(f"{result.percent:.0f} %")
        self.score.setAccessibleName(f"Score {result.percent:.0f} percent")
        self.score_note.setText(
            f"{result.correct} of {result.scored} scored questions right. "
            f"{result.answered} of {n} answered."
        )
        verdict = "Estimated pass" if result.estimated_pass else "Estimated fail"
        self.verdict.setText(verdict)
        self.verdict.setAccessibleName(f"{verdict} (an estimate)")
        self.verdict_note.setText(
            f"An estimate, not PMI's verdict: PMI publishes no passing score. "
            f"This app assumes a pass mark of {result.pass_mark:.0f} %."
        )

        mine, pace = result.seconds_per_question, result.exam_pace_s
        self.pace.setText(f"{mine:.0f} s")
        self.pace.setAccessibleName(f"{mine:.0f} seconds per question on average")
        top = max(1, round(max(mine, pace)))
        for key, value, who in (("you", mine, "You"), ("exam", pace, "The exam's pace")):
            bar = self.pace_bars[key]
            bar.setRange(0, top)
            bar.setValue(round(value))
            bar.setAccessibleName(f"{who}: {value:.0f} seconds per question")
            self.pace_values[key].setText(f"{value:.0f} s")
        how = pace_text(result)
        allowed = format_duration(session.spec.minutes * 60)
        self.pace_note.setText(
            (f"{how[0].upper()}{how[1:]}. " if how else "")
            + f"Time used: {format_duration(result.time_used_s)} of {allowed}."
        )

        self._show_domains(result)
        self.task_model.set_tasks(list(result.tasks))

        stems = {i: _one_line(session.question(i).stem, 160) for i in range(n)}
        names = {d.code: d.name for d in self.engine.outline.domains}
        self.review_model.set_items(list(result.items), stems, names)
        for text, which in FILTERS:
            self.filter_buttons[which].setText(f"{text} ({self.review_model.count(which)})")
        self.filter_buttons["all"].setChecked(True)
        self.set_review_filter("all")

    def _show_domains(self, result: MockResult) -> None:
        clear_layout(self.domain_rows)
        self.domain_labels = {}
        for d in result.domains:
            name = QLabel(f"<b>{_esc(d.name)}</b> · {d.weight} % of the exam")
            name.setWordWrap(True)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(round(d.percent))
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            bar.setAccessibleName(f"{d.name}: {d.percent:.0f} %, {d.rating}")
            foot = QHBoxLayout()
            count = muted_label(f"{d.correct} of {d.total} right")
            value = QLabel(f"{d.percent:.0f} % · {d.rating}")  # the rating in words
            value.setAccessibleName(f"{d.name}: {d.rating}")
            self.domain_labels[d.code] = value
            foot.addWidget(count, 1)
            foot.addWidget(value)
            self.domain_rows.addWidget(name)
            self.domain_rows.addWidget(bar)
            self.domain_rows.addLayout(foot)
            self.domain_rows.addSpacing(8)
        t = result.thresholds
        self.threshold_note.setText(
            "Ratings are estimates (PMI publishes no thresholds). This app rates a domain "
            f"Above Target from {t['above_target']:.0f} %, Target from {t['target']:.0f} %, "
            f"Below Target from {t['below_target']:.0f} % and Needs Improvement below that."
        )

    # ------------------------------------------------------------------ review
    def _filter_toggled(self, which: str, on: bool) -> None:
        if on and which != self.review_model.which:
            self.set_review_filter(which)

    def set_review_filter(self, which: str) -> None:
        """Show all questions, only the wrong ones (incl. unanswered) or only the flagged ones."""
        current = self._current_item()
        self.review_model.set_filter(which)
        button = self.filter_buttons[which]
        if not button.isChecked():
            button.setChecked(True)
        row = self.review_model.row_of(current.index) if current is not None else None
        if row is None and self.review_model.rowCount():
            row = 0
        if row is None:
            self._show_empty("No questions match this filter.")
        else:
            self.review_list.setCurrentIndex(self.review_model.index(row, 0))

    def _current_item(self) -> ItemResult | None:
        index = self.review_list.currentIndex()
        if not index.isValid():
            return None
        return self.review_model.item_at(index.row())

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.show_item(self.review_model.item_at(current.row()).index)

    def select_question(self, index: int) -> None:
        """Select question ``index`` (0-based position in the mock) in the review list."""
        row = self.review_model.row_of(index)
        if row is None:
            self.set_review_filter("all")
            row = self.review_model.row_of(index)
        if row is not None:
            self.review_list.setCurrentIndex(self.review_model.index(row, 0))

    def show_item(self, index: int) -> None:
        """Show question ``index`` locked, with the learner's answer and the correct one marked."""
        if self.session is None or self.result is None:
            return
        item = self.result.items[index]
        q = self.session.question(index)
        response = self.responses[index]
        model = q.model
        extras = [q.domain_name, q.task_name, f"{item.time_s:.0f} s"]
        if item.pretest:
            extras.append("pretest (not scored)")
        if item.flagged:
            extras.append("flagged")
        self.empty_note.hide()
        w = self.question_widget
        w.show_question(
            q, f"Question {index + 1} of {len(self.result.items)} · " + " · ".join(extras)
        )
        w.set_response(response)
        w.lock()
        rationales = {o.id: o.rationale for o in getattr(model, "options", [])}
        w.mark(
            AnswerResult(
                question_id=q.id,
                correct=item.correct,
                score=item.score,
                correct_response=q.correct_response(),
                explanation=model.explanation,
                rationales=rationales,
                references=tuple(model.references),
                rating="",
                answer_id=0,
            )
        )
        w.show()
        self._show_feedback(item, q, response)

    def _show_feedback(self, item: ItemResult, q: QuestionView, response: Any) -> None:
        clear_layout(self.feedback_layout)
        status = item_status(item)
        verdict = QLabel(
            ("✓ " if item.correct else "✗ ")
            + status
            + (f" (score {round(100 * item.score)} %)" if 0 < item.score < 1 else "")
        )
        verdict.setObjectName("verdictRight" if item.correct else "verdictWrong")
        self.feedback_layout.addWidget(verdict)
        model = q.model
        multi = isinstance(model, (m.MultipleQuestion, m.MatchingQuestion))
        sep = "\n" if multi else "; "
        for caption, text, several in (
            ("Your answer", response_text(model, response, sep), multi and response is not None),
            ("Correct answer", correct_text(model, sep), multi),
        ):
            label = QLabel(f"{caption}:{sep if several else ' '}{text}")
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.feedback_layout.addWidget(label)
        base = q.bank_path.parent
        options = getattr(model, "options", [])
        right = q.correct_response()
        right_ids = (
            {right} if isinstance(right, str) else set(right) if isinstance(right, list) else set()
        )
        if options and q.type in ("single", "multiple", "hotspot"):
            lines = [
                f"- **{LETTERS[i]}. {plain(o.text)}**"
                + (" (correct)" if o.id in right_ids else "")
                + f" — {o.rationale}"
                for i, o in enumerate(options)
            ]
            self._markdown("\n".join(lines), base)
        self._markdown(f"**Explanation.** {model.explanation}", base)
        if model.references:
            self._markdown("**References:** " + "; ".join(model.references), base)
        self.feedback.show()

    def _markdown(self, text: str, base: Path) -> None:
        view = SafeTextBrowser()
        view.set_markdown(text, base)
        view.setAccessibleName(plain(text)[:80])
        self.feedback_layout.addWidget(view)

    def _show_empty(self, text: str) -> None:
        self.question_widget.hide()
        self.feedback.hide()
        self.empty_note.setText(text)
        self.empty_note.show()

    # ------------------------------------------------------------------ exports
    def ask_save_path(self, caption: str, suggested: str, name_filter: str) -> str | None:
        """Ask where to save (tests replace this to skip the dialog). None when cancelled."""
        path, _ = QFileDialog.getSaveFileName(
            self, caption, str(Path(self.last_dir) / suggested), name_filter
        )
        return path or None

    def report_title(self) -> str:
        if self.session is None:
            return "Mock exam results"
        state = self.session.state
        when = state.finished_at or state.started_at
        kind = "mock exam" if self.session.spec.kind == "full" else "mini mock exam"
        return f"{self.engine.exam} {kind} results — {when.astimezone():%d %B %Y}"

    def _suggested(self, suffix: str) -> str:
        """``pmp-mini-mock-2026-11-26.pdf``."""
        assert self.session is not None
        state = self.session.state
        day = (state.finished_at or state.started_at).astimezone().date()
        kind = self.session.spec.kind
        return f"{self.engine.exam.lower()}-{kind}-mock-{day.isoformat()}{suffix}"

    def _target(self, path: str | Path | None, caption: str, suffix: str, filt: str) -> Path | None:
        chosen = (
            str(path)
            if path is not None
            else self.ask_save_path(caption, self._suggested(suffix), filt)
        )
        if not chosen:
            return None
        target = Path(chosen)
        if target.suffix.lower() != suffix:
            target = target.with_name(target.name + suffix)
        self.last_dir = str(target.parent)
        return target

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        """Write the CSV (asking for a file name unless ``path`` is given); returns the path."""
        if self.result is None or self.busy:
            return None
        target = self._target(path, "Export the results as CSV", ".csv", "CSV files (*.csv)")
        if target is None:
            return None
        text = result_csv(self.result, self.questions, self.engine.outline)
        try:
            write_atomic(target, text.encode("utf-8-sig"))  # the BOM tells Excel it is UTF-8
        except OSError as exc:
            self._failed(f"The CSV file could not be written: {exc.strerror or exc}")
            return None
        self._set_status(f"Saved the CSV to {target}.")
        self.exported.emit(str(target))
        return target

    def export_pdf(self, path: str | Path | None = None) -> Path | None:
        """Start writing the PDF report in the background; ``exported`` is emitted when done."""
        if self.result is None or self.busy:
            return None
        target = self._target(path, "Export the results as PDF", ".pdf", "PDF files (*.pdf)")
        if target is None:
            return None
        title = self.report_title()
        html_text = result_html(
            self.result, self.questions, self.engine.outline, title, responses=self.responses
        )
        self._set_busy(True)
        self._set_status(f"Writing the PDF report to {target}…")
        signals = self._pdf_signals

        def work() -> None:
            error = ""
            try:
                write_atomic(target, render_pdf(html_text, title))
            except OSError as exc:  # disk full, no permission, folder gone: tell the user
                error = str(exc.strerror or exc)
            except Exception as exc:  # a bug: never leave the screen busy, and stay loud
                error = f"unexpected error ({type(exc).__name__})"
                raise
            finally:
                with contextlib.suppress(RuntimeError):  # the screen was closed meanwhile
                    signals.done.emit(str(target), error)

        QThreadPool.globalInstance().start(work)
        return target

    def _pdf_done(self, path: str, error: str) -> None:
        self._set_busy(False)
        if error:
            self._failed(f"The PDF report could not be written: {error}")
            return
        self._set_status(f"Saved the PDF report to {path}.")
        self.exported.emit(path)

    def _set_busy(self, busy: bool) -> None:
        if busy == self.busy:
            return
        self.busy = busy
        for b in (self.csv_button, self.pdf_button):
            b.setEnabled(not busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    def _set_status(self, text: str) -> None:
        self.status.setText(text)
        self.status.show()

    def _failed(self, message: str) -> None:
        self._set_status(message)
        self.failed.emit(message)


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved ``t`` of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
