"""The main window: navigation on the left, one screen at a time on the right."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QWidget,
)

from studyapp.banks import Problem
from studyapp.engine import MockSession, SessionPick, StudyEngine
from studyapp.gui.settings_store import UiSettings
from studyapp.gui.views.dashboard import DashboardView
from studyapp.gui.views.study import SessionDone
from studyapp.gui.widgets.nav import window_frame

if TYPE_CHECKING:  # the other screens are imported when first opened
    from studyapp.gui.views.banks import BanksView
    from studyapp.gui.views.browse import BrowseView
    from studyapp.gui.views.flashcards import FlashcardsView
    from studyapp.gui.views.mistakes import MistakesView
    from studyapp.gui.views.mock import MockExamView
    from studyapp.gui.views.practice import PracticeView
    from studyapp.gui.views.results import ResultsView
    from studyapp.gui.views.settings import SettingsView
    from studyapp.gui.views.study import StudyView


class ProblemBanner(QFrame):
    """Bank problems found at start-up: listed, dismissable, never blocking."""

    def __init__(self, problems: list[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 10, 12, 10)
        errors = [p for p in problems if p.is_error]
        shown = errors[:5]
        text = (
            f"<b>{len(errors)} problem(s) in your question banks</b> — the valid questions are "
            "loaded; fix these to use the rest:<br>"
            + "<br>".join(f"{p.path.name}:{p.line}: {_escape(p.message)}" for p in shown)
            + (f"<br>…and {len(errors) - len(shown)} more" if len(errors) > len(shown) else "")
        )
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton("Dismiss")
        close.setAccessibleName("Dismiss bank problems")
        close.clicked.connect(self.hide)
        layout.addWidget(label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class MainWindow(QMainWindow):
    #: The app should reopen the data (the exam changed, a backup was restored, progress reset).
    restartRequested = Signal()
    #: The learner chose another look: resolved theme ("light" | "dark") and font size.
    appearanceChanged = Signal(str, int)

    def __init__(
        self,
        engine: StudyEngine,
        data_dir: Path | None = None,
        ui_settings: UiSettings | None = None,
    ) -> None:
        super().__init__()
        self.engine = engine
        self.data_dir = data_dir if data_dir is not None else engine.db.path.parent
        self.pending_restore: Path | None = None
        right, self.nav_group, self.nav_buttons = window_frame(
            self, engine.exam, engine.outline.id, self.show_page
        )
        errors = [p for p in engine.bank_problems if p.is_error]
        self.banner = ProblemBanner(errors) if errors else None
        if self.banner is not None:
            holder = QHBoxLayout()
            holder.setContentsMargins(24, 16, 24, 0)
            holder.addWidget(self.banner)
            right.addLayout(holder)
        self.stack = QStackedWidget()
        right.addWidget(self.stack, 1)

        self.dashboard = DashboardView(engine, snapshot_dir=self.data_dir)
        self.dashboard.startSession.connect(self.start_session)
        self.done = SessionDone()
        self.done.back.connect(lambda: self.show_page("dashboard"))
        self.empty = SessionDone()
        self.empty.back.connect(lambda: self.show_page("dashboard"))
        self._ui_settings = ui_settings
        self._pages: dict[str, QWidget] = {}
        for w in (self.dashboard, self.done, self.empty):
            self.stack.addWidget(w)
        self.show_page("dashboard")

    # Screens other than the dashboard and the study session are built on first use: start-up
    # pays only for what the learner sees first.
    def _page(self, key: str) -> QWidget:
        page = self._pages.get(key)
        if page is None:
            page = self._build_page(key)
            self._pages[key] = page
            self.stack.addWidget(page)
        return page

    def _build_page(self, key: str) -> QWidget:
        engine = self.engine
        if key == "study":
            from studyapp.gui.views.study import StudyView

            study = StudyView(engine)
            study.finished.connect(self._session_finished)
            study.failed.connect(self._error)
            return study
        if key == "mock":
            from studyapp.gui.views.mock import MockExamView

            mock = MockExamView(engine)
            mock.finished.connect(self._mock_finished)
            mock.failed.connect(self._error)
            return mock
        if key == "settings":
            from studyapp.gui.views.settings import SettingsView

            settings = SettingsView(engine, self.data_dir, self._ui_settings)
            settings.examChanged.connect(lambda _exam: self.restartRequested.emit())
            settings.progressReset.connect(self.restartRequested.emit)
            settings.restoreRequested.connect(self._restore)
            settings.appearanceChanged.connect(self.appearanceChanged.emit)
            return settings
        if key == "practice":
            from studyapp.gui.views.practice import PracticeView

            practice = PracticeView(engine)
            practice.startPicks.connect(self.start_picks)
            return practice
        if key == "mistakes":
            from studyapp.gui.views.mistakes import MistakesView

            mistakes = MistakesView(engine)
            mistakes.startPicks.connect(self.start_picks)
            return mistakes
        if key == "flashcards":
            from studyapp.gui.views.flashcards import FlashcardsView

            return FlashcardsView(engine)
        if key == "browse":
            from studyapp.gui.views.browse import BrowseView

            return BrowseView(engine)
        if key == "banks":
            from studyapp.gui.views.banks import BanksView

            banks = BanksView(engine, self.data_dir)
            banks.reloadRequested.connect(self.restartRequested.emit)
            return banks
        if key == "results":
            from studyapp.gui.views.results import ResultsView

            results = ResultsView(engine)
            results.back.connect(lambda: self.show_page("dashboard"))
            results.failed.connect(self._error)
            return results
        raise KeyError(key)

    @property
    def study(self) -> StudyView:
        return self._page("study")  # type: ignore[return-value]

    @property
    def mock(self) -> MockExamView:
        return self._page("mock")  # type: ignore[return-value]

    @property
    def settings(self) -> SettingsView:
        return self._page("settings")  # type: ignore[return-value]

    @property
    def practice(self) -> PracticeView:
        return self._page("practice")  # type: ignore[return-value]

    @property
    def mistakes(self) -> MistakesView:
        return self._page("mistakes")  # type: ignore[return-value]

    @property
    def flashcards(self) -> FlashcardsView:
        return self._page("flashcards")  # type: ignore[return-value]

    @property
    def browse(self) -> BrowseView:
        return self._page("browse")  # type: ignore[return-value]

    @property
    def banks(self) -> BanksView:
        return self._page("banks")  # type: ignore[return-value]

    @property
    def results(self) -> ResultsView:
        return self._page("results")  # type: ignore[return-value]

    def show_page(self, key: str) -> None:
        if key == "about":
            from studyapp.gui.views.about import AboutDialog

            self.about = AboutDialog(self.data_dir, self.engine.exam, self)
            self.about.exec()
            return
        if key == "dashboard":
            self.dashboard.refresh()
            self.stack.setCurrentWidget(self.dashboard)
        elif key == "study" and self.stack.currentWidget() is not self._pages.get("study"):
            self.start_session()
            return
        elif key == "mock":
            if self.mock.session is None:
                self.mock.show_start()
            self.stack.setCurrentWidget(self.mock)
        elif key == "settings":
            self.settings.refresh()
            self.stack.setCurrentWidget(self.settings)
        elif key == "banks":
            self.stack.setCurrentWidget(self.banks)
        elif key in ("practice", "mistakes", "browse", "flashcards"):
            page: PracticeView | MistakesView | BrowseView | FlashcardsView = self._page(key)  # type: ignore[assignment]
            page.refresh()
            self.stack.setCurrentWidget(page)
        self.nav_buttons[key].setChecked(True)

    def start_session(self) -> None:
        goal_met = self.engine.answered_today() >= self.engine.daily_goal
        if self.study.start(20, beyond_goal=goal_met):
            self.stack.setCurrentWidget(self.study)
            self.nav_buttons["study"].setChecked(True)
        else:
            self.empty.title.setText("Nothing to study right now")
            self.empty.note.setText("Your banks have no questions for this exam yet.")
            self.stack.setCurrentWidget(self.empty)

    def start_picks(self, picks: list[SessionPick]) -> None:
        """Run a practice or retry session chosen on another screen."""
        if self.study.start_with(picks):
            self.stack.setCurrentWidget(self.study)
            self.nav_buttons["study"].setChecked(True)

    def _session_finished(self) -> None:
        left = self.engine.daily_goal - self.engine.answered_today()
        self.done.show_summary(self.study.right, len(self.study.picks), left)
        self.stack.setCurrentWidget(self.done)

    def _mock_finished(self, session: MockSession) -> None:
        self.results.show_result(session)
        self.stack.setCurrentWidget(self.results)

    def _restore(self, backup: Path) -> None:
        """Restoring replaces the database file: the app closes it and reopens after."""
        self.pending_restore = backup
        self.restartRequested.emit()

    def _error(self, message: str) -> None:
        QMessageBox.warning(self, "StudyApp", message)

    def closeEvent(self, event: object) -> None:
        self.engine.close()
        super().closeEvent(event)  # type: ignore[arg-type]
