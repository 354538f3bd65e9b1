from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from studyapp.banks.schema import bank_json_schema_text
from studyapp.cli import main
from studyapp.paths import builtin_banks_dir, resources_dir
from studyapp.storage.db import head_revision

DATA = Path(__file__).parent.parent / "data"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, as a trainer runs it."""
    return subprocess.run(
        [sys.executable, "-m", "studyapp", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_builtin_banks_validate_clean() -> None:
    proc = run("bank", "validate", str(builtin_banks_dir()))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert " 0 errors" in proc.stderr


def test_broken_banks_give_one_line_per_problem_and_exit_1() -> None:
    proc = run("bank", "validate", str(DATA / "bad_banks"))
    assert proc.returncode == 1
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    assert len(lines) >= 30
    for line in lines:
        path, lineno, col, message = line.split(":", 3)
        assert Path(path).parent == DATA / "bad_banks"
        assert int(lineno) >= 1 and int(col) >= 1 and message.strip()
    assert "11 files, 5 questions" in proc.stderr


def test_validate_in_process_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "validate", str(DATA / "bad_banks" / "tabs.yaml")]) == 1
    assert main(["bank", "validate", "-q", str(tmp_path / "missing.yaml")]) == 1
    out = capsys.readouterr().out
    assert "tab character" in out and "no such file or folder" in out


def test_schema_command_matches_committed_file(tmp_path: Path) -> None:
    committed = (resources_dir() / "bank.schema.json").read_text(encoding="utf-8")
    assert committed == bank_json_schema_text(), (
        "run: studyapp bank schema -o resources/bank.schema.json"
    )
    proc = run("bank", "schema")
    assert proc.returncode == 0 and json.loads(proc.stdout)["title"].startswith("StudyApp")
    assert main(["bank", "schema", "-o", str(tmp_path / "s.json")]) == 0
    assert (tmp_path / "s.json").read_text(encoding="utf-8") == committed


def test_stats_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bank", "stats", str(builtin_banks_dir() / "pmp")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("PMP2026 — PMP Examination Content Outline (July 2026):")
    assert "PEO People" in out and "PMP26.BUS.5" in out
    assert "types: " in out
    assert re.search(r"situational: \d+ \(\d+ %", out)
    assert re.search(r"PMP26\.PRO\.8 .* \+\d+ formula famil", out)  # the schedule generators


def test_situational_heuristic_tells_a_scene_from_a_definition() -> None:
    from studyapp.banks import model as mm
    from studyapp.banks.stats import is_situational

    def single(stem: str) -> mm.Question:
        options = [{"id": k, "text": k, "rationale": "Because."} for k in "abcd"]
        return mm.SingleQuestion.model_validate(
            {
                "id": "q",
                "type": "single",
                "stem": stem,
                "options": options,
                "answer": "a",
                "explanation": "x",
                "tasks": ["PMP26.PRO.8"],
                "approach": "any",
                "difficulty": 1,
                "references": ["r"],
            }
        )

    scene = (
        "Two weeks before cutover of a payroll system, the vendor reports that the data "
        "conversion will finish three days late. The sponsor wants the date kept. "
        "What should the project manager do first?"
    )
    assert is_situational(single(scene))
    assert not is_situational(single("Which term means the delay an activity can take?"))
    assert not is_situational(single("Total float is the delay an activity can take. True?"))
    case = single("What should you do next?")
    assert not is_situational(case)
    assert is_situational(case, scene)  # a case set's scene lives in its scenario


def test_status_creates_database_and_lists_banks(tmp_path: Path) -> None:
    proc = run("--data-dir", str(tmp_path / "d"), "status")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "d" / "studyapp.sqlite3").exists()
    assert "starter-pmp2026 (PMP, PMP2026)" in proc.stdout
    again = run("--data-dir", str(tmp_path / "d"), "status")
    assert again.returncode == 0 and f"schema {head_revision()}" in again.stdout


def test_no_display_gives_a_message_not_a_crash(tmp_path: Path) -> None:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
    }
    proc = subprocess.run(
        [sys.executable, "-m", "studyapp", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    assert proc.returncode == 2
    assert "no display found" in proc.stderr and "Traceback" not in proc.stderr


def test_environment_variable_sets_data_dir(tmp_path: Path) -> None:
    proc = run("status", env={"STUDYAPP_DATA_DIR": str(tmp_path / "env-data")})
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "env-data" / "studyapp.sqlite3").exists()


def test_storage_errors_are_messages_not_tracebacks(tmp_path: Path) -> None:
    d = tmp_path / "d"
    d.mkdir()
    (d / "studyapp.sqlite3").write_bytes(b"garbage" * 200)
    proc = run("--data-dir", str(d), "status")
    assert proc.returncode == 3
    assert "Traceback" not in proc.stderr
    assert "is damaged" in proc.stderr


def test_unexpected_errors_are_logged_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def boom(*_args: object, **_kw: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr("studyapp.banks.validate_paths", boom)
    code = main(["--data-dir", str(tmp_path), "bank", "validate", "x"])
    err = capsys.readouterr().err
    assert code == 3
    assert "internal error (RuntimeError: kaboom)" in err and "Traceback" not in err
    assert "Traceback" in (tmp_path / "logs" / "crash.log").read_text(encoding="utf-8")


def test_glossary_schema_matches_committed_file() -> None:
    from studyapp.banks.schema import glossary_json_schema_text

    committed = (resources_dir() / "glossary.schema.json").read_text(encoding="utf-8")
    assert committed == glossary_json_schema_text()


def test_generators_command_lists_parameters_and_shows_a_sample(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from studyapp.generators import REGISTRY

    assert main(["bank", "generators"]) == 0
    out = capsys.readouterr().out
    assert all(name in out for name in REGISTRY)
    assert "bac: [100,000, 900,000]  (allowed 10,000–100,000,000, step 10,000)" in out
    assert main(["bank", "generators", "schedule.critical_path", "--seed", "4"]) == 0
    out = capsys.readouterr().out
    assert "choice only" in out and "(diagram)" in out and "base64" not in out
    assert re.search(r"Answer: A( → [A-I])+\n", out)
    assert main(["bank", "generators", "evm.nope"]) == 2
    assert "unknown generator 'evm.nope'" in capsys.readouterr().out
