"""Starting the desktop app quickly.

The database layer and the banks take most of a start-up to import and open. When a dashboard
snapshot from the last run exists, a start-up window with the same navigation and that
dashboard appears at once and stays responsive while a background thread imports the rest of
the app and opens the data; the main window then takes its place with the live figures. Clicks
made in the meantime (start a session, open a screen) are carried out as soon as the data is
ready. Without a snapshot (first run), or when opening fails (a locked or damaged database),
the app starts the ordinary way, with the first-run and recovery dialogs.

Only light modules are imported here: PySide6, the theme, the snapshot reader.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMainWindow

from studyapp.clock import Clock, system_clock
from studyapp.dashboard import DashboardData, load_snapshot
from studyapp.gui.icons import app_icon
from studyapp.gui.settings_store import UiSettings
from studyapp.gui.views.dashboard import DashboardView
from studyapp.gui.widgets.labels import muted_label
from studyapp.gui.widgets.nav import window_frame

if TYPE_CHECKING:
    from studyapp.gui.app import AppController


class StartupWindow(QMainWindow):
    """The main window's look, with the last dashboard, shown while the data loads."""

    def __init__(self, snapshot: DashboardData) -> None:
        super().__init__()
        self.pending: str | None = None  # "start", or the key of a screen asked for
        right, self.nav_group, self.nav_buttons = window_frame(
            self, snapshot.exam, snapshot.outline, self._asked
        )
        self.status = muted_label("Loading your latest progress…", wrap=False)
        self.status.setContentsMargins(32, 10, 32, 0)
        self.status.setAccessibleName("Loading your latest progress")
        right.addWidget(self.status)
        self.dashboard = DashboardView(None, snapshot=snapshot)
        self.dashboard.startSession.connect(lambda: self._asked("start"))
        self.dashboard.refresh()
        right.addWidget(self.dashboard, 1)
        self.nav_buttons["dashboard"].setChecked(True)

    def _asked(self, what: str) -> None:
        """Remember the latest request; it is carried out when the data is ready."""
        self.pending = None if what == "dashboard" else what
        if what == "about":
            return  # shown once the main window is up
        self.status.setText("Opening as soon as your data is loaded…")
        self.setCursor(Qt.CursorShape.BusyCursor)


class EngineLoader(QObject):
    """Imports the app and opens the study data on a background thread."""

    loaded = Signal(object)  # the StudyEngine
    failed = Signal(object)  # the exception, or None when the first-run questions are needed

    def __init__(self, data_dir: Path, clock: Clock) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.clock = clock
        self.worker = threading.Thread(target=self._run, name="studyapp-load", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            from studyapp.engine import StudyEngine
            from studyapp.gui import app  # the main window and every screen

            exam = app.saved_exam(self.data_dir, self.clock)
            if exam is None:
                self.failed.emit(None)
                return
            self.loaded.emit(StudyEngine.open(self.data_dir, exam=exam, clock=self.clock))
        except BaseException as exc:  # reported on the GUI thread, never lost
            self.failed.emit(exc)

    def wait(self) -> None:
        """Let an open in progress finish (it may be migrating the database) before exit."""
        if self.worker.is_alive():
            self.worker.join(timeout=60)


class FastStart(QObject):
    """Shows the start-up window, then hands over to the app controller."""

    #: The main window is up with live data (for benchmarks and tests).
    live = Signal()

    def __init__(
        self, app: QApplication, data_dir: Path, clock: Clock, ui: UiSettings, snap: DashboardData
    ) -> None:
        super().__init__()
        self.app = app
        self.data_dir = data_dir
        self.clock = clock
        self.ui = ui
        self.controller: AppController | None = None
        self.window = StartupWindow(snap.on(clock().astimezone().date()))
        self.loader = EngineLoader(data_dir, clock)
        self.loader.loaded.connect(self._loaded)
        self.loader.failed.connect(self._failed)
        app.aboutToQuit.connect(self._quitting)

    def start(self) -> None:
        self.window.show()
        self.loader.start()

    def _controller(self) -> AppController:
        from studyapp.gui.app import AppController

        self.controller = AppController(self.app, self.data_dir, self.clock, self.ui)
        return self.controller

    def _loaded(self, engine: Any) -> None:
        controller = self._controller()
        geometry, pending = self.window.geometry(), self.window.pending
        window = controller.adopt(engine, geometry, show=False)
        # Hand the screen over without holding two windows' buffers at once.
        self.window.hide()
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        window.show()
        if pending == "start":
            window.start_session()
        elif pending is not None:
            window.show_page(pending)
        self.live.emit()

    def _failed(self, error: object) -> None:
        # The ordinary start shows the first-run or recovery dialogs over this window.
        self.window.setEnabled(False)
        ok = self._controller().open()
        self.window.close()
        self.window.deleteLater()
        if not ok:
            self.app.quit()
        else:
            self.live.emit()
        del error  # the ordinary start meets the same problem and explains it

    def _quitting(self) -> None:
        self.loader.wait()


def start(
    app: QApplication, data_dir: Path, clock: Clock = system_clock, ui: UiSettings | None = None
) -> FastStart | AppController | None:
    """Show the first window: the start-up window when a snapshot exists, else the ordinary
    start. Returns what keeps the app going, or None when the learner quit (first run)."""
    ui = ui or UiSettings()
    snap = load_snapshot(data_dir)
    if snap is not None:
        fast = FastStart(app, data_dir, clock, ui, snap)
        fast.start()
        return fast
    from studyapp.gui.app import AppController

    controller = AppController(app, data_dir, clock, ui)
    return controller if controller.open() else None


def _one_malloc_arena() -> None:
    """On glibc, keep the loader thread's allocations in the main heap: a second malloc arena
    would add a few MiB of fragmentation to the resident size for the app's whole life."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").mallopt(-8, 1)  # M_ARENA_MAX = 1
    except (OSError, AttributeError):
        pass  # not glibc (e.g. musl): nothing to tune


def run(data_dir: Path, argv: list[str] | None = None) -> int:
    _one_malloc_arena()
    app = QApplication.instance() or QApplication(argv or sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("StudyApp")
    app.setOrganizationName("StudyApp")
    app.setDesktopFileName("io.github.studyapp.StudyApp")  # matches the installed .desktop file
    app.setWindowIcon(app_icon())
    ui = UiSettings()
    ui.apply(app)
    keep = start(app, data_dir, system_clock, ui)
    if keep is None:
        return 0
    if os.environ.get(TIMING_ENV) == "1":
        _report_timing(app, keep)
    return app.exec()


#: Set to 1 to print when the dashboard is on screen and when the data is live, then quit: how
#: packaging/build.py times the frozen app (the benchmarks time the installed one the same way).
TIMING_ENV = "STUDYAPP_REPORT_START"


def _report_timing(app: QApplication, keep: object) -> None:
    import time

    app.processEvents()
    print("dashboard", time.time(), flush=True)

    def live() -> None:
        print("live", time.time(), flush=True)
        app.quit()

    if isinstance(keep, FastStart):
        keep.live.connect(live)
    else:
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, live)
