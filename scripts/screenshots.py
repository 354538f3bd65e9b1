"""Render the README screenshots offscreen: ``python scripts/screenshots.py [OUT_DIR]``.

Uses a throw-away data folder, a fixed clock and the built-in banks, answers a few questions so
the screens have something to show, and saves PNGs at 1280×800 in light and dark themes.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from studyapp.clock import ManualClock
from studyapp.engine import SessionPick, StudyEngine
from studyapp.gui.main_window import MainWindow
from studyapp.gui.theme import apply_theme
from studyapp.interop.packs import add_bank_file
from studyapp.interop.scaffold import scaffold_bank
from studyapp.outlines import current_outline
from studyapp.paths import builtin_banks_dir
from studyapp.sim.bank import write_synthetic_bank


def main() -> None:
    out = (
        Path(sys.argv[1])
        if len(sys.argv) > 1
        else Path(__file__).parent.parent / "docs" / "screenshots"
    )
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    clock = ManualClock(dt.datetime(2026, 11, 26, 18, 0, tzinfo=dt.UTC))
    with tempfile.TemporaryDirectory() as tmp:
        for theme in ("light", "dark"):
            apply_theme(app, theme)  # type: ignore[arg-type]
            data = Path(tmp) / theme
            mine = Path(tmp) / f"team-{theme}.yaml"  # a trainer's own bank, as `bank new` makes it
            mine.write_text(scaffold_bank("team-practice", "PMP"), encoding="utf-8")
            add_bank_file(mine, data)
            engine = StudyEngine.open(data, exam="PMP", clock=clock)
            engine.set_exam_date(dt.date(2027, 2, 15))
            engine.set_daily_goal(30)
            for i, pick in enumerate(engine.next_session(12)):
                q = pick.question
                response = q.correct_response()
                if i % 4 == 3 and q.type == "single":
                    response = next(o.id for o in q.options if o.id != response)
                engine.record_answer(q.id, response, 50)
                clock.advance(70)
            window = MainWindow(engine, data)
            window.resize(1280, 800)
            window.show()
            app.processEvents()
            window.grab().save(str(out / f"dashboard-{theme}.png"))
            window.start_session()
            app.processEvents()
            window.grab().save(str(out / f"study-{theme}.png"))
            study = window.study
            study.question.choose(0)
            if study.question.response() is None and study.picks:
                study.question.set_response(study.picks[0].question.correct_response())
            study.submit_or_next()
            app.processEvents()
            window.grab().save(str(out / f"feedback-{theme}.png"))
            window.show_page("flashcards")
            window.flashcards.start_review()
            window.flashcards.reveal()
            app.processEvents()
            window.grab().save(str(out / f"flashcards-{theme}.png"))
            # A formula question drawn from a generator: the network is drawn by the app.
            window.show_page("study")
            window.study.start_with([SessionPick(engine.question("pmp-r4va-003"), "weak topic")])
            for _ in range(3):
                app.processEvents()
            window.grab().save(str(out / f"hotspot-{theme}.png"))
            drawn = engine.question("pmp26-gen-critical-path.1")
            window.study.start_with([SessionPick(drawn, "formula drill")])
            app.processEvents()
            window.study.question.choose(0)
            window.study.submit_or_next()
            for _ in range(3):
                app.processEvents()
            window.grab().save(str(out / f"formula-{theme}.png"))
            window.show_page("banks")
            banks = window.banks
            banks.table.selectRow(0)
            banks.questions.setCurrentRow(0)
            for _ in range(3):
                app.processEvents()
            window.grab().save(str(out / f"banks-{theme}.png"))
            window.close()
            # A mock exam needs more questions than the starter bank holds: add a synthetic bank.
            bank = write_synthetic_bank(
                Path(tmp) / "sim" / "pmp.yaml", current_outline("PMP"), 8, 4
            )
            mock_engine = StudyEngine.open(
                Path(tmp) / f"mock-{theme}", banks=[bank, builtin_banks_dir()], clock=clock
            )
            window = MainWindow(mock_engine)
            window.resize(1280, 800)
            window.show()
            window.show_page("mock")
            window.mock.start()
            session = window.mock.session
            assert session is not None
            for i in range(7):
                window.mock.go(i)
                window.mock.question.set_response(session.question(i).correct_response())
                window.mock.question.responseChanged.emit()
                clock.advance(55)
            window.mock.flag_button.toggle()
            real = next(i for i in range(8, 60) if not session.question(i).id.startswith("sim-"))
            window.mock.go(real)
            app.processEvents()
            window.grab().save(str(out / f"mock-exam-{theme}.png"))
            window.close()
    print(f"screenshots written to {out}")


if __name__ == "__main__":
    main()
