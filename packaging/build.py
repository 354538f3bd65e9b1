"""Build the self-contained one-folder app with PyInstaller, then check it.

    python packaging/build.py            # build dist/StudyApp/, run its self-test, print figures

Needs PyInstaller (`pip install pyinstaller`). The build runs the frozen `StudyApp --self-test`
(database, banks, a session and a mock exam, headless) and prints the folder's size and the
frozen program's start-up times.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = Path(os.environ.get("STUDYAPP_DIST", ROOT / "dist"))
BUILD = Path(os.environ.get("STUDYAPP_BUILD", ROOT / "build"))


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


def executable() -> Path:
    name = "StudyApp.exe" if sys.platform == "win32" else "StudyApp"
    return DIST / "StudyApp" / name


def build() -> Path:
    shutil.rmtree(DIST / "StudyApp", ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(BUILD),
            str(ROOT / "packaging" / "studyapp.spec"),
        ],
        check=True,
        cwd=ROOT,
    )
    return executable()


def timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, capture_output=True)
    return time.perf_counter() - start


def frozen_start(exe: Path, env: dict[str, str]) -> tuple[float, float]:
    """Seconds from launch to the dashboard on screen and to live data (a warm data folder)."""
    env = {**env, "STUDYAPP_REPORT_START": "1"}
    t0 = time.time()
    out = subprocess.run([str(exe)], env=env, capture_output=True, text=True, check=True).stdout
    marks = {line.split()[0]: float(line.split()[1]) for line in out.splitlines() if line.strip()}
    return marks["dashboard"] - t0, marks["live"] - t0


def main() -> int:
    exe = executable() if "--no-build" in sys.argv else build()
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    result = subprocess.run([str(exe), "--self-test"], env=env, capture_output=True, text=True)
    print(result.stdout.strip())
    if result.returncode != 0:
        print(result.stderr, file=sys.stderr)
        print(f"self-test of the frozen build FAILED (exit {result.returncode})")
        return 1
    size = folder_size(exe.parent) / 1024 / 1024
    version = statistics.median(timed([str(exe), "--version"], env) for _ in range(3))
    self_test = statistics.median(timed([str(exe), "--self-test"], env) for _ in range(3))
    print(f"build: {exe.parent} ({size:.0f} MiB)")
    print(f"frozen start, --version: {version:.2f} s median; --self-test: {self_test:.2f} s median")
    with tempfile.TemporaryDirectory() as data:
        env = {**env, "STUDYAPP_DATA_DIR": data}
        setup = (
            "import sys; from pathlib import Path; from studyapp.engine import StudyEngine; "
            "from studyapp.storage.repo import set_setting; "
            "from studyapp.dashboard import dashboard_data, save_snapshot; "
            "e = StudyEngine.open(Path(sys.argv[1]), exam='PMP'); "
            "set_setting(e.db, 'app.exam', 'PMP'); save_snapshot(Path(sys.argv[1]), "
            "dashboard_data(e)); e.close()"
        )
        subprocess.run([sys.executable, "-c", setup, data], check=True, env=env)
        frozen_start(exe, env)  # first start: fills the bank cache
        runs = [frozen_start(exe, env) for _ in range(5)]
    shown = statistics.median(r[0] for r in runs)
    live = statistics.median(r[1] for r in runs)
    print(f"frozen app: dashboard on screen {shown:.2f} s, live data {live:.2f} s (median of 5)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
