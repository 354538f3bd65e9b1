"""How quickly the screens respond (offscreen): submit → feedback, and moving in a mock exam.

Targets: submit → feedback <= 50 ms; switching questions in a 180-question mock <= 30 ms.
Run: ``.venv/bin/python benchmarks/gui_interaction.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.gui.theme import apply_theme
from studyapp.gui.views.mock import MockExamView
from studyapp.gui.views.study import StudyView
from studyapp.outlines import current_outline
from studyapp.paths import builtin_banks_dir
from studyapp.sim.bank import write_synthetic_bank


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    apply_theme(app, "light")  # type: ignore[arg-type]
    clock = ManualClock(dt.datetime(2026, 11, 26, 18, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory() as tmp:
        bank = write_synthetic_bank(Path(tmp) / "b" / "pmp.yaml", current_outline("PMP"), 12, 5)
        engine = StudyEngine.open(
            Path(tmp) / "d", banks=[bank, builtin_banks_dir()], clock=clock, timezone=dt.UTC
        )
        engine.set_daily_goal(500)
        study = StudyView(engine)
        study.resize(1280, 800)
        study.show()
        study.start(args.repeat)
        submit: list[float] = []
        for _ in range(len(study.picks)):
            q = study.picks[study.index].question
            study.question.set_response(q.correct_response())
            t0 = time.perf_counter()
            study.submit_or_next()  # grade, commit, show feedback
            app.processEvents()
            submit.append(time.perf_counter() - t0)
            study.submit_or_next()
            clock.advance(30)
        mock = MockExamView(engine)
        mock.resize(1280, 800)
        mock.show()
        mock.start()
        switch: list[float] = []
        for i in range(1, min(args.repeat, 59)):
            t0 = time.perf_counter()
            mock.go(i)
            app.processEvents()
            switch.append(time.perf_counter() - t0)
        engine.close()

    def ms(values: list[float]) -> str:
        return (
            f"{1000 * statistics.median(values):6.1f} ms median, {1000 * max(values):6.1f} ms max"
        )

    print(f"submit → feedback:         {ms(submit)}   (target <= 50 ms)")
    print(f"switch question in a mock: {ms(switch)}   (target <= 30 ms)")


if __name__ == "__main__":
    main()
