"""Printable exam: HTML layout, escaping, images from the bank folder only, and the PDF."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest

from studyapp.banks import load_bank_file
from studyapp.banks import model as m
from studyapp.interop.printable import markdown_to_html, printable_html

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "question_banks" / "pmp" / "starter.yaml"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="5" height="5"/></svg>'
)


def _question(data: dict[str, Any]) -> m.Question:
    from pydantic import TypeAdapter

    adapter: TypeAdapter[m.Question] = TypeAdapter(m.Question)
    return adapter.validate_python(data)


def _opt(i: str, text: str = "", rationale: str = "") -> dict[str, Any]:
    return {"id": i, "text": text or f"Option {i}", "rationale": rationale or f"Because {i}."}


def _q(qid: str, qtype: str, **kw: Any) -> m.Question:
    base: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "stem": f"Stem of {qid}?",
        "explanation": f"Explanation of {qid}.",
        "tasks": ["PMP26.PEO.1"],
        "approach": "any",
        "difficulty": 2,
    }
    base.update(kw)
    return _question(base)


def _hotspot(image: str) -> m.Question:
    return _q(
        "q-hot",
        "hotspot",
        image=image,
        image_size=[10, 10],
        options=[
            {**_opt("a", "Left"), "region": {"shape": "circle", "cx": 2, "cy": 2, "r": 1}},
            {**_opt("b", "Right"), "region": {"shape": "circle", "cx": 8, "cy": 8, "r": 1}},
        ],
        answer="b",
    )


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "chart.svg").write_bytes(SVG)
    (tmp_path / "secret.svg").write_bytes(b"<svg>SECRET</svg>")
    return folder


def _all_types() -> list[m.Question]:
    return [
        _q("q-single", "single", options=[_opt("a"), _opt("b")], answer="b"),
        _q(
            "q-multi",
            "multiple",
            stem="Choose two.",
            choose=2,
            options=[_opt("a"), _opt("b"), _opt("c")],
            answer=["a", "c"],
        ),
        _q(
            "q-match",
            "matching",
            prompts=[{"id": "p1", "text": "Prompt one"}, {"id": "p2", "text": "Prompt two"}],
            options=[_opt("x", "Ex"), _opt("y", "Why")],
            answer={"p1": "y", "p2": "x"},
        ),
        _q(
            "q-order",
            "ordering",
            options=[_opt("s1", "Step one"), _opt("s2", "Step two"), _opt("s3", "Step three")],
            answer=["s1", "s2", "s3"],
        ),
        _q("q-num", "numeric", answer={"value": 42, "tolerance": 1, "unit": "days"}),
        _hotspot("images/chart.svg"),
    ]


def _sections(page: str) -> tuple[str, str, str]:
    """Questions, answer key and rationales parts of the page."""
    questions, _, rest = page.partition('id="answer-key"')
    key, _, rationales = rest.partition('id="rationales"')
    return questions, key, rationales


def test_layout_has_questions_key_and_rationales_on_new_pages(bank_dir: Path) -> None:
    page = printable_html([(q, bank_dir / "b.yaml") for q in _all_types()], "Mock exam", "Set A")
    assert page.startswith("<!DOCTYPE html>")
    assert "<h1>Mock exam</h1>" in page
    assert "Set A" in page
    assert "6 questions" in page
    questions, key, rationales = _sections(page)
    assert key
    assert rationales
    # Both later parts start on a new page.
    assert page.count("page-break-before: always") >= 2
    assert re.search(r'style="page-break-before: always[^"]*"\s+id="answer-key"', page)
    assert re.search(r'style="page-break-before: always[^"]*"\s+id="rationales"', page)
    assert "break-inside: avoid" in page  # questions are kept whole where possible
    assert "@page" in page
    for n in range(1, 7):
        assert f"Question {n}<" in questions
    # Answers are in the key, not next to the questions.
    assert "<td><strong>1</strong></td><td>B</td>" in key
    assert "<td><strong>2</strong></td><td>A, C</td>" in key
    assert "<td><strong>3</strong></td><td>1-B, 2-A</td>" in key
    assert "<td><strong>5</strong></td><td>42 ± 1 days</td>" in key
    assert "<td><strong>6</strong></td><td>B</td>" in key
    assert "Because a." not in questions
    assert "Because a." in rationales
    assert "Explanation of q-single." in rationales
    assert "Explanation of q-single." not in questions
    # Numeric: an answer line with the unit; matching: two lists; ordering: blanks to number.
    assert "Answer: <span" in questions
    assert "Prompt one" in questions
    assert "Why" in questions


def test_ordering_key_matches_the_printed_letters(bank_dir: Path) -> None:
    q = _all_types()[3]
    page = printable_html([(q, bank_dir)], "T")
    questions, key, _ = _sections(page)
    printed = re.findall(r"<strong>([A-C])\.</strong> (Step \w+)", questions)
    letters = {text: letter for letter, text in printed}
    expected = ", ".join(letters[s] for s in ("Step one", "Step two", "Step three"))
    assert f"<td>{expected}</td>" in key
    assert [t for _, t in printed] != ["Step one", "Step two", "Step three"]


def test_hotspot_image_is_inlined_from_the_bank_folder(bank_dir: Path) -> None:
    page = printable_html([(_hotspot("images/chart.svg"), bank_dir / "bank.yaml")], "T")
    uri = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    assert f'<img src="{uri}"' in page
    assert "<strong>A.</strong> Left" in page


def test_images_outside_the_bank_folder_are_not_read(bank_dir: Path) -> None:
    secret = base64.b64encode(b"<svg>SECRET</svg>").decode()
    qs = [
        _hotspot("../secret.svg"),
        _q(
            "q-md",
            "single",
            stem="![s](../secret.svg) ![r](http://evil.example/x.png) ![a](/etc/x.svg)",
            options=[_opt("a"), _opt("b")],
            answer="a",
        ),
    ]
    page = printable_html([(q, bank_dir / "bank.yaml") for q in qs], "T")
    assert secret not in page
    assert "<img" not in page
    assert "[image not included: ../secret.svg]" in page
    assert "http://evil.example" not in page.replace("[image not included: r]", "")


def test_oversized_image_is_not_inlined(bank_dir: Path) -> None:
    (bank_dir / "images" / "big.png").write_bytes(b"\x89PNG" + b"0" * (2 * 1024 * 1024))
    page = printable_html([(_hotspot("images/big.png"), bank_dir)], "T")
    assert "data:image/png" not in page
    assert "[image not included: images/big.png]" in page


def test_bank_html_is_escaped_everywhere(bank_dir: Path) -> None:
    q = _q(
        "q-evil",
        "single",
        stem='<script>alert(1)</script> <img src="http://evil.example/t.png">',
        options=[_opt("a", "<b onclick='x()'>A</b>"), _opt("b", rationale="<iframe src=x>")],
        answer="a",
        explanation="[link](javascript:alert(1)) **fine**",
        references=["<style>body{}</style>"],
    )
    page = printable_html([(q, bank_dir)], "<script>title</script>", "<i>sub</i>")
    body = page.split("</style></head>", 1)[1]
    assert "<script" not in page
    assert "<img" not in body
    assert "<iframe" not in body
    assert "<b onclick" not in body
    assert "<style>body" not in body
    assert "javascript:" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "&lt;img src=&quot;http://evil.example/t.png&quot;&gt;" in body
    assert "<strong>fine</strong>" in body
    assert "&lt;i&gt;sub&lt;/i&gt;" in body


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "**bold** and *it* and _it2_",
            "<p><strong>bold</strong> and <em>it</em> and <em>it2</em></p>",
        ),
        ("one\ntwo\n\nthree", "<p>one\ntwo</p><p>three</p>"),
        ("- a\n- b", "<ul><li>a</li><li>b</li></ul>"),
        ("1. a\n2. b", "<ol><li>a</li><li>b</li></ol>"),
        ("line  \nbreak", "<p>line<br>\nbreak</p>"),
        ("`<code>` \\*not\\*", "<p><code>&lt;code&gt;</code> *not*</p>"),
        ("snake_case_name", "<p>snake_case_name</p>"),
        ("a < b & c", "<p>a &lt; b &amp; c</p>"),
        ("# Title", "<p><strong>Title</strong></p>"),
        ("", ""),
    ],
)
def test_markdown_to_html(source: str, expected: str) -> None:
    assert markdown_to_html(source) == expected


def test_real_starter_bank_prints_every_question() -> None:
    loaded = load_bank_file(STARTER)
    assert loaded.bank is not None
    qs = loaded.bank.questions
    page = printable_html([(q, STARTER) for q in qs], "PMP starter")
    questions, key, rationales = _sections(page)
    assert questions.count('class="question"') == len(qs)
    assert key.count("<tr>") == len(qs) + 1
    assert rationales.count('class="rationale"') == len(qs)
    assert "data:image/svg+xml;base64," in questions  # the control chart


def test_pdf_has_several_pages(bank_dir: Path, tmp_path: Path, qapp: object) -> None:
    from studyapp.gui.pdf import html_to_pdf

    page = printable_html([(q, bank_dir) for q in _all_types()], "Mock exam")
    out = tmp_path / "exam.pdf"
    html_to_pdf(page, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    # Questions, answer key and rationales: at least three pages for even a short exam.
    assert pages >= 3
    assert b"/Subtype /Image" in data  # the hotspot picture was drawn


def test_pdf_refuses_an_unwritable_path(tmp_path: Path, qapp: object) -> None:
    from studyapp.errors import StudyAppError
    from studyapp.gui.pdf import html_to_pdf

    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StudyAppError, match="cannot write the PDF"):
        html_to_pdf("<p>x</p>", blocker / "out.pdf")


def test_pdf_never_loads_remote_or_local_images(tmp_path: Path, qapp: object) -> None:
    from studyapp.gui.pdf import _SafeDocument

    doc = _SafeDocument()
    image = 2  # QTextDocument.ImageResource
    (tmp_path / "x.svg").write_bytes(SVG)
    assert doc.loadResource(image, (tmp_path / "x.svg").as_uri()) is None
    assert doc.loadResource(image, "http://evil.example/x.png") is None
    uri = "data:image/svg+xml;base64," + base64.b64encode(SVG).decode()
    assert doc.loadResource(image, uri) is not None
