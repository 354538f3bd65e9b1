"""GIFT import and export: every feature, malformed input, and YAML → GIFT → YAML round trips."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from studyapp.banks import model as m
from studyapp.banks.loader import load_bank_file
from studyapp.interop.common import TO_FILL, ImportOptions, write_bank
from studyapp.interop.gift import parse_gift, to_gift

DATA = Path(__file__).resolve().parents[1] / "data" / "interop" / "gift"
STARTER = Path(__file__).resolve().parents[2] / "question_banks" / "pmp" / "starter.yaml"


def _parse(name: str, options: ImportOptions | None = None) -> Any:
    path = DATA / name
    return parse_gift(path.read_text(encoding="utf-8"), path, options or ImportOptions())


def _q(qid: str, type_: str, stem: str, tag: str, task: str = TO_FILL, **kw: Any) -> Any:
    out: dict[str, Any] = {"id": qid, "type": type_, "stem": stem}
    for key in ("choose", "prompts", "options", "answer"):
        if key in kw:
            out[key] = kw[key]
    out["explanation"] = kw.get("explanation", TO_FILL)
    out.update(tasks=[task], approach="any", difficulty=2, tags=[tag])
    return out


def _opts(*items: tuple[str, str]) -> list[dict[str, str]]:
    return [
        {"id": "abcdefgh"[i], "text": t, "rationale": r or TO_FILL}
        for i, (t, r) in enumerate(items)
    ]


def _tf(true_rationale: str, false_rationale: str) -> list[dict[str, str]]:
    return [
        {"id": "true", "text": "True", "rationale": true_rationale},
        {"id": "false", "text": "False", "rationale": false_rationale},
    ]


RISK, STAKE = "top:Risk", "top:Stakeholders"
TASK = "PMP26.PRO.3"

EXPECTED = [
    _q(
        "colours-1",
        "single",
        r"What colour is an \{un-ripe\} tomato?",
        RISK,
        TASK,
        options=_opts(
            ("green", "Right: still ripening."), ("red", "That is a ripe one."), ("yellow", "")
        ),
        answer="a",
        explanation="Tomatoes turn red as they ripen.",
    ),
    _q(
        "features-2",
        "multiple",
        "What two risk responses\napply to threats?",
        RISK,
        TASK,
        choose=2,
        options=_opts(
            ("Avoid", "Removes the threat."),
            ("Mitigate", ""),
            ("Exploit", "Exploit is for opportunities."),
            ("Share", ""),
        ),
        answer=["a", "b"],
    ),
    _q(
        "tf",
        "single",
        "The *sun* rises in the east.[image: sun]",
        RISK,
        TASK,
        options=_tf("Yes: east.", "No, it does."),
        answer="true",
    ),
    _q(
        "features-4",
        "single",
        "Risk owners must be named.",
        RISK,
        TASK,
        options=_tf(TO_FILL, TO_FILL),
        answer="false",
    ),
    _q(
        "auto",
        "single",
        "Which is *agile*?",
        RISK,
        TASK,
        options=_opts(("Scrum", ""), ("Waterfall", "")),
        answer="a",
    ),
    _q(
        "match",
        "matching",
        "Match the **grid** quadrants.",
        STAKE,
        prompts=[
            {"id": "p1", "text": "High power, high interest"},
            {"id": "p2", "text": "High power, low interest"},
            {"id": "p3", "text": "Sponsor"},
        ],
        options=_opts(("Manage closely", ""), ("Keep satisfied", ""), ("Ignore", "")),
        answer={"p1": "a", "p2": "b", "p3": "a"},
    ),
    _q(
        "pi",
        "numeric",
        "What is pi to two places?",
        STAKE,
        answer={"value": 3.14, "tolerance": 0.005},
        explanation="About 3.14159.",
    ),
    _q(
        "range",
        "numeric",
        "Pick a number from one to five.",
        STAKE,
        answer={"value": 3.0, "tolerance": 2.0},
    ),
    _q(
        "several",
        "numeric",
        r"What is 2 \* 1.5?",
        STAKE,
        answer={"value": 3.0, "tolerance": 0.0},
        explanation="Exactly.",
    ),
    _q(
        "escapes",
        "single",
        "a=b, c~d, e\\#f, g:h, back\\\\slash\nnew line",
        STAKE,
        options=_opts(("yes", ""), ("no", "")),
        answer="a",
    ),
]


def test_every_feature_gives_the_exact_questions() -> None:
    result = _parse("features.gift", ImportOptions(category_tasks={"Risk": TASK}))
    assert [q["id"] for q in result.questions] == [q["id"] for q in EXPECTED]
    for got, want in zip(result.questions, EXPECTED, strict=True):
        assert got == want, got["id"]


def test_every_feature_summary_skips_and_notes_with_lines() -> None:
    result = _parse("features.gift")
    assert result.summary() == (
        "14 read, 10 imported, 4 skipped: 1 short answer, 1 essay, 1 description, 1 missing word"
    )
    assert [(s.line, s.reason.split(":")[0]) for s in result.skipped] == [
        (46, "short answer"),
        (48, "essay"),
        (50, "description"),
        (52, "missing word"),
    ]
    assert [(n.line, n.message) for n in result.notes] == [
        (14, "negative weights: partial credit/penalties are not kept"),
        (22, "image not kept (GIFT images point into Moodle's files)"),
        (41, "numerical: 1 other answer(s) (partial credit) not kept"),
    ]
    assert str(result.skipped[0]).startswith(f"{DATA / 'features.gift'}:46: skipped: short")


def test_category_maps_by_full_name_then_default_task() -> None:
    opts = ImportOptions(
        category_tasks={"$course$/top/Stakeholders": "PMP26.PEO.2"}, default_task="PMP26.BUS.1"
    )
    by_id = {q["id"]: q for q in _parse("features.gift", opts).questions}
    assert by_id["colours-1"]["tasks"] == ["PMP26.BUS.1"]
    assert by_id["match"]["tasks"] == ["PMP26.PEO.2"]


def test_malformed_inputs_are_skipped_with_lines_never_raised() -> None:
    result = _parse("malformed.gift")
    assert [(s.line, s.reason) for s in result.skipped] == [
        (1, "malformed answer block: '{' is not closed by '}'"),
        (3, "essay: no answers to mark"),
        (5, "bad weight: '%abc%' is not a number"),
        (7, "bad numeric answer: 'twelve'"),
        (9, "bad numeric answer: '5..1'"),
        (11, "no right answer: no answer has a positive weight"),
        (15, "malformed answer block: an answer is empty"),
        (17, "malformed answer block: an answer is empty"),
    ]
    assert [q["id"] for q in result.questions] == ["good"]
    assert result.summary().startswith("9 read, 1 imported, 8 skipped: 3 malformed answer block")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Q?{=a ~b}}", "malformed question"),
        ("Q?} {=a}", "malformed answer block"),
        ("Q?{=a {~b}", "malformed answer block"),
        ("::no end Q?{=a ~b}", "malformed title"),
        ("Q?{~%150%a ~b}", "bad weight"),
        ("Q?{#1:x}", "bad numeric answer"),
        ("Q?{#inf}", "bad numeric answer"),
        ("Q?{#=%50%3}", "numerical"),
        ("Q?{=a -> b}", "unsupported matching"),
        ("Q?{=a -> b =c}", "malformed matching pair"),
        ("Q?{=a =b ~c}", "malformed answer block"),
        ("Q?{~%50%a ~%50%b}", "unsupported choice"),
        ("Q?{" + " ".join(f"~x{i}" for i in range(11)) + " =y}", "too many answers"),
        ("{=a ~b}", "malformed question"),
        ("Q?{a b}", "malformed answer block"),
    ],
)
def test_malformed_question_gives_a_reason(text: str, reason: str) -> None:
    result = parse_gift("// head\n\n" + text + "\n", Path("bad.gift"), ImportOptions())
    assert result.questions == []
    assert len(result.skipped) == 1
    assert result.skipped[0].line == 3
    assert result.skipped[0].reason.startswith(reason + ":"), result.skipped[0].reason


def test_garbage_never_raises() -> None:
    junk = ["", "\ufeff", "{", "}", "::", "$CATEGORY:", "~~~", "{#..}", "{T#", "\\", "->{=->}"]
    for text in [*junk, "\n".join(junk), "\n\n".join(junk)]:
        result = parse_gift(text, Path("j.gift"), ImportOptions())
        assert result.read == len(result.questions) + len(result.skipped)


def test_category_in_same_block_and_partial_credit_note() -> None:
    text = "$CATEGORY: Risk\nQ?{=a ~%50%b ~c}\n"
    result = parse_gift(text, Path("c.gift"), ImportOptions(category_tasks={"Risk": TASK}))
    (q,) = result.questions
    assert q["type"] == "single" and q["answer"] == "a" and q["tasks"] == [TASK]
    assert [(n.line, n.message) for n in result.notes] == [
        (2, "partial credit is not kept: right answers score alike")
    ]


def test_html_is_made_safe() -> None:
    text = '[html]<p onclick="x()">Hi<script>alert(1)</script></p>{=<i>yes</i> ~no}'
    (q,) = parse_gift(text, Path("h.gift"), ImportOptions()).questions
    assert q["stem"] == "Hi"
    assert q["options"][0]["text"] == "*yes*"


# ---------------------------------------------------------------------------- export


def _starter() -> m.Bank:
    loaded = load_bank_file(STARTER)
    assert loaded.bank is not None
    return loaded.bank


def test_export_lists_what_gift_cannot_hold() -> None:
    bank = _starter()
    text, lost = to_gift(bank)
    not_exported = {qid for qid, why in lost if "not exported" in why and "image" not in why}
    assert not_exported == {q.id for q in bank.questions if q.type in ("hotspot", "ordering")}
    for qid in not_exported:
        assert f"::{qid}::" not in text
    assert any("unit 'USD' not kept" in why for _, why in lost)
    assert "$CATEGORY: starter-pmp2026/PMP26.PEO.1" in text


def _compare(orig: m.Question, got: dict[str, Any], scenario: m.Scenario | None) -> None:
    assert got["type"] == orig.type
    if scenario:
        assert got["stem"].startswith(f"**{scenario.title}**") and got["stem"].endswith(
            orig.stem.strip()
        )
    else:
        assert got["stem"] == orig.stem.strip()
    assert got["explanation"] == orig.explanation.strip()
    assert got["tasks"] == orig.tasks[:1]
    if isinstance(orig, m.NumericQuestion):
        assert got["answer"] == {"value": orig.answer.value, "tolerance": orig.answer.tolerance}
        return
    if isinstance(orig, m.MatchingQuestion):
        texts = {o.id: o.text for o in orig.options}
        got_texts = {o["id"]: o["text"] for o in got["options"]}
        assert sorted(got_texts.values()) == sorted(texts.values())
        assert [p["text"] for p in got["prompts"]] == [p.text for p in orig.prompts]
        want = {p.text: texts[orig.answer[p.id]] for p in orig.prompts}
        have = {p["text"]: got_texts[got["answer"][p["id"]]] for p in got["prompts"]}
        assert have == want
        return
    assert isinstance(orig, (m.SingleQuestion, m.MultipleQuestion))
    assert [(o["text"], o["rationale"]) for o in got["options"]] == [
        (o.text.strip(), o.rationale.strip()) for o in orig.options
    ]
    pos = {o.id: g["id"] for o, g in zip(orig.options, got["options"], strict=True)}
    if isinstance(orig, m.MultipleQuestion):
        assert got["choose"] == orig.choose
        assert sorted(got["answer"]) == sorted(pos[a] for a in orig.answer)
    else:
        assert got["answer"] == pos[orig.answer]


def test_round_trip_starter_bank(tmp_path: Path) -> None:
    bank = _starter()
    text, _lost = to_gift(bank)
    result = parse_gift(text, tmp_path / "starter.gift", ImportOptions())
    exported = [q for q in bank.questions if q.type not in ("hotspot", "ordering")]
    assert result.summary() == f"{len(exported)} read, {len(exported)} imported, 0 skipped"
    assert {n.message for n in result.notes} <= {
        "negative weights: partial credit/penalties are not kept"
    }
    scenarios = {s.id: s for s in bank.scenarios}
    got = {q["id"]: q for q in result.questions}
    assert set(got) == {q.id for q in exported}
    types = set()
    for q in exported:
        _compare(q, got[q.id], scenarios.get(q.scenario or ""))
        types.add(q.type)
    assert types == {"single", "multiple", "matching", "numeric"}
    # The imported bank validates.
    out = tmp_path / "imported.yaml"
    write_bank(result, ImportOptions(bank_id="imported-gift"), out)
    loaded = load_bank_file(out)
    assert loaded.bank is not None, [str(p) for p in loaded.problems]
    assert len(loaded.bank.questions) == len(exported)


def _small_bank() -> m.Bank:
    tricky = "Use {braces}, ~tilde, =equals, #hash, a: colon, back\\slash and\n\nparagraphs."
    base: dict[str, Any] = {
        "explanation": "Because:\n\n- one\n- two {x}",
        "tasks": ["PMP26.PEO.1"],
        "approach": "agile",
        "difficulty": 2,
    }
    return m.Bank.model_validate(
        {
            "format_version": 1,
            "bank": {"id": "tiny", "title": "Tiny", "exam": "PMP", "outline": "PMP2026"},
            "questions": [
                {
                    **base,
                    "id": "s1",
                    "type": "single",
                    "stem": tricky,
                    "options": [
                        {"id": "a", "text": "50% ~ right", "rationale": "Yes #1."},
                        {"id": "b", "text": "x = y", "rationale": "No {never}."},
                    ],
                    "answer": "a",
                },
                {
                    **base,
                    "id": "m1",
                    "type": "multiple",
                    "choose": 3,
                    "stem": "Pick three.",
                    "options": [
                        {"id": k, "text": f"opt {k}", "rationale": f"why {k}"} for k in "abcde"
                    ],
                    "answer": ["a", "c", "e"],
                },
                {
                    **base,
                    "id": "n1",
                    "type": "numeric",
                    "stem": "How much?",
                    "answer": {"value": -2.5, "tolerance": 0.25},
                },
            ],
        }
    )


def test_export_escapes_weights_and_round_trips_exactly() -> None:
    bank = _small_bank()
    text, lost = to_gift(bank)
    assert lost == []
    assert "\\{braces\\}, \\~tilde, \\=equals, \\#hash, a\\: colon, back\\\\slash" in text
    assert "\\n\\nparagraphs." in text
    # three right answers share 100 %; each of the two wrong ones takes one share back
    assert text.count("~%33.33333%") == 3 and text.count("~%-33.33333%") == 2
    assert "{\n\t#-2.5:0.25\n" in text
    result = parse_gift(text, Path("tiny.gift"), ImportOptions())
    assert result.skipped == []
    for orig in bank.questions:
        (got,) = [q for q in result.questions if q["id"] == orig.id]
        _compare(orig, got, None)
