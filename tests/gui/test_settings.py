# mypy: disable-error-code="no-untyped-call"
"""The Settings screen and the start-up recovery dialog, driven through their widgets offscreen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QSettings, Qt, QUrl
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.errors import CorruptDatabaseError, DatabaseLockedError, StorageError
from studyapp.gui.settings_store import UiSettings, resolved_theme
from studyapp.gui.views.recovery import RecoveryChoice, RecoveryDialog
from studyapp.gui.views.settings import SettingsView
from studyapp.storage.backup import DAMAGED_DIRNAME, list_backups, make_backup
from studyapp.storage.db import DB_FILENAME, open_database
from studyapp.storage.repo import answer_count, get_setting


@pytest.fixture
def ui(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def view(qtbot: QtBot, engine: StudyEngine, data_dir: Path, ui: UiSettings) -> SettingsView:
    v = SettingsView(engine, data_dir, ui)
    qtbot.addWidget(v)
    v.resize(1000, 800)
    v.show()
    return v


def _answer(engine: StudyEngine, n: int) -> None:
    for pick in engine.next_session(size=n, beyond_goal=True)[:n]:
        engine.record_answer(pick.question.id, pick.question.correct_response(), duration_s=20.0)


def _type_number(qtbot: QtBot, widget: QWidget, text: str) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_shows_the_saved_settings(view: SettingsView, engine: StudyEngine) -> None:
    assert view.exam.currentData() == "PMP"
    assert view.has_date.isChecked() and view.date.isEnabled()
    assert view.date.date() == QDate(2027, 2, 15)
    assert view.goal.value() == engine.daily_goal
    assert view.theme.currentData() == "system" and view.font_size.value() == 11
    assert view.folder.text() == str(engine.db.path.parent)
    assert view.no_backups.isVisible() and not view.backups.isVisible()
    assert not view.restore.isEnabled()


def test_date_and_goal_are_saved_through_the_widgets(
    qtbot: QtBot, view: SettingsView, engine: StudyEngine
) -> None:
    qtbot.keyClick(view.has_date, Qt.Key.Key_Space)  # untick: no date booked
    assert not view.has_date.isChecked() and not view.date.isEnabled()
    assert engine.exam_date is None
    assert get_setting(engine.db, "PMP.exam_date") is None

    qtbot.keyClick(view.has_date, Qt.Key.Key_Space)
    view.date.setDate(QDate(2027, 3, 1))
    assert engine.exam_date == dt.date(2027, 3, 1)
    assert get_setting(engine.db, "PMP.exam_date") == "2027-03-01"

    _type_number(qtbot, view.goal, "45")
    assert view.goal.value() == 45
    assert engine.daily_goal == 45
    assert get_setting(engine.db, "PMP.daily_goal") == 45


def test_changing_the_exam_saves_it_and_emits(
    qtbot: QtBot, view: SettingsView, engine: StudyEngine
) -> None:
    with qtbot.waitSignal(view.examChanged, timeout=1000) as blocker:
        view.exam.setCurrentIndex(view.exam.findData("CAPM"))
    assert blocker.args == ["CAPM"]
    assert get_setting(engine.db, "app.exam") == "CAPM"
    with qtbot.waitSignal(view.examChanged, timeout=1000) as blocker:  # changed their mind
        view.exam.setCurrentIndex(view.exam.findData("PMP"))
    assert blocker.args == ["PMP"]
    assert get_setting(engine.db, "app.exam") == "PMP"


def test_theme_and_font_size_are_kept_in_qsettings(
    qtbot: QtBot, view: SettingsView, ui: UiSettings, tmp_path: Path
) -> None:
    with qtbot.waitSignal(view.appearanceChanged, timeout=1000) as blocker:
        view.theme.setCurrentIndex(view.theme.findData("dark"))
    assert blocker.args == ["dark", 11]
    with qtbot.waitSignal(view.appearanceChanged, timeout=1000) as blocker:
        _type_number(qtbot, view.font_size, "14")
    assert blocker.args == ["dark", 14]

    fresh = UiSettings(QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
    assert (fresh.theme, fresh.font_pt) == ("dark", 14)
    assert "theme=dark" in (tmp_path / "ui.ini").read_text()

    with qtbot.waitSignal(view.appearanceChanged, timeout=1000) as blocker:
        view.theme.setCurrentIndex(view.theme.findData("system"))
    assert blocker.args == [resolved_theme("system"), 14]
    assert blocker.args is not None and blocker.args[0] in ("light", "dark")
    assert ui.theme == "system"


def test_ui_settings_ignore_bad_saved_values(tmp_path: Path) -> None:
    raw = QSettings(str(tmp_path / "bad.ini"), QSettings.Format.IniFormat)
    raw.setValue("ui/theme", "purple")
    raw.setValue("ui/font_pt", "huge")
    ui = UiSettings(raw)
    assert (ui.theme, ui.font_pt) == ("system", 11)
    raw.setValue("ui/font_pt", "40")
    assert ui.font_pt == 18
    with pytest.raises(ValueError, match="font size"):
        ui.set_font_pt(30)
    with pytest.raises(ValueError, match="theme"):
        ui.set_theme("purple")


def test_reset_requires_typing_reset(
    qtbot: QtBot, view: SettingsView, engine: StudyEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    _answer(engine, 4)
    asked: list[str] = []

    def answer_with(text: str) -> None:
        def ask(title: str, label: str) -> str:
            asked.append(label)
            return text

        monkeypatch.setattr(view, "ask_text", ask)

    for wrong in ("", "reset", "yes", "RESET please"):
        answer_with(wrong)
        with qtbot.assertNotEmitted(view.progressReset):
            qtbot.mouseClick(view.reset, Qt.MouseButton.LeftButton)
        assert answer_count(engine.db) == 4
    assert "RESET" in asked[0]
    assert "Nothing was reset" in view.status.text()
    assert list_backups(engine.db.path.parent) == []

    answer_with("RESET")
    with qtbot.waitSignal(view.progressReset, timeout=1000):
        qtbot.mouseClick(view.reset, Qt.MouseButton.LeftButton)
    assert answer_count(engine.db) == 0
    assert get_setting(engine.db, "PMP.exam_date") == "2027-02-15"  # settings stay
    backups = list_backups(engine.db.path.parent)
    assert [b.label for b in backups] == ["before-reset"]
    assert view.backups.count() == 1 and "before a reset" in view.backups.item(0).text()
    assert "Progress reset" in view.status.text()


def test_back_up_now_then_restore_asks_and_emits(
    qtbot: QtBot, view: SettingsView, monkeypatch: pytest.MonkeyPatch
) -> None:
    qtbot.mouseClick(view.backup_now, Qt.MouseButton.LeftButton)
    assert view.backups.count() == 1 and view.backups.isVisible()
    path = view.selected_backup()
    assert path is not None and path.exists() and path.name in view.status.text()
    assert view.restore.isEnabled()

    questions: list[str] = []

    def refuse(title: str, text: str, action: str = "OK") -> bool:
        questions.append(text)
        return False

    monkeypatch.setattr(view, "confirm", refuse)
    with qtbot.assertNotEmitted(view.restoreRequested):
        qtbot.mouseClick(view.restore, Qt.MouseButton.LeftButton)
    assert DAMAGED_DIRNAME in questions[0] and "not deleted" in questions[0]

    monkeypatch.setattr(view, "confirm", lambda title, text, action="OK": True)
    with qtbot.waitSignal(view.restoreRequested, timeout=1000) as blocker:
        qtbot.mouseClick(view.restore, Qt.MouseButton.LeftButton)
    assert blocker.args == [path]


def test_open_folder_opens_the_data_folder(
    qtbot: QtBot, view: SettingsView, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(view, "open_url", record)
    qtbot.mouseClick(view.open_folder, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(data_dir)]


def test_every_control_is_named_and_reachable_by_keyboard(view: SettingsView) -> None:
    controls = view.controls()
    for control in controls:
        assert control.accessibleName(), control
        assert control.focusPolicy() & Qt.FocusPolicy.TabFocus, control.accessibleName()
    chain: list[QWidget] = []
    w: QWidget | None = controls[0]
    for _ in range(500):  # Tab from the first control round the whole page
        assert w is not None
        if w in controls and w not in chain:
            chain.append(w)
        w = w.nextInFocusChain()
        if w is controls[0]:
            break
    assert chain == controls


# ---------------------------------------------------------------------------- recovery dialog


def _corrupt_database(
    engine: StudyEngine, data_dir: Path, clock: ManualClock, answers: int
) -> StorageError:
    _answer(engine, answers)
    make_backup(data_dir, clock)
    _answer(engine, 2)  # given after the backup
    engine.close()
    (data_dir / DB_FILENAME).write_bytes(b"\x00garbage" * 4096)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(data_dir, clock)
    return caught.value


def test_recovery_restore_latest_backup_restores_a_corrupted_database(
    qtbot: QtBot,
    engine: StudyEngine,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    error = _corrupt_database(engine, data_dir, clock, answers=3)
    damaged = (data_dir / DB_FILENAME).read_bytes()
    dialog = RecoveryDialog(error, data_dir, clock)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.message.text() == str(error)
    assert "Traceback" not in dialog.message.text()
    assert dialog.title.text() == "Your study data is damaged"
    assert dialog.restore.isEnabled() and dialog.restore.isDefault()
    monkeypatch.setattr(dialog, "confirm", lambda title, text, action="OK": True)

    qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)

    assert dialog.choice is RecoveryChoice.RESTORED
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted
    assert dialog.moved_to is not None and dialog.moved_to.parent.name == DAMAGED_DIRNAME
    assert dialog.moved_to.read_bytes() == damaged  # kept, not deleted
    db = open_database(data_dir, clock)
    try:
        assert answer_count(db) == 3
    finally:
        db.close()


def test_recovery_skips_a_damaged_newest_backup(
    qtbot: QtBot,
    engine: StudyEngine,
    data_dir: Path,
    clock: ManualClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    error = _corrupt_database(engine, data_dir, clock, answers=2)
    clock.advance(60)
    newest = data_dir / "backups" / "studyapp-20261126T090100Z-manual.sqlite3"
    newest.write_bytes(b"not a database" * 100)
    dialog = RecoveryDialog(error, data_dir, clock)
    qtbot.addWidget(dialog)
    texts: list[str] = []

    def agree(title: str, text: str, action: str = "OK") -> bool:
        texts.append(text)
        return True

    monkeypatch.setattr(dialog, "confirm", agree)
    qtbot.mouseClick(dialog.restore, Qt.MouseButton.LeftButton)
    assert "damaged and were skipped" in texts[0]
    assert dialog.choice is RecoveryChoice.RESTORED and dialog.restored_from != newest


def test_recovery_without_backups_offers_retry_and_quit(
    qtbot: QtBot, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir.mkdir(parents=True)
    dialog = RecoveryDialog(DatabaseLockedError("studyapp.sqlite3 is in use."), data_dir)
    qtbot.addWidget(dialog)
    assert not dialog.restore.isEnabled()
    assert dialog.retry.isDefault()
    assert "No backups" in dialog.latest.text()
    opened: list[QUrl] = []

    def record(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(dialog, "open_url", record)
    qtbot.mouseClick(dialog.open_folder, Qt.MouseButton.LeftButton)
    assert [u.toLocalFile() for u in opened] == [str(data_dir)]
    assert dialog.choice is None  # opening the folder keeps the dialog up
    qtbot.mouseClick(dialog.retry, Qt.MouseButton.LeftButton)
    assert dialog.choice is RecoveryChoice.RETRY

    quitting = RecoveryDialog(StorageError("Cannot write to the folder."), data_dir)
    qtbot.addWidget(quitting)
    qtbot.mouseClick(quitting.quit, Qt.MouseButton.LeftButton)
    assert quitting.choice is RecoveryChoice.QUIT
    assert quitting.result() == RecoveryDialog.DialogCode.Rejected
    for w in quitting.controls():
        assert w.accessibleName()
