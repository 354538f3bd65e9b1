"""Small building blocks of the dashboard: cards, bars, a heat map and a history chart."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from studyapp.gui.widgets.labels import muted_label
from studyapp.gui.widgets.layout import clear_layout


class Card(QFrame):
    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("card")
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(20, 16, 20, 18)
        self.body.setSpacing(8)
        heading = QLabel(title.upper())
        heading.setObjectName("cardTitle")
        self.body.addWidget(heading)


def mastery_color(p: float) -> QColor:
    """Red → amber → green by P(right); always paired with a number on screen."""
    p = max(0.0, min(1.0, (p - 0.4) / 0.5))
    if p < 0.5:
        return QColor.fromHsvF(0.02 + 0.1 * p * 2, 0.55, 0.95)
    return QColor.fromHsvF(0.12 + 0.2 * (p - 0.5) * 2, 0.5, 0.85)


class Heatmap(QWidget):
    """One cell per outline task: its number and mastery in %, coloured by mastery."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setSpacing(6)
        self.grid.setContentsMargins(0, 0, 0, 0)

    def set_data(self, rows: list[tuple[str, list[tuple[str, str, float, bool]]]]) -> None:
        """rows: (domain name, [(task code, task name, mastery, practised)])."""
        clear_layout(self.grid)
        for r, (domain, tasks) in enumerate(rows):
            label = muted_label(domain, wrap=False)
            self.grid.addWidget(label, r, 0)
            for c, (code, name, p, seen) in enumerate(tasks):
                cell = QLabel(
                    f"{code.split('.')[-1]}\n{round(100 * p)}%"
                    if seen
                    else f"{code.split('.')[-1]}\n–"
                )
                cell.setAlignment(Qt.AlignmentFlag.AlignCenter)
                cell.setFixedSize(QSize(52, 44))
                color = mastery_color(p) if seen else QColor("#c9ced6")
                cell.setStyleSheet(
                    f"background: {color.name()}; color: #1d2330; border-radius: 6px;"
                    " font-size: 9pt;"
                )
                status = f"{round(100 * p)} % on new questions" if seen else "not practised yet"
                cell.setToolTip(f"{code} {name}: {status}")
                cell.setAccessibleName(f"{code} {name}: {status}")
                self.grid.addWidget(cell, r, c + 1)
        self.grid.setColumnStretch(12, 1)


class HistoryChart(QWidget):
    """Questions answered per day: a small bar chart drawn with QPainter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data: list[tuple[dt.date, int]] = []
        self.goal = 0
        self.setMinimumHeight(170)
        self.setAccessibleName("Questions answered per day, last 30 days")

    def set_data(self, data: list[tuple[dt.date, int]], goal: int) -> None:
        self.data, self.goal = data, goal
        total = sum(n for _, n in data)
        self.setToolTip(f"{total} questions in the last {len(data)} days; daily goal {goal}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self.data:
            return
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().text().color()
        accent = self.palette().highlight().color()
        line = p.fontMetrics().height()
        left, bottom, top = 34, self.height() - line - 8, line + 8
        width = self.width() - left - 8
        peak = max(max(n for _, n in self.data), self.goal, 1)
        bar_w = width / len(self.data)
        muted = QColor(text)
        muted.setAlpha(120)
        p.setPen(muted)
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        p.drawText(QRectF(0, top - line / 2, left - 6, line), right, str(peak))
        p.drawText(QRectF(0, bottom - line / 2, left - 6, line), right, "0")
        for i, (day, n) in enumerate(self.data):
            h = (bottom - top) * n / peak
            rect = QRectF(left + i * bar_w + 1, bottom - h, max(bar_w - 3, 1), h)
            p.fillRect(rect, accent)
            if i % 7 == len(self.data) % 7 or i == len(self.data) - 1:
                p.setPen(muted)
                p.drawText(
                    QRectF(left + i * bar_w - 30, bottom + 4, 80, line),
                    Qt.AlignmentFlag.AlignHCenter,
                    day.strftime("%d %b"),
                )
        if self.goal:
            y = bottom - (bottom - top) * self.goal / peak
            pen = QPen(muted, 1, Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(left, y), QPointF(left + width, y))
            p.drawText(QPointF(left + 4, y - 5), f"daily goal {self.goal}")
        p.end()
