"""Cold start of the desktop app to an interactive dashboard, and its memory.

Each run is a fresh process (offscreen): the interpreter starts, imports the app, opens the
database and the built-in banks (validated-bank cache warm, as on every start after the first),
builds the main window, shows the dashboard and processes the first events. Prints the median
wall time from process launch and the peak RSS; a bare PySide6 window is measured the same way
for scale.

Targets: <= 0.6 s median and <= 150 MiB RSS.
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
import resource, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
from studyapp.engine import StudyEngine
from studyapp.gui.main_window import MainWindow
from studyapp.gui.theme import apply_theme
app = QApplication([])
apply_theme(app, "light")
engine = StudyEngine.open(Path(sys.argv[1]), exam="PMP")
window = MainWindow(engine)
window.show()
app.processEvents()
print("ready", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""

BARE = r"""
import resource
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
w = QLabel("hello")
w.show()
app.processEvents()
print("ready", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, flush=True)
"""


def run_once(code: str, data_dir: str) -> tuple[float, float]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "STUDYAPP_DATA_DIR": data_dir}
    t0 = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code, data_dir], capture_output=True, text=True, env=env, check=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("ready"))
    elapsed = time.perf_counter() - t0
    return elapsed, int(line.split()[1]) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        run_once(APP, tmp)  # first start: creates the database and fills the bank cache
        app = [run_once(APP, tmp) for _ in range(args.repeat)]
        bare = [run_once(BARE, tmp) for _ in range(args.repeat)]
    for name, runs in (("StudyApp to dashboard", app), ("bare PySide6 window", bare)):
        times = [t for t, _ in runs]
        rss = max(r for _, r in runs)
        print(f"{name:<24} {statistics.median(times):6.3f} s median   {rss:6.1f} MiB peak RSS")
    print("targets: <= 0.6 s median, <= 150 MiB RSS (process start to an interactive dashboard)")


if __name__ == "__main__":
    main()
