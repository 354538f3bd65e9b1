"""Moodle XML import and export: round trips, a fixture of every type, hostile input."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from studyapp.banks import load_bank_file
from studyapp.banks import model as m
from studyapp.interop.common import TO_FILL, ImportOptions, dump_bank, html_to_markdown
from studyapp.interop.moodle_xml import (
    MoodleXmlError,
    markdown_to_html,
    parse_moodle_xml,
    to_moodle_xml,
)

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "question_banks" / "pmp" / "starter.yaml"
DATA = ROOT / "tests" / "data" / "interop" / "moodle_xml"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"
)


def _norm(text: str) -> str:
    return " ".join(text.split())


def _parse(xml: str | bytes, **kw: object) -> object:
    data = xml.encode() if isinstance(xml, str) else xml
    return parse_moodle_xml(data, Path("in.xml"), ImportOptions(**kw))  # type: ignore[arg-type]


def _quiz(body: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n{body}\n</quiz>\n'.encode()


@pytest.fixture(scope="module")
def starter() -> m.Bank:
    loaded = load_bank_file(STARTER)
    assert loaded.bank is not None
    return loaded.bank


def test_round_trip_starter(starter: m.Bank, tmp_path: Path) -> None:
    xml, skipped = to_moodle_xml(starter, STARTER.parent)
    assert sorted(t for _i, t in skipped) == sorted(
        f"{q.type}: Moodle XML has no {q.type} question type"
        for q in starter.questions
        if q.type in ("hotspot", "ordering")
    )
    result = parse_moodle_xml(xml.encode(), tmp_path / "x.xml", ImportOptions())
    assert not result.skipped and not result.notes
    back = {q["id"]: q for q in result.questions}
    held = [q for q in starter.questions if q.type not in ("hotspot", "ordering")]
    assert list(back) == [q.id for q in held]
    scenarios = {s.id: s for s in starter.scenarios}
    for q in held:
        got = back[q.id]
        assert got["tasks"] == [q.tasks[0]]
        stem = q.stem if q.scenario is None else scenarios[q.scenario].text + " " + q.stem
        assert _norm(got["stem"]).endswith(_norm(q.stem)), q.id
        if q.scenario:
            assert _norm(scenarios[q.scenario].text)[:200] in _norm(got["stem"]), stem
        if isinstance(q, m.MatchingQuestion):
            texts = {o.id: o.text for o in q.options}
            got_texts = {o["id"]: o["text"] for o in got["options"]}
            assert [p["text"] for p in got["prompts"]] == [_norm(p.text) for p in q.prompts]
            assert {p["text"]: got_texts[got["answer"][p["id"]]] for p in got["prompts"]} == {
                _norm(p.text): texts[q.answer[p.id]] for p in q.prompts
            }
            assert sorted(got_texts.values()) == sorted(texts.values())
            assert _norm(got["explanation"]).startswith(_norm(q.explanation))
            for o in q.options:  # option rationales travel in the general feedback
                assert _norm(o.rationale) in _norm(got["explanation"])
            continue
        assert _norm(got["explanation"]) == _norm(q.explanation), q.id
        if isinstance(q, m.NumericQuestion):
            assert got["answer"] == {
                "value": q.answer.value,
                "tolerance": q.answer.tolerance,
                "unit": q.answer.unit,
            }
            continue
        assert isinstance(q, (m.SingleQuestion, m.MultipleQuestion))
        assert got["type"] == q.type
        assert [(o["id"], _norm(o["text"]), _norm(o["rationale"])) for o in got["options"]] == [
            (o.id, _norm(o.text), _norm(o.rationale)) for o in q.options
        ]
        assert got["answer"] == q.answer
        if isinstance(q, m.MultipleQuestion):
            assert got["choose"] == q.choose
    # and the imported bank validates (task codes come back from the categories)
    doc = {
        "format_version": 1,
        "bank": {"id": "back", "title": "Back", "exam": "PMP", "outline": "PMP2026"},
        "questions": [q for q in result.questions if q["type"] != "matching"],
    }
    out = tmp_path / "back.yaml"
    out.write_text(dump_bank(doc), encoding="utf-8")
    loaded = load_bank_file(out)
    assert loaded.bank is not None, [str(p) for p in loaded.problems]
    assert not [p for p in loaded.problems if p.is_error]


def test_export_fractions_and_escaping(starter: m.Bank) -> None:
    xml, _ = to_moodle_xml(starter, STARTER.parent)
    multiple = next(q for q in starter.questions if isinstance(q, m.MultipleQuestion))
    block = xml.split(f"<text>{multiple.id}</text>")[1].split("</question>")[0]
    fractions = [float(f) for f in re.findall(r'<answer fraction="([^"]+)"', block)]
    share = 100 / multiple.choose
    assert sum(f for f in fractions if f > 0) == pytest.approx(100, abs=0.01)
    assert sum(1 for f in fractions if f > 0) == multiple.choose
    # Each wrong tick takes back one right answer's share: the app's own scoring.
    assert all(f == pytest.approx(-share, abs=0.01) for f in fractions if f <= 0)
    assert "<single>false</single>" in block
    assert "&lt;p&gt;" in xml and "<p>" not in xml  # HTML is escaped text, not XML elements


def _bank_with_image(tmp_path: Path, stem: str, images: list[str]) -> m.Bank:
    (tmp_path / "images").mkdir(exist_ok=True)
    (tmp_path / "images" / "dot.png").write_bytes(PNG)
    return m.Bank.model_validate(
        {
            "format_version": 1,
            "bank": {"id": "b", "title": "A/B <bank> & co", "exam": "PMP", "outline": "PMP2026"},
            "questions": [
                {
                    "id": "q1",
                    "type": "single",
                    "stem": stem,
                    "images": images,
                    "options": [
                        {"id": "a", "text": "Yes <script>", "rationale": "Because & so."},
                        {"id": "b", "text": "No", "rationale": "*Not* so."},
                    ],
                    "answer": "a",
                    "explanation": "See **this**.",
                    "tasks": ["PMP26.PRO.1"],
                    "approach": "any",
                    "difficulty": 1,
                    "tags": ["t1"],
                }
            ],
        }
    )


def test_export_embeds_images_and_round_trips_them(tmp_path: Path) -> None:
    bank = _bank_with_image(tmp_path, "Look at ![chart](images/dot.png) here.", ["images/dot.png"])
    xml, skipped = to_moodle_xml(bank, tmp_path)
    assert skipped == []
    assert xml.count('<file name="dot.png" path="/" encoding="base64">') == 1
    assert "@@PLUGINFILE@@/dot.png" in xml
    result = _parse(xml)
    q = result.questions[0]  # type: ignore[attr-defined]
    assert q["stem"].startswith("Look at ![chart](images/q1-dot.png) here.")
    assert result.images == {"images/q1-dot.png": PNG}  # type: ignore[attr-defined]
    assert q["options"][0]["text"] == "Yes <script>"
    assert q["options"][1]["rationale"] == "*Not* so."
    assert q["explanation"] == "See **this**."
    assert q["tags"][0] == "t1"


def test_export_missing_or_outside_image_is_reported(tmp_path: Path) -> None:
    bank = _bank_with_image(tmp_path, "See ![x](../secret.png)", [])
    (tmp_path.parent / "secret.png").write_bytes(PNG)
    xml, skipped = to_moodle_xml(bank, tmp_path)
    assert skipped == [("q1", "image '../secret.png' not found next to the bank")]
    assert "q1" not in xml
    bank = _bank_with_image(tmp_path, "See ![x](https://evil.example/x.png)", [])
    assert to_moodle_xml(bank, tmp_path)[1][0][1].startswith("image 'https://")


def test_markdown_to_html_shapes() -> None:
    html = markdown_to_html(
        "A *b* and **c** <x>\nnext  \nhard\n\n- x\n- y\n  more\n\n1. one\n2. two"
    )
    assert html == (
        "<p>A <em>b</em> and <strong>c</strong> &lt;x&gt; next<br>hard</p>"
        "<ul><li>x</li><li>y more</li></ul><ol><li>one</li><li>two</li></ol>"
    )
    back = html_to_markdown(html)
    assert "- y more" in back and "2. two" in back


def test_fixture_every_type() -> None:
    path = DATA / "all_types.xml"
    result = parse_moodle_xml(
        path.read_bytes(), path, ImportOptions(category_tasks={"Risk": "PMP26.PRO.3"})
    )
    assert result.summary() == (
        "9 read, 5 imported, 4 skipped: 1 short answer, 1 essay, 1 description, "
        "1 cloze (embedded answers)"
    )
    assert [(s.line, s.reason.split(":")[0]) for s in result.skipped] == [
        (55, "short answer"),
        (60, "essay"),
        (64, "description"),
        (68, "cloze (embedded answers)"),
    ]
    assert [(n.line, n.message) for n in result.notes] == [
        (22, "negative marks for wrong answers not carried (the bank has no negative scoring)"),
        (47, "2 answers: only the first 100 % one (10) kept"),
    ]
    assert result.images == {"images/risk-owner-dot.png": PNG}
    single, multiple, truefalse, matching, numeric = result.questions
    assert single["id"] == "risk-owner" and single["type"] == "single"
    assert single["stem"] == "Who should **own** a risk?\n\n![dot](images/risk-owner-dot.png)"
    assert single["answer"] == "a" and single["tasks"] == ["PMP26.PRO.3"]
    assert single["options"][2] == {
        "id": "c",
        "text": "The whole team",
        "rationale": "Shared ownership is no ownership.",
    }
    assert single["explanation"] == "The person best placed to act."
    assert single["tags"] == ["top:Risk"]
    assert multiple["type"] == "multiple" and multiple["choose"] == 2
    assert multiple["answer"] == ["a", "b"] and multiple["explanation"] == TO_FILL
    assert truefalse["options"] == [
        {"id": "true", "text": "True", "rationale": "Yes: opportunities."},
        {"id": "false", "text": "False", "rationale": "Risks are uncertain events, good or bad."},
    ]
    assert truefalse["answer"] == "true"
    assert truefalse["stem"] == "A risk can be positive.  \nIt is then an opportunity."
    assert matching["stem"] == "Match each **chart** to its use."
    assert matching["prompts"] == [
        {"id": "p1", "text": "Work left"},
        {"id": "p2", "text": "Bottlenecks"},
    ]
    assert [o["text"] for o in matching["options"]] == ["Burndown", "Cumulative flow", "Gantt"]
    assert matching["answer"] == {"p1": "a", "p2": "b"} and matching["tasks"] == [TO_FILL]
    assert numeric["answer"] == {"value": 10.0, "tolerance": 0.0, "unit": "channels"}
    assert numeric["explanation"] == "n(n-1)/2 = 10."


def test_imported_fixture_writes_a_valid_bank(tmp_path: Path) -> None:
    from studyapp.interop.common import write_bank

    path = DATA / "all_types.xml"
    opts = ImportOptions(default_task="PMP26.PRO.3")
    result = parse_moodle_xml(path.read_bytes(), path, opts)
    for q in result.questions:  # fill what a trainer would fill in
        q["explanation"] = q["explanation"].replace(TO_FILL, "Filled.")
        for o in q.get("options", []):
            o["rationale"] = o["rationale"].replace(TO_FILL, "Filled.")
    written = write_bank(result, opts, tmp_path / "bank.yaml")
    assert (tmp_path / "images" / "risk-owner-dot.png").read_bytes() == PNG
    loaded = load_bank_file(written[-1])
    assert loaded.bank is not None and loaded.ok, [str(p) for p in loaded.problems]


def test_malformed_xml_gives_line_and_column() -> None:
    with pytest.raises(MoodleXmlError, match=r"in\.xml:4:\d+: not well-formed XML"):
        _parse(b"<quiz>\n<question type='multichoice'>\n<name><text>x</text></name>\n</quiz>")
    with pytest.raises(MoodleXmlError, match="root element is <html>"):
        _parse(b"<html><body/></html>")
    with pytest.raises(MoodleXmlError, match=r"in\.xml:1:1: not well-formed"):
        _parse(b"")


def test_doctype_and_entity_bomb_refused() -> None:
    bomb = (
        b'<?xml version="1.0"?>\n<!DOCTYPE quiz [\n<!ENTITY a "aaaaaaaaaa">\n'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
        b"<quiz><question type='essay'><name><text>&c;</text></name></question></quiz>"
    )
    with pytest.raises(MoodleXmlError, match=r"in\.xml:2:\d+: a DOCTYPE is not allowed"):
        _parse(bomb)
    external = b'<?xml version="1.0"?><!DOCTYPE quiz SYSTEM "file:///etc/passwd"><quiz/>'
    with pytest.raises(MoodleXmlError, match="DOCTYPE is not allowed"):
        _parse(external)


def test_oversized_input_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import studyapp.interop.moodle_xml as mx

    monkeypatch.setattr(mx, "MAX_INPUT_BYTES", 100)
    with pytest.raises(MoodleXmlError, match="limited to"):
        _parse(_quiz("<!--" + "x" * 200 + "-->"))


def _mc(stem: str, extra: str = "") -> str:
    return (
        f'<question type="multichoice"><name><text>q</text></name>'
        f'<questiontext format="html"><text><![CDATA[{stem}]]></text>{extra}</questiontext>'
        '<answer fraction="100"><text>A</text></answer><answer fraction="0"><text>B</text></answer>'
        "</question>"
    )


def test_oversized_and_fake_images_are_left_out_with_a_note() -> None:
    big = base64.b64encode(PNG + b"\0" * 5000).decode()
    fake = base64.b64encode(b"MZ\x90\x00 not an image").decode()
    xml = _quiz(
        _mc(
            '<p>x <img src="@@PLUGINFILE@@/big.png"> <img src="@@PLUGINFILE@@/f.png" alt="f"></p>',
            f'<file name="big.png" encoding="base64">{big}</file>'
            f'<file name="f.png" encoding="base64">{fake}</file>',
        )
    )
    result = _parse(xml, max_image_bytes=1024)
    assert result.images == {}  # type: ignore[attr-defined]
    assert result.questions[0]["stem"] == "x  [image: f]"  # type: ignore[attr-defined]
    messages = [n.message for n in result.notes]  # type: ignore[attr-defined]
    assert messages == [
        "question text: image 'big.png' is larger than 1 KiB; left out",
        "question text: 'f.png' is not a PNG, JPEG, GIF or SVG image; left out",
    ]
    assert all(n.line == 3 for n in result.notes)  # type: ignore[attr-defined]


def test_scripts_and_remote_images_are_stripped() -> None:
    stem = (
        '<p onclick="steal()">Pick <script>alert(1)</script>one '
        '<img src="https://evil.example/t.png" alt="tracker">'
        '<img src="file:///etc/passwd"><iframe src="https://x"></iframe></p>'
    )
    result = _parse(_quiz(_mc(stem)))
    q = result.questions[0]  # type: ignore[attr-defined]
    assert q["stem"] == "Pick one [image: tracker]"
    assert result.images == {}  # type: ignore[attr-defined]
    messages = [n.message for n in result.notes]  # type: ignore[attr-defined]
    assert "question text: scripts or active content removed" in messages
    assert any("'https://evil.example/t.png' left out" in s for s in messages)
    assert any("'file:///etc/passwd' left out" in s for s in messages)


def test_markdown_text_is_sanitised() -> None:
    xml = _quiz(
        '<question type="truefalse"><name><text>t</text></name>'
        '<questiontext format="markdown"><text><![CDATA[Is **it** <script>x()</script>'
        "<b>ok</b> ![r](http://evil/x.png)?]]></text></questiontext>"
        '<answer fraction="0"><text>true</text></answer>'
        '<answer fraction="100"><text>false</text></answer></question>'
    )
    result = _parse(xml)
    q = result.questions[0]  # type: ignore[attr-defined]
    assert q["stem"] == "Is **it** ok [image: r]?"
    assert q["answer"] == "false"
    assert len(result.notes) == 2  # type: ignore[attr-defined]


def test_questions_the_bank_cannot_hold_are_skipped_with_reasons() -> None:
    xml = _quiz(
        '<question type="multichoice"><name><text>none</text></name>'
        "<questiontext><text>No right</text></questiontext>"
        '<answer fraction="0"><text>A</text></answer><answer fraction="0"><text>B</text></answer>'
        "</question>\n"
        '<question type="multichoice"><name><text>empty</text></name>'
        "<questiontext><text> </text></questiontext></question>\n"
        '<question type="ddimageortext"><name><text>dd</text></name></question>\n'
        '<question type="mystery"><name><text>m</text></name></question>\n'
        '<question type="numerical"><name><text>n</text></name>'
        "<questiontext><text>N?</text></questiontext>"
        '<answer fraction="100"><text>abc</text></answer></question>'
    )
    result = _parse(xml)
    assert result.questions == []  # type: ignore[attr-defined]
    assert [(s.line, s.reason) for s in result.skipped] == [  # type: ignore[attr-defined]
        (3, "multichoice: no answer gives credit"),
        (4, "multichoice: empty question text"),
        (5, "drag and drop onto image: cannot be held"),
        (6, "question type 'mystery' not supported"),
        (7, "numerical: answer 'abc' or its tolerance is not a number"),
    ]


def test_partial_credit_and_one_right_multiple_are_noted() -> None:
    xml = _quiz(
        '<question type="multichoice"><name><text>p</text></name>'
        "<questiontext><text>P?</text></questiontext><single>true</single>"
        '<answer fraction="100"><text>A</text></answer>'
        '<answer fraction="50"><text>B</text></answer>'
        "</question>\n"
        '<question type="multichoice"><name><text>o</text></name>'
        "<questiontext><text>O?</text></questiontext><single>false</single>"
        '<answer fraction="100"><text>A</text></answer><answer fraction="0"><text>B</text></answer>'
        '<answer fraction="0"><text>C</text></answer></question>'
    )
    result = _parse(xml)
    assert [q["type"] for q in result.questions] == ["single", "single"]  # type: ignore[attr-defined]
    assert [(n.line, n.message) for n in result.notes] == [  # type: ignore[attr-defined]
        (3, "partial credit 50% for option b not carried (wrong)"),
        (4, "multiple-answer question with one right answer imported as single"),
    ]


def test_export_leaves_out_skipped_types(starter: m.Bank) -> None:
    xml, skipped = to_moodle_xml(starter, STARTER.parent)
    ids = {i for i, _r in skipped}
    assert ids and not any(f"<text>{i}</text>" in xml for i in ids)
