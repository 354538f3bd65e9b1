"""The GIFT and Moodle XML importers read what Moodle reads.

Each case re-creates (in our own small fixtures) an input from Moodle's own tests:
question/format/gift/tests/giftformat_test.php and question/format/xml/tests/ (fixtures/*.xml,
xmlformat_test.php), and asserts the meaning Moodle gives it: which answers are right, feedback,
general feedback, or a skip with a reason when the bank format cannot hold the question.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studyapp.banks import load_bank_file
from studyapp.interop.common import ImportOptions, ImportResult, write_bank
from studyapp.interop.gift import _id_and_tags, parse_gift
from studyapp.interop.moodle_xml import parse_moodle_xml

DATA = Path(__file__).resolve().parents[1] / "data" / "interop" / "moodle_conformance"


def _gift(text: str) -> ImportResult:
    return parse_gift(text, Path("t.gift"), ImportOptions())


def _by_id(result: ImportResult) -> dict[str, dict[str, Any]]:
    return {q["id"]: q for q in result.questions}


@pytest.fixture(scope="module")
def gift() -> ImportResult:
    path = DATA / "giftformat_cases.gift"
    return parse_gift(path.read_text(encoding="utf-8"), path, ImportOptions())


@pytest.fixture(scope="module")
def xml() -> ImportResult:
    path = DATA / "xmlformat_cases.xml"
    return parse_moodle_xml(path.read_bytes(), path, ImportOptions())


# ---------------------------------------------------------------- GIFT (giftformat_test.php)


def test_gift_multichoice_feedback_and_formats(gift: ImportResult) -> None:
    """test_import_multichoice: '=' is right; '#' feedback; [html]/[plain] per piece."""
    q = _by_id(gift)["q2"]
    assert q["type"] == "single" and q["answer"] == "a"
    assert [o["text"] for o in q["options"]] == ["yellow", "red", "blue"]
    assert [o["rationale"] for o in q["options"]] == [
        "right; good!",
        "wrong, it's **yellow**",  # [html] feedback converted
        "wrong, it's yellow",  # [plain] on the answer does not change its feedback's format
    ]


def test_gift_multichoice_multi_weights(gift: ImportResult) -> None:
    """test_import_multichoice_multi: fractions .5/-1/.5/-1, single=0 → two right answers."""
    q = _by_id(gift)["colours"]
    assert q["type"] == "multiple" and q["choose"] == 2 and q["answer"] == ["a", "c"]
    assert q["options"][3]["text"] == "blue"  # "[plain]" after the weight is a format
    assert any(n.line == 13 and "negative weights" in n.message for n in gift.notes)


def test_gift_multichoice_multi_tricky(gift: ImportResult) -> None:
    """test_import_multichoice_multi_tricky: 100/-50/-50 without '=' has one right answer."""
    q = _by_id(gift)["tricky"]
    assert q["type"] == "single" and q["answer"] == "a"
    lines = [n.message for n in gift.notes if n.line == 22]
    assert any("one right answer imported as single" in m for m in lines)
    assert any("negative weights" in m for m in lines)


def test_gift_truefalse_feedback_order(gift: ImportResult) -> None:
    """test_import_truefalse: {FALSE#wrong#right}: the first feedback is for the wrong pick."""
    q = _by_id(gift)["q1"]
    assert q["answer"] == "false"
    rationale = {o["id"]: o["rationale"] for o in q["options"]}
    assert rationale == {
        "true": "42 is the Ultimate Answer.",
        "false": "You gave the right answer.",
    }


def test_gift_truefalse_t_and_true(gift: ImportResult) -> None:
    """test_import_truefalse_true_answer1/2: {T} and {TRUE}, names with spaces and digits."""
    assert _by_id(gift)["tsl-t"]["answer"] == "true"
    assert _by_id(gift)["tsl-true"]["answer"] == "true"


def test_gift_truefalse_is_upper_case_only() -> None:
    """format.php compares with 'T', 'TRUE', 'F', 'FALSE' exactly: {true} is a short answer."""
    result = _gift("Is it?{true}\n\nIs it?{F#no#yes}")
    assert [s.reason.split(":")[0] for s in result.skipped] == ["short answer"]
    assert result.questions[0]["answer"] == "false"


def test_gift_match_formats_and_distractor(gift: ImportResult) -> None:
    """test_import_match: formats per subquestion, '= -> Chat' is an extra answer."""
    q = _by_id(gift)["moodle-activities"]
    assert q["stem"] == "Match the **activity** to the description."
    assert [o["text"] for o in q["options"]] == ["Forum", "Choice", "Database", "Wiki", "Chat"]
    assert q["answer"] == {"p1": "a", "p2": "b", "p3": "c", "p4": "d"}


def test_gift_numerical_with_wrong_feedback(gift: ImportResult) -> None:
    """test_import_numerical: {#3:2~#Completely wrong} is 3 ± 2 plus a catch-all '*'."""
    q = _by_id(gift)["q5"]
    assert q["answer"] == {"value": 3.0, "tolerance": 2.0}
    assert q["explanation"] != "Completely wrong" and "~" not in str(q)
    assert any(n.line == 46 and "(~) not kept" in n.message for n in gift.notes)


def test_gift_numerical_range_and_several_answers() -> None:
    """format.php: min..max is the midpoint ± half; '=%n%' weights on several answers."""
    result = _gift("R?{#1..5}\n\nS?{#=2:0.5#exact =%50%2:1#close}")
    assert result.questions[0]["answer"] == {"value": 3.0, "tolerance": 2.0}
    assert result.questions[1]["answer"] == {"value": 2.0, "tolerance": 0.5}
    assert result.questions[1]["explanation"] == "exact"
    assert any("other answer(s)" in n.message for n in result.notes)


def test_gift_shortanswer_essay_description_skipped(gift: ImportResult) -> None:
    """test_import_shortanswer(_with_general_feedback), test_import_essay; description."""
    assert [(s.line, s.reason.split(":")[0]) for s in gift.skipped] == [
        (48, "short answer"),
        (56, "essay"),
    ]
    result = _gift("::Intro:: Just text.")
    assert result.skipped[0].reason.startswith("description")


def test_gift_idnumber_and_tags_from_comments(gift: ImportResult) -> None:
    """test_import_question_with_tags: '// [tag:tag] [tag:other-tag] ... [id:myid]'."""
    q = _by_id(gift)["myid"]
    assert q["tags"][:2] == ["tag", "other-tag"]


@pytest.mark.parametrize(
    ("comment", "idnumber", "tags"),
    [
        ("", "", []),
        ("// A basic comment.", "", []),
        ("// A comment with [id:frog] <-- an idnumber.", "frog", []),
        ("// Look tags: [tag:frog] [tag:toad].", "", ["frog", "toad"]),
        ("// [tag:add] [tag:basic] [id:four]", "four", ["add", "basic"]),
        (
            "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
            "four",
            ["basic", "add"],
        ),
        ("// Ceci n'est pas une [tag:\n\\ frog].", "", []),
        ("// [id:i\\]d].", "i]d", []),
        ("// [tag:t\\]ag].", "", ["t]ag"]),
    ],
)
def test_gift_extract_idnumber_and_tags(comment: str, idnumber: str, tags: list[str]) -> None:
    """test_extract_idnumber_and_tags_from_comment, every case of its data provider."""
    assert _id_and_tags(comment) == (idnumber, tags)


def test_gift_invalid_idnumber_is_noted_and_title_used() -> None:
    result = _gift("// [id:i]d] [id:x]\n::Named::Q?{=a ~b}")
    assert result.questions[0]["id"] == "i"  # the first token, ended by the unescaped ']'
    result = _gift("// [id:has space]\n::Named::Q?{=a ~b}")
    assert result.questions[0]["id"] == "named"
    assert "not a valid id" in result.notes[0].message


def test_gift_escapes_backslash_and_braces() -> None:
    """test_import_backslash (\\\\ is one backslash) and test_import_pre_content (\\{ \\})."""
    result = _gift(
        "::bs:: A \\\\ B \\\\\\\\ C{=x ~y}\n\n::pre::[html]<pre>f() \\{ g(); \\}</pre>{=x ~y}"
    )
    stems = [q["stem"] for q in result.questions]
    # Moodle's text is "A \\ B \\\\ C"; in Markdown each backslash is escaped.
    assert stems[0] == "A \\\\ B \\\\\\\\ C"
    assert "{ g(); }" in stems[1]


def test_gift_general_feedback_is_after_the_last_separator() -> None:
    """format.php uses strrpos('####'): general feedback follows the last one."""
    result = _gift("Q?{=a ~b ####[html]<b>General</b>}")
    assert result.questions[0]["explanation"] == "**General**"


def test_gift_tilde_makes_multichoice_before_matching() -> None:
    """format.php: any '~' means multichoice, even with '->' in an answer."""
    result = _gift("Arrow?{=a->b ~c}")
    q = result.questions[0]
    assert q["type"] == "single" and q["answer"] == "a"
    assert [o["text"] for o in q["options"]] == ["a-\\>b", "c"]  # Markdown-escaped ">"


def test_gift_missing_word_is_skipped_with_reason() -> None:
    """format.php reads '{...}' inside the text as missing word ('_____'): not held, skipped."""
    result = _gift("Grant is {~buried =entombed ~living} in Grant's tomb.")
    assert result.skipped[0].reason.startswith("missing word")


def test_gift_cases_write_a_valid_bank(gift: ImportResult, tmp_path: Path) -> None:
    opts = ImportOptions(default_task="PMP.PEOPLE.1")
    path = DATA / "giftformat_cases.gift"
    result = parse_gift(path.read_text(encoding="utf-8"), path, opts)
    out = tmp_path / "bank.yaml"
    write_bank(result, opts, out)
    loaded = load_bank_file(out)
    assert loaded.bank is not None, loaded.problems
    assert len(loaded.bank.questions) == 9


# ---------------------------------------------------------------- Moodle XML (tests/)


def test_xml_truefalse_fixture(xml: ImportResult) -> None:
    """fixtures/truefalse.xml: 'true' at 0 %, 'false' at 100 %: False is right."""
    q = _by_id(xml)["moodle-acronym-false"]
    assert q["answer"] == "false"
    assert {o["id"]: o["rationale"] for o in q["options"]} == {
        "true": "Your answer is incorrect.",
        "false": "Your answer is correct.",
    }
    assert q["explanation"] == "See the documentation."
    assert "Default-for-testhead:TrueFalse" in q["tags"]


def test_xml_truefalse_old_style(xml: ImportResult) -> None:
    """format.php import_truefalse: other answer words → first is True, second False."""
    q = _by_id(xml)["old-style"]
    assert q["answer"] == "true"
    assert {o["id"]: o["rationale"] for o in q["options"]} == {"true": "Yes.", "false": "No."}
    assert any("old-style" in n.message for n in xml.notes)


def test_xml_multichoice_fixture(xml: ImportResult) -> None:
    """fixtures/multichoice.xml: single answer, HTML answers and feedback."""
    q = _by_id(xml)["greeting"]
    assert q["type"] == "single" and q["answer"] == "a"
    assert [o["text"] for o in q["options"]] == ["French", "Spanish", "German"]
    assert q["options"][0]["rationale"] == "Right, it's French."


def test_xml_multichoice_single_zero_is_multiple(xml: ImportResult) -> None:
    """format.php trans_single: '0', 'false' or empty mean multiple answers."""
    q = _by_id(xml)["primes"]
    assert q["type"] == "multiple" and q["answer"] == ["a", "b"] and q["choose"] == 2
    empty = (
        '<quiz><question type="multichoice"><name><text>E</text></name>'
        "<questiontext><text>Q?</text></questiontext><single></single>"
        '<answer fraction="50"><text>a</text></answer><answer fraction="50"><text>b</text>'
        '</answer><answer fraction="0"><text>c</text></answer></question></quiz>'
    )
    r = parse_moodle_xml(empty.encode(), Path("e.xml"), ImportOptions())
    assert r.questions[0]["type"] == "multiple"


def test_xml_matching_with_distractor(xml: ImportResult) -> None:
    q = _by_id(xml)["capitals"]
    assert q["answer"] == {"p1": "a", "p2": "b"}
    assert [o["text"] for o in q["options"]] == ["Ottawa", "Rome", "Paris"]


def test_xml_numerical_units_and_partial(xml: ImportResult) -> None:
    q = _by_id(xml)["pi"]
    assert q["answer"] == {"value": 3.14, "tolerance": 0.001, "unit": "m"}
    assert q["explanation"] == "Well done!"
    messages = [n.message for n in xml.notes if n.line == 56]
    assert any("'*'" in m for m in messages) and any("'cm'" in m for m in messages)


def test_xml_unsupported_types_skipped(xml: ImportResult) -> None:
    assert [s.reason.split(":")[0] for s in xml.skipped] == [
        "short answer",
        "essay",
        "description",
        "cloze (embedded answers)",
    ]
    assert xml.read == 11 and len(xml.questions) == 7


def test_xml_html_chars_in_idnumber_and_tags(xml: ImportResult) -> None:
    """fixtures/html_chars_in_idnumbers.xml: an idnumber that is not a bank id → name slug."""
    q = _by_id(xml)["tagged"]
    assert q["tags"][:2] == ["tagA", "tagB"]


def test_xml_old_image_tag_is_noted() -> None:
    """fixtures/sample_questions_with_old_image_tag.xml: <image> outside the text."""
    body = (
        '<quiz><question type="truefalse"><name><text>I</text></name>'
        "<questiontext><text>Q?</text></questiontext><image>pic.png</image>"
        '<answer fraction="100"><text>true</text></answer>'
        '<answer fraction="0"><text>false</text></answer></question></quiz>'
    )
    r = parse_moodle_xml(body.encode(), Path("i.xml"), ImportOptions())
    assert r.questions[0]["answer"] == "true"
    assert any("<image>" in n.message for n in r.notes)


def test_xml_cases_write_a_valid_bank(tmp_path: Path) -> None:
    opts = ImportOptions(default_task="PMP.PEOPLE.1")
    path = DATA / "xmlformat_cases.xml"
    result = parse_moodle_xml(path.read_bytes(), path, opts)
    out = tmp_path / "bank.yaml"
    write_bank(result, opts, out)
    loaded = load_bank_file(out)
    assert loaded.bank is not None, loaded.problems
    assert len(loaded.bank.questions) == 7
