"""The self-contained build starts with no Python installed: its self-test passes.

Builds the one-folder app with PyInstaller (about a minute) unless ``STUDYAPP_FROZEN`` names an
already built executable (CI builds once with ``packaging/build.py`` and points here). Skipped
only when PyInstaller is not installed (``pip install '.[package]'``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("STUDYAPP_FROZEN")
    if given:
        return Path(given)
    pytest.importorskip("PyInstaller")
    out = tmp_path_factory.mktemp("frozen")
    env = {**os.environ, "STUDYAPP_DIST": str(out / "dist"), "STUDYAPP_BUILD": str(out / "work")}
    subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py")], check=True, env=env)
    return out / "dist" / "StudyApp" / ("StudyApp.exe" if sys.platform == "win32" else "StudyApp")


def _clean_env(tmp: Path) -> dict[str, str]:
    """No Python of ours in sight: the build must carry everything itself."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(QT_QPA_PLATFORM="offscreen", STUDYAPP_DATA_DIR=str(tmp / "data"))
    env["PATH"] = os.pathsep.join(
        p for p in env.get("PATH", "").split(os.pathsep) if "venv" not in p and "/v/bin" not in p
    )
    return env


def test_the_frozen_self_test_passes(frozen: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [str(frozen), "--self-test"], env=_clean_env(tmp_path), capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "self-test: PMP:" in result.stdout and "self-test: CAPM:" in result.stdout
    assert "self-test passed" in result.stdout


def test_the_frozen_app_validates_a_bank_and_knows_its_version(
    frozen: Path, tmp_path: Path
) -> None:
    env = _clean_env(tmp_path)
    version = subprocess.run([str(frozen), "--version"], env=env, capture_output=True, text=True)
    import studyapp

    assert version.stdout.strip() == f"StudyApp {studyapp.__version__}"
    bank = ROOT / "tests" / "data" / "good.yaml"
    check = subprocess.run(
        [str(frozen), "bank", "validate", str(bank)], env=env, capture_output=True, text=True
    )
    assert check.returncode == 0 and "0 errors" in check.stdout + check.stderr
