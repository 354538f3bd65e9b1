"""Cold start of the desktop app to an interactive dashboard, and its memory.

Each run is a fresh process (offscreen) that starts the app the way ``studyapp`` does
(:mod:`studyapp.gui.launch`) on a learner's data folder that has been used before: an exam
chosen, some answers, the validated-bank cache warm and the dashboard snapshot saved, as on
every start after the first. Two moments are timed from process launch:

- *dashboard*: the window is on screen with the learner's dashboard and handles clicks (the
  figures come from the snapshot; a click made now is carried out once the data is loaded);
- *live*: the database and banks are open and the main window shows the live figures.

Peak RSS is the process's maximum resident size by the time it is live. A bare PySide6 window
is measured the same way for scale.

Targets: dashboard <= 0.6 s median and <= 150 MiB RSS.
Run: ``.venv/bin/python benchmarks/gui_startup.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

APP = r"""
import resource, sys, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studyapp.gui import launch
from studyapp.gui.theme import apply_theme
launch._one_malloc_arena()
app = QApplication([])
apply_theme(app, "light")
keep = launch.start(app, Path(sys.argv[1]))
app.processEvents()
print("dashboard", time.time(), flush=True)
def live():
    print("live", time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
    app.quit()
if isinstance(keep, launch.FastStart):
    keep.live.connect(live)
    app.exec()
else:
    live()
"""

SETUP = r"""
import sys
from pathlib import Path
from studyapp.dashboard import dashboard_data, save_snapshot
from studyapp.engine import StudyEngine
from studyapp.storage.repo import set_setting
data = Path(sys.argv[1])
engine = StudyEngine.open(data, exam="PMP")
set_setting(engine.db, "app.exam", "PMP")
for pick in engine.next_session(20):
    engine.record_answer(pick.question.id, pick.question.correct_response(), 30)
save_snapshot(data, dashboard_data(engine))
engine.close()
"""

BARE = r"""
import resource, time
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("hello")
w.show()
app.processEvents()
print("ready", time.time(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def run_once(code: str, data_dir: str) -> tuple[float, float, float]:
    """Seconds to the dashboard, seconds to live data, peak RSS in MiB."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDYAPP_DATA_DIR": data_dir}
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, "-c", code, data_dir], capture_output=True, text=True, env=env, check=True
    ).stdout
    marks = {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}
    if "ready" in marks:  # the bare window
        return (
            float(marks["ready"][0]) - t0,
            float(marks["ready"][0]) - t0,
            int(marks["ready"][1]) / 1024,
        )
    shown = float(marks["dashboard"][0]) - t0
    live = float(marks["live"][0]) - t0
    return shown, live, int(marks["live"][1]) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-c", SETUP, tmp], check=True, capture_output=True)
        run_once(APP, tmp)  # first start after the setup: settles the bank cache
        app = [run_once(APP, tmp) for _ in range(args.repeat)]
        bare = [run_once(BARE, tmp) for _ in range(args.repeat)]
    shown = statistics.median(r[0] for r in app)
    live = statistics.median(r[1] for r in app)
    rss = max(r[2] for r in app)
    print(f"StudyApp dashboard on screen {shown:6.3f} s median   {rss:6.1f} MiB peak RSS")
    print(f"StudyApp live data           {live:6.3f} s median")
    bare_t = statistics.median(r[0] for r in bare)
    print(
        f"bare PySide6 window          {bare_t:6.3f} s median   {max(r[2] for r in bare):6.1f} MiB"
    )
    print("targets: dashboard <= 0.6 s median, <= 150 MiB RSS (process start, warm data folder)")


if __name__ == "__main__":
    main()
