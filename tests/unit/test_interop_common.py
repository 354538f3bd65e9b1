"""Shared import pieces: safe HTML → Markdown and the bank writer."""

from __future__ import annotations

from pathlib import Path

import pytest

from studyapp.banks import load_bank_file
from studyapp.interop.common import (
    TO_FILL,
    ImportOptions,
    ImportResult,
    finish,
    html_to_markdown,
    write_bank,
)


@pytest.mark.parametrize(
    ("html", "md"),
    [
        ("<b>yes</b> and <strong>no</strong>", "**yes** and **no**"),
        ("<p>One <i>two</i></p><p>three</p>", "One *two*\n\nthree"),
        ("<ul><li>a</li><li><b></b>b</li></ul>", "- a\n- b"),
        ("<ol><li>first</li><li>second</li></ol>", "1. first\n2. second"),
        ("line<br>break", "line  \nbreak"),
        ("<code>x = 1</code>", "`x = 1`"),
        ("a &amp; b &lt;c&gt;", "a & b <c>"),
    ],
)
def test_html_becomes_markdown(html: str, md: str) -> None:
    assert html_to_markdown(html) == md


def test_scripts_events_links_and_remote_images_never_come_through() -> None:
    md = html_to_markdown(
        '<p onclick="steal()">Hi<script>alert(1)</script><style>p{}</style>'
        '<iframe src="http://x"></iframe> <a href="javascript:alert(1)">here</a> '
        '<img src="http://evil.example/x.png" alt="chart"> <img src="file:///etc/passwd"></p>'
    )
    assert md == "Hi here [image: chart]"
    kept = html_to_markdown('<img src="@@PLUGINFILE@@/a.png" alt="A">', lambda s: "images/a.png")
    assert kept == "![A](images/a.png)"


def test_written_bank_reads_back_and_placeholders_point_at_what_is_missing(
    tmp_path: Path,
) -> None:
    result = ImportResult(tmp_path / "src.gift", read=1)
    q = {
        "id": "q1",
        "type": "single",
        "stem": "Which document authorizes the project?\nIt names the sponsor.",
        "options": [
            {"id": "a", "text": "The charter", "rationale": "It authorizes the project."},
            {"id": "b", "text": "The plan", "rationale": ""},
        ],
        "answer": "a",
    }
    result.questions.append(finish(q, ImportOptions(default_task="PMP26.PRO.1")))
    out = tmp_path / "out" / "bank.yaml"
    write_bank(result, ImportOptions(), out)
    loaded = load_bank_file(out)
    assert loaded.bank is not None, [str(p) for p in loaded.problems]
    got = loaded.bank.questions[0]
    assert got.stem == q["stem"] and got.tasks == ["PMP26.PRO.1"]
    assert [o.rationale for o in got.options] == ["It authorizes the project.", TO_FILL]  # type: ignore[union-attr]
    assert got.explanation == TO_FILL
    assert out.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=")
