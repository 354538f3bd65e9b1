"""One question on screen, every type, with mouse and keyboard.

Keys (while the question has focus): 1–9 or A–E choose an option (or a hotspot region),
Alt+Up/Down reorder. F (flag) and S (strike through) belong to the screens around it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from studyapp.banks import model as m
from studyapp.engine import AnswerResult, QuestionView
from studyapp.gui.richtext import SafeTextBrowser, safe_image_path
from studyapp.gui.widgets.layout import clear_layout
from studyapp.scheduler.grading import region_centre

LETTERS = "ABCDEFGHIJKL"


def plain(markdown: str) -> str:
    """Option text for a label: Markdown emphasis markers removed, text kept."""
    return re.sub(r"(\*\*|__|\*|_|`)", "", markdown).strip()


class OptionRow(QFrame):
    """A radio button or check box with a wrapping label; can be struck through."""

    def __init__(self, letter: str, text: str, exclusive: bool, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("optionRow")
        self.button: QAbstractButton = QRadioButton() if exclusive else QCheckBox()
        self.button.setAccessibleName(f"Option {letter}: {plain(text)}")
        self.label = QLabel(f"<b>{letter}.</b>&nbsp; {_escape(plain(text))}")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.label.mousePressEvent = lambda _e: self.button.click()  # type: ignore[method-assign]
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(10)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        self.struck = False

    def set_struck(self, struck: bool) -> None:
        self.struck = struck
        font = self.label.font()
        font.setStrikeOut(struck)
        self.label.setFont(font)
        self.label.setEnabled(not struck)
        self.setToolTip("Struck through (press S to undo)" if struck else "")

    def set_mark(self, text: str, role: str) -> None:
        """After submitting: a visible word (not colour alone) on the right or wrong option."""
        self.setProperty("mark", role)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(self.label.text() + f"&nbsp;&nbsp;<b>— {text}</b>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class HotspotCanvas(QWidget):
    """The question's image; a click (or a number key) places the answer point."""

    pointChanged = Signal()

    def __init__(self, image: Path | None, size: tuple[int, int], parent: QWidget | None = None):
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Image: click the answer, or press the region's number")
        self.image_size = size
        self.renderer = QSvgRenderer(str(image)) if image and image.suffix == ".svg" else None
        self.pixmap_path = image if image and image.suffix != ".svg" else None
        self.point: tuple[float, float] | None = None
        self.regions: list[m.HotspotOption] = []
        self.show_regions = False
        self.setMinimumSize(QSize(min(size[0], 560), int(min(size[0], 560) * size[1] / size[0])))

    def sizeHint(self) -> QSize:
        return QSize(self.image_size[0], self.image_size[1])

    def _scale(self) -> float:
        w, h = self.image_size
        return min(self.width() / w, self.height() / h)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        s = self._scale()
        self.point = (event.position().x() / s, event.position().y() / s)
        self.pointChanged.emit()
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        s = self._scale()
        target = QRectF(0, 0, self.image_size[0] * s, self.image_size[1] * s)
        p.fillRect(target, QColor("white"))
        if self.renderer is not None:
            self.renderer.render(p, target)
        elif self.pixmap_path is not None:
            p.drawImage(target, QImage(str(self.pixmap_path)))
        if self.show_regions:
            p.setPen(QPen(QColor("#2f6fdb"), 2, Qt.PenStyle.DashLine))
            for i, opt in enumerate(self.regions):
                r = opt.region
                if isinstance(r, m.Rect):
                    box = QRectF(r.x * s, r.y * s, r.width * s, r.height * s)
                elif isinstance(r, m.Circle):
                    box = QRectF((r.cx - r.r) * s, (r.cy - r.r) * s, 2 * r.r * s, 2 * r.r * s)
                else:
                    xs = [x for x, _ in r.points]
                    ys = [y for _, y in r.points]
                    box = QRectF(
                        min(xs) * s, min(ys) * s, (max(xs) - min(xs)) * s, (max(ys) - min(ys)) * s
                    )
                p.drawRect(box)
                p.drawText(box.topLeft() + QPointF(4, 14), str(i + 1))
        if self.point is not None:
            x, y = self.point[0] * s, self.point[1] * s
            p.setPen(QPen(QColor("#111111"), 3))
            p.setBrush(QColor(255, 196, 0, 200))
            p.drawEllipse(QPointF(x, y), 9, 9)
            p.drawLine(QPointF(x - 14, y), QPointF(x + 14, y))
            p.drawLine(QPointF(x, y - 14), QPointF(x, y + 14))
        p.end()


