# mypy: disable-error-code="no-untyped-call"
"""`studyapp preview FILE --id ID`: a question of a bank file, answered and checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from studyapp.cli import main
from studyapp.errors import StudyAppError
from studyapp.gui.preview import PreviewWindow, load_question
from studyapp.paths import builtin_banks_dir

STARTER = builtin_banks_dir() / "pmp" / "starter.yaml"


def test_a_question_is_answered_and_checked_as_in_a_session(qtbot: QtBot) -> None:
    q = load_question(STARTER, "pmp26-peo-001")
    window = PreviewWindow(STARTER, q.id)
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "Preview — pmp26-peo-001"
    window.question.set_response(q.correct_response())
    window.check()
    assert not window.check_button.isEnabled()
    assert any("correct answer" in row.label.text() for row in window.question.rows)


def test_reload_reads_the_file_again(qtbot: QtBot, tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    text = (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8")
    bank.write_text(text, encoding="utf-8")
    window = PreviewWindow(bank, "good-1")
    qtbot.addWidget(window)
    bank.write_text(text.replace("What should the project manager share?", "What now?"), "utf-8")
    window.reload()
    assert window.view is not None and window.view.stem.endswith("What now?")


def test_unknown_ids_and_broken_files_are_clear_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(StudyAppError, match=r"no question 'nope' \(the file has: pmp26-"):
        load_question(STARTER, "nope")
    broken = tmp_path / "broken.yaml"
    broken.write_text("format_version: 1\nbank: 3\n", encoding="utf-8")
    with pytest.raises(StudyAppError, match=r"broken\.yaml:2:"):
        load_question(broken, "x")
    assert main(["preview", str(STARTER), "--id", "nope"]) == 3  # EXIT_ERROR
    assert "no question 'nope'" in capsys.readouterr().err
