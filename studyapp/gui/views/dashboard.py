"""The dashboard: days to the exam, readiness, domains, task heat map, plan, history."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from studyapp.dashboard import DashboardData, dashboard_data, save_snapshot
from studyapp.gui.widgets.cards import Card, Heatmap, HistoryChart
from studyapp.gui.widgets.labels import muted_label, title_label
from studyapp.gui.widgets.layout import clear_layout

if TYPE_CHECKING:  # the engine is imported by the caller: start-up shows a snapshot without it
    from studyapp.engine import StudyEngine


class DashboardView(QWidget):
    startSession = Signal()

    def __init__(
        self,
        engine: StudyEngine | None,
        parent: QWidget | None = None,
        *,
        snapshot: DashboardData | None = None,
        snapshot_dir: Path | None = None,
    ) -> None:
        """The live dashboard of ``engine``, or (engine None) the saved ``snapshot`` shown while
        the data loads. With ``snapshot_dir``, each refresh saves a snapshot for the next start."""
        super().__init__(parent)
        self.engine = engine
        self.snapshot_dir = snapshot_dir
        self.data: DashboardData | None = snapshot
        self.setObjectName("page")
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

        top = QHBoxLayout()
        self.title = title_label()
        top.addWidget(self.title, 1)
        self.start = QPushButton("Start today's session")
        self.start.setObjectName("primary")
        self.start.setAccessibleName("Start today's session")
        self.start.clicked.connect(self.startSession.emit)
        top.addWidget(self.start, 0, Qt.AlignmentFlag.AlignRight)
        page.addLayout(top)

        cards = QGridLayout()
        cards.setSpacing(16)
        self.days_card = Card("Exam")
        self.days = QLabel()
        self.days.setObjectName("bigNumber")
        self.days_note = muted_label()
        self.days_card.body.addWidget(self.days)
        self.days_card.body.addWidget(self.days_note)
        self.days_card.body.addStretch(1)

        self.ready_card = Card("Readiness")
        self.ready = QLabel()
        self.ready.setObjectName("bigNumber")
        self.ready_note = muted_label()
        self.ready_card.body.addWidget(self.ready)
        self.ready_card.body.addWidget(self.ready_note)
        self.ready_card.body.addStretch(1)

        self.today_card = Card("Today")
        self.today = QLabel()
        self.today.setObjectName("bigNumber")
        self.today_bar = QProgressBar()
        self.today_bar.setTextVisible(False)
        self.today_bar.setAccessibleName("Progress toward today's goal")
        self.today_note = muted_label()
        for w in (self.today, self.today_bar, self.today_note):
            self.today_card.body.addWidget(w)
        self.today_card.body.addStretch(1)
        for i, card in enumerate((self.days_card, self.ready_card, self.today_card)):
            cards.addWidget(card, 0, i)
            cards.setColumnStretch(i, 1)
        page.addLayout(cards)

        middle = QHBoxLayout()
        middle.setSpacing(16)
        self.domain_card = Card("Domains (predicted on new questions)")
        self.domain_rows = QVBoxLayout()
        self.domain_rows.setSpacing(10)
        self.domain_card.body.addLayout(self.domain_rows)
        self.domain_card.body.addStretch(1)
        self.plan_card = Card("Plan")
        self.plan_rows = QVBoxLayout()
        self.plan_rows.setSpacing(6)
        self.plan_card.body.addLayout(self.plan_rows)
        self.plan_card.body.addStretch(1)
        middle.addWidget(self.domain_card, 3)
        middle.addWidget(self.plan_card, 2)
        page.addLayout(middle)

        self.heat_card = Card("Tasks (mastery on new questions)")
        self.heatmap = Heatmap()
        self.heat_card.body.addWidget(self.heatmap)
        page.addWidget(self.heat_card)

        self.history_card = Card("Last 30 days")
        self.history = HistoryChart()
        self.history_card.body.addWidget(self.history)
        page.addWidget(self.history_card)
        page.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        if self.engine is not None:
            self.data = dashboard_data(self.engine)
            if self.snapshot_dir is not None:
                save_snapshot(self.snapshot_dir, self.data)
        if self.data is not None:
            self.show_data(self.data)

    def show_data(self, d: DashboardData) -> None:
        self.title.setText(f"Your {d.exam} preparation")
        left = d.days_left
        if left is None or d.exam_date is None:
            self.days.setText("—")
            self.days_note.setText("No exam date set. Choose one in Settings for a full plan.")
        elif left < 0:
            self.days.setText("—")
            self.days_note.setText("Your exam date has passed. Set the next one in Settings.")
        else:
            self.days.setText(f"{left} days")
            self.days_note.setText(f"to the exam on {d.exam_date:%A %d %B %Y}.")

        if d.enough_evidence and d.predicted_score is not None and d.interval is not None:
            self.ready.setText(f"{d.predicted_score:.0f} %")
            assert d.pass_probability is not None and d.pass_mark is not None
            self.ready_note.setText(
                f"80 % interval {d.interval[0]:.0f}–{d.interval[1]:.0f} %. "
                f"Pass probability {100 * d.pass_probability:.0f} % (estimated pass mark "
                f"{d.pass_mark:.0f} %: PMI publishes none)."
            )
        else:
            self.ready.setText("Not yet")
            self.ready_note.setText(d.readiness_message.replace("Not enough evidence yet: a", "A"))

        done, goal = d.done_today, d.daily_goal
        self.today.setText(f"{done} / {goal}")
        self.today_bar.setMaximum(goal)
        self.today_bar.setValue(min(done, goal))
        self.today_note.setText(
            "Goal reached. Extra practice still counts."
            if done >= goal
            else f"{goal - done} questions to go today."
        )
        self.start.setText("Start today's session" if done < goal else "Practise more")

        clear_layout(self.domain_rows)
        for line in d.domains:
            head = QHBoxLayout()
            name = QLabel(f"<b>{line.name}</b> · {line.weight} % of the exam")
            value = muted_label(f"{line.percent} % · {line.rating}", wrap=False)
            head.addWidget(name, 1)
            head.addWidget(value)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(line.percent)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            bar.setAccessibleName(f"{line.name}: {line.percent} %, {line.rating}")
            self.domain_rows.addLayout(head)
            self.domain_rows.addWidget(bar)
            self.domain_rows.addSpacing(6)

        clear_layout(self.plan_rows)
        self.plan_rows.addWidget(muted_label(d.plan_message))
        for day in d.plan:
            topics = ", ".join(day.topics[:2]) + ("…" if len(day.topics) > 2 else "")
            text = f"<b>{day.date:%a %d %b}</b> · {day.kind} · {day.questions} questions"
            if topics:
                text += f"<br><span>{topics}</span>"
            lbl = QLabel(text)
            lbl.setWordWrap(True)
            self.plan_rows.addWidget(lbl)

        self.heatmap.set_data(
            [(h.name, [(t.code, t.name, t.mastery, t.seen) for t in h.tasks]) for h in d.heat]
        )
        self.history.set_data(list(d.history), d.daily_goal)