class OrderList(QListWidget):
    """A list as tall as its (wrapped) rows, so every step shows without scrolling."""

    def _content_height(self) -> int:
        line = self.fontMetrics().height()
        width = max(self.viewport().width(), 200) - 12
        rows = 0
        for i in range(self.count()):
            text = self.item(i).text()
            rect = self.fontMetrics().boundingRect(
                0, 0, width, 10_000, int(Qt.TextFlag.TextWordWrap), text
            )
            rows += max(rect.height(), line) + 6 + 2 * self.spacing()
        return rows + 2 * self.frameWidth() + 6

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._content_height())

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self._content_height())

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self.updateGeometry()  # wrapping changed with the width


class QuestionWidget(QWidget):
    """Renders a :class:`QuestionView` and returns the learner's response."""

    responseChanged = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.question: QuestionView | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(14)
        self.header = QLabel()
        self.header.setObjectName("questionHeader")
        self.header.setWordWrap(True)
        self.scenario = SafeTextBrowser()
        self.scenario.setObjectName("scenario")
        self.scenario.setAccessibleName("Case scenario")
        self.stem = SafeTextBrowser()
        self.stem.setObjectName("stem")
        self.stem.setAccessibleName("Question")
        self.answer_area = QWidget()
        self.answer_layout = QVBoxLayout(self.answer_area)
        self.answer_layout.setContentsMargins(0, 0, 0, 0)
        self.answer_layout.setSpacing(8)
        for w in (self.header, self.scenario, self.stem, self.answer_area):
            self._layout.addWidget(w)
        self._layout.addStretch(1)
        self.rows: list[OptionRow] = []
        self.group: QButtonGroup | None = None
        self.combos: dict[str, QComboBox] = {}
        self.number: QDoubleSpinBox | None = None
        self.order: QListWidget | None = None
        self.canvas: HotspotCanvas | None = None
        self._last_row = 0
        self.locked = False

    # ------------------------------------------------------------------ building
    def show_question(self, q: QuestionView, header: str = "") -> None:
        self.question = q
        self.locked = False
        base = q.bank_path.parent
        self.header.setText(header)
        self.header.setVisible(bool(header))
        if q.scenario is not None:
            self.scenario.set_markdown(f"**Case: {q.scenario.title}**\n\n{q.scenario.text}", base)
        self.scenario.setVisible(q.scenario is not None)
        self.stem.set_markdown(q.stem, base)
        self._clear_answer_area()
        model = q.model
        if isinstance(model, (m.SingleQuestion, m.MultipleQuestion)):
            self._build_choices(q, exclusive=isinstance(model, m.SingleQuestion))
        elif isinstance(model, m.MatchingQuestion):
            self._build_matching(model)
        elif isinstance(model, m.NumericQuestion):
            self._build_numeric(model)
        elif isinstance(model, m.OrderingQuestion):
            self._build_ordering(model)
        elif isinstance(model, m.HotspotQuestion):
            self._build_hotspot(model, base)

    def _clear_answer_area(self) -> None:
        clear_layout(self.answer_layout)
        self.rows, self.combos = [], {}
        self.group, self.number, self.order, self.canvas = None, None, None, None

    def _hint(self, text: str) -> None:
        hint = QLabel(text)
        hint.setObjectName("hint")
        self.answer_layout.addWidget(hint)

    def _build_choices(self, q: QuestionView, exclusive: bool) -> None:
        model = q.model
        if isinstance(model, m.MultipleQuestion):
            self._hint(f"Choose {model.choose}.")
        self.group = QButtonGroup(self)
        self.group.setExclusive(exclusive)
        for i, opt in enumerate(q.options):
            row = OptionRow(LETTERS[i], opt.text, exclusive)
            self.group.addButton(row.button, i)
            row.button.toggled.connect(lambda _on, i=i: self._chosen(i))
            self.rows.append(row)
            self.answer_layout.addWidget(row)

    def _chosen(self, index: int) -> None:
        self._last_row = index
        self.responseChanged.emit()

    def _build_matching(self, model: m.MatchingQuestion) -> None:
        self._hint("Match each item on the left with one on the right.")
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(0, 5)
        grid.setColumnStretch(1, 6)
        box = QWidget()
        box.setLayout(grid)
        for row, prompt in enumerate(model.prompts):
            combo = QComboBox()
            combo.addItem("— choose —", None)
            for opt in model.options:
                combo.addItem(plain(opt.text), opt.id)
            combo.setAccessibleName(f"Match for: {plain(prompt.text)}")
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
            combo.currentIndexChanged.connect(lambda _i: self.responseChanged.emit())
            label = QLabel(plain(prompt.text))
            label.setWordWrap(True)
            label.setMinimumWidth(180)
            label.setBuddy(combo)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignVCenter)
            grid.addWidget(combo, row, 1, Qt.AlignmentFlag.AlignVCenter)
            self.combos[prompt.id] = combo
        self.answer_layout.addWidget(box)

    def _build_numeric(self, model: m.NumericQuestion) -> None:
        self._hint(
            "Type your answer" + (f" (in {model.answer.unit})" if model.answer.unit else "") + "."
        )
        row = QHBoxLayout()
        self.number = QDoubleSpinBox()
        self.number.setRange(-1e12, 1e12)
        self.number.setDecimals(4)
        self.number.setSpecialValueText("")
        self.number.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)
        self.number.setAccessibleName("Numeric answer")
        self.number.setMinimumWidth(220)
        self.number.clear()
        self.number.valueChanged.connect(lambda _v: self.responseChanged.emit())
        row.addWidget(self.number)
        if model.answer.unit:
            row.addWidget(QLabel(model.answer.unit))
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(row)
        self.answer_layout.addWidget(holder)

    def _build_ordering(self, model: m.OrderingQuestion) -> None:
        self._hint("Put the steps in order: drag them, or select one and press Alt+↑ / Alt+↓.")
        self.order = OrderList()
        self.order.setAccessibleName("Items to order")
        self.order.setDragDropMode(QListWidget.DragDropMode.InternalMove)
        self.order.setWordWrap(True)
        for opt in model.options:
            item = QListWidgetItem(plain(opt.text))
            item.setData(Qt.ItemDataRole.UserRole, opt.id)
            self.order.addItem(item)
        self.order.setSpacing(3)
        self.order.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.order.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self.order.model().rowsMoved.connect(lambda *_a: self.responseChanged.emit())
        buttons = QHBoxLayout()
        for text, delta in (("Move up", -1), ("Move down", 1)):
            b = QPushButton(text)
            b.setAccessibleName(text)
            b.clicked.connect(lambda _c=False, d=delta: self.move_selected(d))
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.answer_layout.addWidget(self.order)
        self.order.updateGeometry()
        holder = QWidget()
        holder.setLayout(buttons)
        self.answer_layout.addWidget(holder)

    def move_selected(self, delta: int) -> None:
        assert self.order is not None
        row = self.order.currentRow()
        new = row + delta
        if row < 0 or not 0 <= new < self.order.count() or self.locked:
            return
        item = self.order.takeItem(row)
        self.order.insertItem(new, item)
        self.order.setCurrentRow(new)
        self.responseChanged.emit()

    def _build_hotspot(self, model: m.HotspotQuestion, base: Path) -> None:
        count = min(len(model.options), 9)
        self._hint(f"Click the place on the image, or press the number of a region (1–{count}).")
        image = safe_image_path(base, _url(model.image))
        self.canvas = HotspotCanvas(image, model.image_size)
        self.canvas.regions = list(model.options)
        self.canvas.pointChanged.connect(self.responseChanged.emit)
        self.answer_layout.addWidget(self.canvas)

    # ------------------------------------------------------------------ response
    def response(self) -> Any:
        """The response in the engine's form, or None when nothing is given yet."""
        q = self.question
        if q is None:
            return None
        model = q.model
        if isinstance(model, m.SingleQuestion):
            checked = [i for i, r in enumerate(self.rows) if r.button.isChecked()]
            return q.options[checked[0]].id if checked else None
        if isinstance(model, m.MultipleQuestion):
            chosen = [q.options[i].id for i, r in enumerate(self.rows) if r.button.isChecked()]
            return chosen or None
        if isinstance(model, m.MatchingQuestion):
            picked = {pid: c.currentData() for pid, c in self.combos.items()}
            return picked if all(picked.values()) else None
        if isinstance(model, m.NumericQuestion):
            assert self.number is not None
            text = self.number.cleanText().strip()
            return self.number.value() if text else None
        if isinstance(model, m.OrderingQuestion):
            assert self.order is not None
            return [
                self.order.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.order.count())
            ]
        assert self.canvas is not None
        return self.canvas.point

    def set_response(self, response: Any) -> None:
        """Show a saved response (resuming a mock exam)."""
        q = self.question
        if q is None or response is None:
            return
        model = q.model
        if isinstance(model, (m.SingleQuestion, m.MultipleQuestion)):
            ids = {response} if isinstance(response, str) else set(response)
            for opt, row in zip(q.options, self.rows, strict=True):
                row.button.setChecked(opt.id in ids)
        elif isinstance(model, m.MatchingQuestion):
            for pid, combo in self.combos.items():
                combo.setCurrentIndex(max(0, combo.findData(response.get(pid))))
        elif isinstance(model, m.NumericQuestion) and self.number is not None:
            self.number.setValue(float(response))
        elif isinstance(model, m.OrderingQuestion) and self.order is not None:
            items = {
                self.order.item(i).data(Qt.ItemDataRole.UserRole): self.order.item(i).text()
                for i in range(self.order.count())
            }
            self.order.clear()
            for oid in response:
                item = QListWidgetItem(items[oid])
                item.setData(Qt.ItemDataRole.UserRole, oid)
                self.order.addItem(item)
            self.order.updateGeometry()
        elif self.canvas is not None:
            self.canvas.point = (float(response[0]), float(response[1]))
            self.canvas.update()

    def choose(self, index: int) -> None:
        """Keyboard choice: option ``index`` (0-based), or hotspot region ``index``."""
        if self.locked or self.question is None:
            return
        if self.rows and index < len(self.rows):
            self.rows[index].button.click()
        elif self.canvas is not None and index < len(self.canvas.regions):
            self.canvas.point = region_centre(self.canvas.regions[index].region)
            self.canvas.update()
            self.responseChanged.emit()

    def strike(self, index: int | None = None) -> list[str]:
        """Toggle strike-through on an option; returns the struck option ids."""
        if not self.rows or self.question is None:
            return []
        i = self._last_row if index is None else index
        focused = next((k for k, r in enumerate(self.rows) if r.button.hasFocus()), None)
        if index is None and focused is not None:
            i = focused
        row = self.rows[i]
        row.set_struck(not row.struck)
        return [self.question.options[k].id for k, r in enumerate(self.rows) if r.struck]

    def set_struck(self, option_ids: list[str]) -> None:
        if self.question is None:
            return
        for opt, row in zip(self.question.options, self.rows, strict=False):
            row.set_struck(opt.id in option_ids)

    def lock(self) -> None:
        """After submitting: the response can no longer change."""
        self.locked = True
        for r in self.rows:
            r.button.setEnabled(False)
        for c in self.combos.values():
            c.setEnabled(False)
        for w in (self.number, self.order):
            if w is not None:
                w.setEnabled(False)
        if self.canvas is not None:
            self.canvas.setEnabled(False)
            self.canvas.show_regions = True
            self.canvas.update()

    def mark(self, result: AnswerResult) -> None:
        """Mark the right option(s) and the learner's wrong choice in words, not colour alone."""
        q = self.question
        if q is None:
            return
        right = result.correct_response
        right_ids = (
            {right} if isinstance(right, str) else set(right) if isinstance(right, list) else set()
        )
        for opt, row in zip(q.options, self.rows, strict=False):
            if opt.id in right_ids:
                row.set_mark("correct answer", "right")
            elif row.button.isChecked():
                row.set_mark("your answer", "wrong")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        text = event.text().upper()
        if event.modifiers() & Qt.KeyboardModifier.AltModifier and self.order is not None:
            if key == Qt.Key.Key_Up:
                self.move_selected(-1)
                return
            if key == Qt.Key.Key_Down:
                self.move_selected(1)
                return
        if text and text in "123456789":
            self.choose(int(text) - 1)
            return
        # A–E choose (F flags and S strikes, handled by the screen around the question).
        if text and text in LETTERS[:5] and not event.modifiers():
            self.choose(LETTERS.index(text))
            return
        super().keyPressEvent(event)


def _url(path: str) -> QUrl:
    return QUrl(path)
