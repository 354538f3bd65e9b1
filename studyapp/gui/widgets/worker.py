"""Running slow work (imports, exports, PDF) off the GUI thread, with a progress dialog."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget

from studyapp.errors import StudyAppError


class Task(QObject):
    """Runs ``work`` on a thread; ``done(result)`` or ``failed(message)`` arrive on the GUI
    thread. Expected problems (:class:`StudyAppError`, ``OSError``) become the message; any
    other exception is reported as an internal error, never as a traceback."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, work: Callable[[], Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._work = work
        self.worker = threading.Thread(target=self._run, name="studyapp-task", daemon=True)

    def start(self) -> None:
        self.worker.start()

    def _run(self) -> None:
        try:
            result = self._work()
        except (StudyAppError, OSError) as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # a bug: say so plainly
            self.failed.emit(f"internal error ({type(exc).__name__}: {exc})")
        else:
            self.done.emit(result)

    def wait(self, timeout: float = 60.0) -> None:
        self.worker.join(timeout)


def run_with_progress(
    parent: QWidget,
    text: str,
    work: Callable[[], Any],
    on_done: Callable[[Any], None],
    on_failed: Callable[[str], None],
) -> Task:
    """Show a busy dialog while ``work`` runs off the GUI thread; the window stays responsive."""
    dialog = QProgressDialog(text, "", 0, 0, parent)
    dialog.setWindowTitle("StudyApp")
    dialog.setCancelButton(None)  # the work cannot be interrupted half-way: it writes files
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)  # no flash for quick work
    dialog.setAccessibleName(text)
    task = Task(work, parent)

    def finish() -> None:
        dialog.reset()
        dialog.deleteLater()

    def succeeded(result: object) -> None:
        finish()
        on_done(result)

    def failed(message: str) -> None:
        finish()
        on_failed(message)

    task.done.connect(succeeded)
    task.failed.connect(failed)
    task.start()
    return task
