# mypy: disable-error-code="no-untyped-call"
"""The Banks screen (add, import, watch, preview) and exporting from Browse."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.gui.main_window import MainWindow
from studyapp.gui.views.banks import BanksView, ReportDialog
from studyapp.gui.views.browse import BrowseView
from studyapp.interop.packs import add_bank_file
from studyapp.paths import user_banks_dir

DATA = Path(__file__).parent.parent / "data"
GOOD = DATA / "good.yaml"
GIFT = DATA / "interop" / "gift" / "features.gift"


@pytest.fixture(autouse=True)
def reports(monkeypatch: pytest.MonkeyPatch) -> list[ReportDialog]:
    shown: list[ReportDialog] = []

    def fake_exec(self: ReportDialog) -> int:
        shown.append(self)
        return 0

    monkeypatch.setattr(ReportDialog, "exec", fake_exec)
    return shown


@pytest.fixture
def data(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    add_bank_file(GOOD, d)
    return d


def _view(qtbot: QtBot, data: Path, clock: ManualClock) -> tuple[BanksView, StudyEngine]:
    engine = StudyEngine.open(data, exam="PMP", clock=clock)
    view = BanksView(engine, data)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    return view, engine


def test_lists_built_in_and_own_banks_and_previews_questions(
    qtbot: QtBot, data: Path, clock: ManualClock
) -> None:
    view, engine = _view(qtbot, data, clock)
    rows = [view.model.row_item(r) for r in range(view.model.rowCount())]
    assert rows[0].id == "good" and not rows[0].builtin  # yours first
    assert any(b.kind == "glossary" for b in rows) and sum(b.builtin for b in rows) > 10
    view.table.selectRow(0)
    assert view.questions.count() == 1 and view.problems_label.text() == "Problems: none"
    view.questions.setCurrentRow(0)
    assert view.preview.current is not None and view.preview.current.id == "good-1"
    engine.close()


def test_import_writes_a_bank_of_yours_and_reports_every_loss(
    qtbot: QtBot, data: Path, clock: ManualClock, reports: list[ReportDialog]
) -> None:
    view, engine = _view(qtbot, data, clock)
    with qtbot.waitSignal(view.reloadRequested, timeout=20_000):
        view.import_path(GIFT, "From Moodle", "PMP26.PRO.1")
    report = reports[-1]
    text = report.details.toPlainText()
    assert "skipped: short answer" in text and "features.gift:" in text
    bank = user_banks_dir(data) / "from-moodle" / "from-moodle.yaml"
    assert bank.is_file() and "fill in by hand" in text  # rationales GIFT did not have
    engine.close()


def test_adding_a_pack_and_editing_a_bank_both_ask_for_a_reload(
    qtbot: QtBot, data: Path, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    view, engine = _view(qtbot, data, clock)
    pack = tmp_path / "pack.zip"
    with zipfile.ZipFile(pack, "w") as z:  # another bank than the one already added
        z.writestr(
            "team/good.yaml", GOOD.read_text(encoding="utf-8").replace("id: good\n", "id: team\n")
        )
    with qtbot.waitSignal(view.reloadRequested, timeout=20_000):
        view.add_path(pack)
    assert (user_banks_dir(data) / "pack" / "team" / "good.yaml").is_file()
    mine = next(p for p in user_banks_dir(data).rglob("good.yaml") if "pack" not in p.parts)
    with qtbot.waitSignal(view.reloadRequested, timeout=20_000):
        mine.write_text(mine.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    engine.close()


def test_a_bad_pack_says_why_and_adds_nothing(
    qtbot: QtBot, data: Path, clock: ManualClock, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warnings.append(text))
    view, engine = _view(qtbot, data, clock)
    pack = tmp_path / "evil.zip"
    with zipfile.ZipFile(pack, "w") as z:
        z.writestr("../escape.yaml", "x")
    view.add_path(pack)
    qtbot.waitUntil(lambda: bool(warnings), timeout=20_000)
    assert "leaves the pack" in warnings[0]
    assert not (user_banks_dir(data) / "evil").exists()
    engine.close()


def test_the_main_window_reopens_when_the_banks_change(
    qtbot: QtBot, data: Path, clock: ManualClock
) -> None:
    engine = StudyEngine.open(data, exam="PMP", clock=clock)
    window = MainWindow(engine, data)
    qtbot.addWidget(window)
    window.show_page("banks")
    assert window.stack.currentWidget() is window.banks
    with qtbot.waitSignal(window.restartRequested, timeout=5_000):
        window.banks.reload_button.click()
    window.close()


def test_browse_exports_the_listed_questions(
    qtbot: QtBot,
    engine: StudyEngine,
    tmp_path: Path,
    reports: list[ReportDialog],
) -> None:
    view = BrowseView(engine)
    qtbot.addWidget(view)
    view.show()
    view.search.setText("cutover")
    listed = view.listed_questions()
    assert 0 < len(listed) < len(engine.questions())
    out = tmp_path / "out" / "cutover.gift"
    view.export_to(out, "gift")
    qtbot.waitUntil(lambda: bool(reports), timeout=20_000)
    text = out.read_text(encoding="utf-8")
    exported = {q.id for q in listed if q.type in ("single", "multiple", "matching", "numeric")}
    assert all(f"::{qid}::" in text for qid in exported)
    assert f"wrote {out}" in reports[-1].findChildren(type(view.count_label))[0].text()
