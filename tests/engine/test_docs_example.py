"""The runnable example in docs/engine.md runs as written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

DOC = Path(__file__).parent.parent.parent / "docs" / "engine.md"


def test_engine_doc_example_runs(capsys: pytest.CaptureFixture[str]) -> None:
    text = DOC.read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    exec(compile(code.group(1), str(DOC), "exec"), {})
    out = capsys.readouterr().out
    assert "Not enough evidence yet" in out
    assert "days to the exam" in out
