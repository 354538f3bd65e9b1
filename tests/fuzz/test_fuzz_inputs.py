"""Fuzzing the readers of untrusted input: whatever comes in, a result or our own located error.

Five targets: the YAML bank loader, the GIFT, Moodle XML and CSV importers, and the answer
checker. For every generated input the target either returns a result, or raises the project's
own error type (a :class:`StudyAppError`) whose message names where the problem is (``file:line``
for files, the question id for responses). Any other exception is a bug.

Examples per test: 200 by default; ``STUDYAPP_FUZZ=10000 pytest tests/fuzz`` runs 10,000 each.
Generation is derandomized and uses no example database, so every run (and CI) is reproducible.

Every input that ever made a target fail is kept in ``corpus/<target>/`` and replayed below.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import math
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from studyapp.banks import load_bank_file
from studyapp.banks import model as m
from studyapp.errors import StudyAppError
from studyapp.interop.common import ImportOptions, ImportResult
from studyapp.interop.gift import parse_gift
from studyapp.interop.moodle_xml import parse_moodle_xml
from studyapp.interop.spreadsheet import parse_table
from studyapp.outlines import load_outlines
from studyapp.scheduler.grading import ResponseError, grade

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "interop"
CORPUS = Path(__file__).parent / "corpus"

EXAMPLES = int(os.environ.get("STUDYAPP_FUZZ") or 200)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=list(HealthCheck),
)

OUTLINES = load_outlines()
OPTIONS = ImportOptions(bank_id="fuzz", default_task="PMP26.PRO.1")
SOURCE = Path("fuzz-input")  # the name importers put in their messages

STARTER = ROOT / "question_banks" / "pmp" / "starter.yaml"
REAL_BANKS = [
    STARTER,
    ROOT / "question_banks" / "pmp" / "formulas.yaml",
    ROOT / "question_banks" / "capm" / "starter.yaml",
    ROOT / "question_banks" / "glossary.yaml",
]
GIFT_SEEDS = [
    p.read_text(encoding="utf-8")
    for p in [
        *sorted((DATA / "gift").glob("*.gift")),
        DATA / "moodle_conformance" / "giftformat_cases.gift",
    ]
]
XML_SEEDS = [
    (DATA / "moodle_xml" / "all_types.xml").read_bytes(),
    (DATA / "moodle_conformance" / "xmlformat_cases.xml").read_bytes(),
]
CSV_SEEDS = [
    p.read_bytes() for p in sorted((DATA / "spreadsheet").iterdir()) if p.suffix in {".csv", ".tsv"}
]


# ------------------------------------------------------------------------------ the properties


def _located(exc: StudyAppError, where: str) -> None:
    """Our own error, and its message starts with ``where:LINE``."""
    assert re.match(re.escape(where) + r":\d+", str(exc)), f"no location in {str(exc)!r}"


def check_bank_bytes(data: bytes, folder: Path) -> None:
    path = folder / "fuzz.yaml"
    path.write_bytes(data)
    loaded = load_bank_file(path, outlines=OUTLINES)  # never raises: problems are returned
    for p in loaded.problems:
        assert p.path == path and p.line >= 1 and p.col >= 1 and p.message.strip(), p
    if loaded.bank is None and loaded.glossary is None:
        assert any(p.is_error for p in loaded.problems), "nothing loaded and no error said why"


def _check_import(result: ImportResult) -> None:
    assert result.read >= len(result.questions)
    for skipped in result.skipped:
        assert skipped.line >= 1 and skipped.reason, skipped
    for note in result.notes:
        assert note.line >= 1 and note.message, note


def check_gift(text: str) -> None:
    try:
        _check_import(parse_gift(text, SOURCE, OPTIONS))
    except StudyAppError as exc:
        _located(exc, str(SOURCE))


def check_moodle(data: bytes) -> None:
    try:
        _check_import(parse_moodle_xml(data, SOURCE, OPTIONS))
    except StudyAppError as exc:
        _located(exc, str(SOURCE))


def check_table(data: bytes) -> None:
    try:
        _check_import(parse_table(data, SOURCE, OPTIONS))
    except StudyAppError as exc:
        _located(exc, str(SOURCE))


def _starter_questions() -> dict[str, m.Question]:
    bank = load_bank_file(STARTER, outlines=OUTLINES).bank
    assert bank is not None
    return {q.id: q for q in bank.questions}


QUESTIONS = _starter_questions()
STARTER_DOC: dict[str, Any] = yaml.safe_load(STARTER.read_text(encoding="utf-8"))


def check_grade(qid: str, response: Any) -> None:
    q = QUESTIONS[qid]
    try:
        result = grade(q, response)
    except ResponseError as exc:
        message = str(exc)
    else:
        assert isinstance(result.correct, bool)
        assert math.isfinite(result.score) and 0.0 <= result.score <= 1.0, result
        return
    assert message.startswith(f"question {q.id}:"), message


@pytest.fixture(scope="module")
def folder() -> Iterator[Path]:
    # Its own folder, not pytest's basetemp, which another pytest run may clean up meanwhile.
    with tempfile.TemporaryDirectory(prefix="studyapp-fuzz-") as name:
        yield Path(name)


# ------------------------------------------------------------------------------ strategies


def mutated(seeds: list[str]) -> st.SearchStrategy[str]:
    """A seed with a few slices deleted, replaced, duplicated or moved."""

    @st.composite
    def build(draw: st.DrawFn) -> str:
        text = draw(st.sampled_from(seeds))
        for _ in range(draw(st.integers(1, 6))):
            i = draw(st.integers(0, len(text)))
            j = draw(st.integers(i, min(len(text), i + 40)))
            how = draw(st.sampled_from(["replace", "delete", "duplicate", "move", "char"]))
            if how == "replace":
                text = text[:i] + draw(st.text(max_size=12)) + text[j:]
            elif how == "delete":
                text = text[:i] + text[j:]
            elif how == "duplicate":
                text = text[:j] + text[i:j] * draw(st.integers(1, 3)) + text[j:]
            elif how == "move":
                k = draw(st.integers(0, len(text)))
                piece, rest = text[i:j], text[:i] + text[j:]
                k = min(k, len(rest))
                text = rest[:k] + piece + rest[k:]
            else:
                text = text[:i] + draw(st.sampled_from(SPECIAL)) + text[i:]
        return text

    return build()


def mutated_bytes(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    @st.composite
    def build(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(seeds)))
        for _ in range(draw(st.integers(1, 6))):
            i = draw(st.integers(0, len(data)))
            j = draw(st.integers(i, min(len(data), i + 40)))
            data[i:j] = draw(st.binary(max_size=12))
        return bytes(data)

    return build()


SPECIAL = [
    *list("{}=~#:%\\-<>&;\"',\t\n\r\x00\ufeff\u202e"),
    "->",
    "::",
    "\\{",
    "####",
    "$CATEGORY:",
]
GIFT_TEXT = st.lists(
    st.sampled_from(
        [
            *SPECIAL,
            "~%50%",
            "~%-100%",
            "=%100%",
            "TRUE",
            "FALSE",
            "T",
            "F",
            "{#",
            "..",
            "1:0.5",
            "// c\n",
            "[markdown]",
            "[html]",
            "\n\n",
            "Q",
            " ",
            "1e308",
            "nan",
            "-0",
            "é",
            "\U0001f600",
        ]
    )
    | st.text(max_size=6),
    max_size=60,
).map("".join)

YAML_TEXT = st.lists(
    st.sampled_from(
        [
            "format_version: 1\n",
            "bank:\n",
            "questions:\n",
            "  - ",
            "id: ",
            "type: ",
            "single",
            "matching",
            "hotspot",
            "numeric",
            "options:",
            "answer: ",
            "stem: ",
            "&a ",
            "*a",
            "!!python/object ",
            "!!binary ",
            "[",
            "]",
            "{",
            "}",
            ": ",
            "- ",
            "\n",
            "  ",
            "\t",
            "'",
            '"',
            "|",
            ">-",
            "#",
            "---\n",
            "...\n",
            "? ",
            "%YAML 1.1\n",
            "~",
            "null",
            "1e999",
            ".nan",
            "0x1F",
            "\x00",
            "\ufeff",
        ]
    )
    | st.text(max_size=5),
    max_size=80,
).map("".join)

JSONISH = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**300, max_value=10**400)
    | st.floats()
    | st.text(max_size=12)
    | st.sampled_from(["a", "b", "c", "d", "e", "PMP26.PRO.1", "PMP", "PMP2026", "", "1.0.0"]),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=16,
)


@st.composite
def bank_documents(draw: st.DrawFn) -> dict[str, Any]:
    """A bank shaped like the real one, with fields swapped for values of the wrong type."""
    doc: dict[str, Any] = copy.deepcopy(STARTER_DOC)
    doc["questions"] = draw(
        st.lists(
            st.sampled_from(doc["questions"]), min_size=0, max_size=4, unique_by=lambda q: q["id"]
        )
    )
    questions = doc["questions"]
    for _ in range(draw(st.integers(1, 5))):
        where = draw(st.sampled_from(["top", "bank", "question", "option", "scenario"]))
        if where == "top":
            target: Any = doc
        elif where == "bank":
            target = doc.get("bank")
        elif where == "scenario":
            scenarios = doc.get("scenarios")
            target = scenarios[0] if isinstance(scenarios, list) and scenarios else doc
        elif questions:
            q = draw(st.sampled_from(questions))
            options = q.get("options")
            target = q
            if where == "option" and isinstance(options, list) and options:
                target = draw(st.sampled_from(options))
        else:
            target = doc
        if not isinstance(target, dict):
            continue
        keys = [*sorted(target), "glossary", "x", "type", "answer", "region", "choose"]
        key = draw(st.sampled_from(keys))
        if draw(st.booleans()):
            target[key] = draw(JSONISH)
        else:
            target.pop(key, None)
    return doc


def _yaml_bytes(doc: dict[str, Any]) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8")


XML_TAGS = [
    "quiz",
    "question",
    "name",
    "text",
    "questiontext",
    "answer",
    "feedback",
    "generalfeedback",
    "subquestion",
    "tolerance",
    "units",
    "unit",
    "tags",
    "tag",
    "category",
    "idnumber",
    "file",
    "single",
    "shuffleanswers",
    "defaultgrade",
    "penalty",
    "hidden",
]
XML_ATTRS = st.dictionaries(
    st.sampled_from(["type", "fraction", "format", "name", "encoding", "path", "id"]),
    st.sampled_from(
        [
            "multichoice",
            "truefalse",
            "matching",
            "numerical",
            "shortanswer",
            "essay",
            "category",
            "html",
            "markdown",
            "moodle_auto_format",
            "plain_text",
            "base64",
            "100",
            "-50",
            "33.333",
            "nan",
            "1e999",
            "",
            "x.png",
            "../../etc/passwd",
        ]
    )
    | st.text(max_size=8),
    max_size=3,
)


@st.composite
def xml_trees(draw: st.DrawFn, depth: int = 0) -> ET.Element:
    el = ET.Element(draw(st.sampled_from(XML_TAGS)), draw(XML_ATTRS))
    el.text = draw(
        st.none()
        | st.text(
            st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"), max_size=20
        )
        | st.sampled_from(
            ["true", "false", "1", "0", "3.5", "nan", "inf", "<p>x</p>", "aGVsbG8=", "**b**"]
        )
    )
    if depth < 4:
        for _ in range(draw(st.integers(0, 4 if depth < 2 else 2))):
            el.append(draw(xml_trees(depth + 1)))
    return el


@st.composite
def xml_quizzes(draw: st.DrawFn) -> bytes:
    quiz = ET.Element("quiz")
    for _ in range(draw(st.integers(0, 4))):
        q = ET.SubElement(quiz, "question", draw(XML_ATTRS))
        if draw(st.booleans()):
            q.set(
                "type", draw(st.sampled_from(["multichoice", "truefalse", "matching", "numerical"]))
            )
        for _ in range(draw(st.integers(0, 5))):
            q.append(draw(xml_trees(1)))
    data: bytes = ET.tostring(quiz, encoding="utf-8", xml_declaration=True)
    return data


COLUMNS = [
    "id",
    "type",
    "stem",
    "option_a",
    "option_b",
    "option_c",
    "option_d",
    "option_e",
    "rationale_a",
    "answer",
    "tolerance",
    "unit",
    "explanation",
    "task",
    "approach",
    "difficulty",
    "tags",
    "references",
    "prompt_1",
    "match_1",
    "x",
    "",
]
CELLS = st.sampled_from(
    [
        "",
        "a",
        "b",
        "a,c",
        "c;a",
        "single",
        "multiple",
        "numeric",
        "ordering",
        "matching",
        "hotspot",
        "0.8",
        "nan",
        "inf",
        "1e999",
        "-1",
        "PMP26.PRO.6",
        "agile",
        "predictive",
        "any",
        "0",
        "7",
        "x" * 300,
        '"',
        "\n",
        "=1+1",
    ]
) | st.text(max_size=10)


@st.composite
def tables(draw: st.DrawFn) -> bytes:
    header = draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=12))
    rows = draw(st.lists(st.lists(CELLS, max_size=len(header) + 2), max_size=6))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"])))
    writer.writerow(header)
    writer.writerows(rows)
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    return out.getvalue().encode(encoding, "replace")


LEAF = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**308, max_value=10**400)
    | st.floats()
    | st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 1e308])
    | st.sampled_from([5000, -5000]).map(lambda k: 10 ** abs(k) * (1 if k > 0 else -1))
    | st.text(max_size=8)
    | st.sampled_from(
        [
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "p1",
            "p2",
            "p3",
            "1",
            " 12,5 ",
            "nan",
            "inf",
            "1e999",
            "-0",
            "",
        ]
    )
    | st.binary(max_size=4)
)
RESPONSES = st.recursive(
    LEAF,
    lambda inner: (
        st.lists(inner, max_size=6)
        | st.tuples(inner, inner)
        | st.dictionaries(
            st.sampled_from(["p1", "p2", "p3", "a", "x"]) | st.text(max_size=3), inner, max_size=4
        )
        | st.frozensets(st.sampled_from(["a", "b", "c", "d"]), max_size=4)
        | st.dictionaries(st.integers(), inner, max_size=2)
    ),
    max_leaves=12,
)


# ------------------------------------------------------------------------------ (a) bank loader


@FUZZ
@given(YAML_TEXT)
def test_bank_loader_yamlish_text(folder: Path, text: str) -> None:
    check_bank_bytes(text.encode("utf-8", "surrogatepass"), folder)


@FUZZ
@given(mutated_bytes([p.read_bytes() for p in REAL_BANKS]))
def test_bank_loader_mutated_real_banks(folder: Path, data: bytes) -> None:
    check_bank_bytes(data, folder)


@FUZZ
@given(bank_documents())
def test_bank_loader_wrong_types(folder: Path, doc: dict[str, Any]) -> None:
    check_bank_bytes(_yaml_bytes(doc), folder)


# ------------------------------------------------------------------------------ (b) GIFT


@FUZZ
@given(GIFT_TEXT)
def test_gift_random_text(text: str) -> None:
    check_gift(text)


@FUZZ
@given(mutated(GIFT_SEEDS))
def test_gift_mutated_fixtures(text: str) -> None:
    check_gift(text)


# ------------------------------------------------------------------------------ (c) Moodle XML


@FUZZ
@given(mutated_bytes(XML_SEEDS))
def test_moodle_xml_mutated_fixtures(data: bytes) -> None:
    check_moodle(data)


@FUZZ
@given(xml_quizzes())
def test_moodle_xml_random_trees(data: bytes) -> None:
    check_moodle(data)


# ------------------------------------------------------------------------------ (d) CSV


@FUZZ
@given(st.binary(max_size=300))
def test_csv_random_bytes(data: bytes) -> None:
    check_table(data)


@FUZZ
@given(tables())
def test_csv_random_tables(data: bytes) -> None:
    check_table(data)


@FUZZ
@given(mutated_bytes(CSV_SEEDS))
def test_csv_mutated_fixtures(data: bytes) -> None:
    check_table(data)


# ------------------------------------------------------------------------------ (e) grading


def test_the_starter_bank_has_every_question_type() -> None:
    kinds = {type(q).__name__ for q in QUESTIONS.values()}
    assert kinds == {
        "SingleQuestion",
        "MultipleQuestion",
        "OrderingQuestion",
        "MatchingQuestion",
        "NumericQuestion",
        "HotspotQuestion",
    }


@FUZZ
@given(st.sampled_from(sorted(QUESTIONS)), RESPONSES)
def test_grade_arbitrary_responses(qid: str, response: Any) -> None:
    check_grade(qid, response)


@FUZZ
@given(st.sampled_from(sorted(QUESTIONS)), st.data())
def test_grade_near_miss_responses(qid: str, data: st.DataObject) -> None:
    """Responses shaped almost right: real ids mixed with junk, swapped, repeated or dropped."""
    q = QUESTIONS[qid]
    ids = [o.id for o in getattr(q, "options", [])] or ["a"]
    junk = st.sampled_from(ids) | LEAF
    if isinstance(q, m.MatchingQuestion):
        prompts = [p.id for p in q.prompts]
        response: Any = data.draw(
            st.dictionaries(st.sampled_from(prompts) | LEAF.filter(_hashable), junk, max_size=5)
        )
    elif isinstance(q, m.NumericQuestion):
        response = data.draw(LEAF | st.floats().map(str) | st.lists(LEAF, max_size=2))
    elif isinstance(q, m.HotspotQuestion):
        response = data.draw(
            st.lists(st.floats() | st.integers() | LEAF, min_size=0, max_size=3)
            | st.tuples(st.floats(), st.floats())
        )
    else:
        response = data.draw(st.lists(junk, max_size=len(ids) + 2) | junk | st.permutations(ids))
    check_grade(qid, response)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


# ------------------------------------------------------------------------------ the corpus


def _corpus(target: str) -> list[Path]:
    return sorted(p for p in (CORPUS / target).glob("*") if p.is_file() and p.name != "README")


def _decode_response(value: Any) -> Any:
    """JSON cannot hold tuples, bytes or sets: ``{"$tuple": [...]}`` and friends stand for them."""
    if isinstance(value, list):
        return [_decode_response(v) for v in value]
    if isinstance(value, dict):
        if set(value) == {"$tuple"}:
            return tuple(_decode_response(v) for v in value["$tuple"])
        if set(value) == {"$bytes"}:
            return bytes.fromhex(value["$bytes"])
        if set(value) == {"$frozenset"}:
            return frozenset(value["$frozenset"])
        if set(value) == {"$pow10"}:  # ints too long for JSON (and for repr)
            return 10 ** value["$pow10"]
        return {k: _decode_response(v) for k, v in value.items()}
    return value


REPLAY: dict[str, Callable[[Path, Path], None]] = {
    "bank_loader": lambda p, tmp: check_bank_bytes(p.read_bytes(), tmp),
    "gift": lambda p, tmp: check_gift(p.read_text(encoding="utf-8", errors="surrogateescape")),
    "moodle_xml": lambda p, tmp: check_moodle(p.read_bytes()),
    "csv": lambda p, tmp: check_table(p.read_bytes()),
    "grading": lambda p, tmp: check_grade(
        *(lambda case: (case["question"], _decode_response(case["response"])))(
            json.loads(p.read_text(encoding="utf-8"))
        )
    ),
}


@pytest.mark.parametrize(
    ("target", "path"),
    [(t, p) for t in REPLAY for p in _corpus(t)],
    ids=lambda v: v.name if isinstance(v, Path) else str(v),
)
def test_corpus_of_inputs_that_once_failed(target: str, path: Path, tmp_path: Path) -> None:
    REPLAY[target](path, tmp_path)
