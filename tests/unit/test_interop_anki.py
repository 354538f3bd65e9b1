"""Anki export: fields, GUIDs, decks and media, read back from the .apkg's SQLite collection."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from studyapp.banks import load_bank_file
from studyapp.banks import model as m
from studyapp.banks.glossary import Glossary
from studyapp.clock import fixed_clock
from studyapp.interop.anki import (
    GLOSSARY_DECK,
    GLOSSARY_MODEL_ID,
    QUESTION_MODEL_ID,
    AnkiExportError,
    deck_id,
    export_anki,
)

ROOT = Path(__file__).resolve().parents[2]
STARTER = ROOT / "question_banks" / "pmp" / "starter.yaml"
GLOSSARY = ROOT / "question_banks" / "glossary.yaml"
CLOCK = fixed_clock(dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC))
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="5" height="5"/></svg>'
)


def _opt(i: str, text: str = "", rationale: str = "") -> dict[str, Any]:
    return {"id": i, "text": text or f"Option {i}", "rationale": rationale or f"Because {i}."}


def _q(qid: str, qtype: str, task: str = "PMP26.PEO.1", **kw: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "id": qid,
        "type": qtype,
        "stem": f"Stem of {qid}?",
        "explanation": f"Explanation of {qid}.",
        "tasks": [task],
        "approach": "any",
        "difficulty": 2,
    }
    base.update(kw)
    return base


def _bank(questions: list[dict[str, Any]], bank_id: str = "t-bank") -> m.Bank:
    return m.Bank.model_validate(
        {
            "format_version": 1,
            "bank": {"id": bank_id, "title": "Test", "exam": "PMP", "outline": "PMP2026"},
            "questions": questions,
        }
    )


def _all_types() -> list[dict[str, Any]]:
    return [
        _q(
            "q-single",
            "single",
            stem="Pick **one** of:\n\n- first\n- second\n\n![chart](images/chart.svg)",
            options=[_opt("a"), _opt("b")],
            answer="b",
        ),
        _q(
            "q-multi",
            "multiple",
            task="PMP26.PRO.1",
            stem="Choose two.",
            choose=2,
            options=[_opt("a"), _opt("b"), _opt("c")],
            answer=["a", "c"],
        ),
        _q(
            "q-match",
            "matching",
            task="PMP26.BUS.1",
            prompts=[{"id": "p1", "text": "Prompt one"}, {"id": "p2", "text": "Prompt two"}],
            options=[_opt("x", "Ex"), _opt("y", "Why"), _opt("z", "Zed")],
            answer={"p1": "y", "p2": "x"},
        ),
        _q(
            "q-order",
            "ordering",
            options=[_opt("s1", "Step one"), _opt("s2", "Step two"), _opt("s3", "Step three")],
            answer=["s1", "s2", "s3"],
        ),
        _q(
            "q-num",
            "numeric",
            answer={"value": 12.5, "tolerance": 0.5, "unit": "days"},
        ),
        _q(
            "q-hot",
            "hotspot",
            image="images/chart.svg",
            image_size=[10, 10],
            options=[
                {
                    **_opt("a", "Left region"),
                    "region": {"shape": "circle", "cx": 2, "cy": 2, "r": 1},
                },
                {
                    **_opt("b", "Right region"),
                    "region": {"shape": "circle", "cx": 8, "cy": 8, "r": 1},
                },
            ],
            answer="a",
        ),
    ]


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "chart.svg").write_bytes(SVG)
    (tmp_path / "secret.svg").write_bytes(SVG)  # outside the bank folder
    return folder


def _read(apkg: Path) -> dict[str, Any]:
    with zipfile.ZipFile(apkg) as z:
        media_map = json.loads(z.read("media"))
        names = set(z.namelist())
        col = z.read("collection.anki2")
        media_bytes = {name: z.read(idx) for idx, name in media_map.items()}
    db = apkg.with_suffix(".sqlite")
    db.write_bytes(col)
    con = sqlite3.connect(db)
    try:
        notes = {}
        for guid, mid, flds, tags in con.execute("SELECT guid, mid, flds, tags FROM notes"):
            fields = flds.split("\x1f")
            notes[fields[0]] = {"guid": guid, "mid": mid, "fields": fields, "tags": tags.split()}
        decks = json.loads(con.execute("SELECT decks FROM col").fetchone()[0])
        cards = con.execute(
            "SELECT n.flds, c.did FROM cards c JOIN notes n ON n.id = c.nid"
        ).fetchall()
    finally:
        con.close()
    deck_names = {int(k): v["name"] for k, v in decks.items()}
    card_decks = {flds.split("\x1f")[0]: deck_names[did] for flds, did in cards}
    return {
        "notes": notes,
        "decks": deck_names,
        "card_decks": card_decks,
        "media": media_map,
        "media_bytes": media_bytes,
        "names": names,
    }


FIELD = {"Id": 0, "Stem": 1, "Options": 2, "Answer": 3, "Rationales": 4, "Explanation": 5}


def test_every_question_type_becomes_a_note_with_its_fields(bank_dir: Path, tmp_path: Path) -> None:
    bank = _bank(_all_types())
    out = tmp_path / "out.apkg"
    summary = export_anki([(bank, bank_dir / "t.yaml")], out, clock=CLOCK)
    assert summary.left_out == []
    assert summary.total_notes == 6
    got = _read(out)
    notes = got["notes"]
    assert set(notes) == {"q-single", "q-multi", "q-match", "q-order", "q-num", "q-hot"}
    assert all(n["mid"] == QUESTION_MODEL_ID for n in notes.values())
    single = notes["q-single"]["fields"]
    assert len(single) == 8
    assert "<strong>one</strong>" in single[FIELD["Stem"]]
    assert "<ul><li>first</li><li>second</li></ul>" in single[FIELD["Stem"]]
    assert "<b>A.</b> Option a" in single[FIELD["Options"]]
    assert "<b>B.</b> Option b" in single[FIELD["Options"]]
    assert "<b>B.</b> Option b" in single[FIELD["Answer"]]
    assert "Option a" not in single[FIELD["Answer"]]
    assert "Because a." in single[FIELD["Rationales"]]
    assert "Because b." in single[FIELD["Rationales"]]
    assert single[FIELD["Explanation"]] == "<p>Explanation of q-single.</p>"
    assert single[6].startswith("PMP26.PEO.1 ")  # task code with its name from the outline

    multi = notes["q-multi"]["fields"]
    assert "<b>A.</b>" in multi[FIELD["Answer"]]
    assert "<b>C.</b>" in multi[FIELD["Answer"]]
    assert "<b>B.</b>" not in multi[FIELD["Answer"]]

    match = notes["q-match"]["fields"]
    assert "<table" in match[FIELD["Options"]]
    assert "Prompt one" in match[FIELD["Options"]]
    assert "Zed" in match[FIELD["Options"]]
    answer = match[FIELD["Answer"]]
    assert "Prompt one</td><td>→ <b>B.</b> Why" in answer
    assert "Prompt two</td><td>→ <b>A.</b> Ex" in answer

    order = notes["q-order"]["fields"]
    front = order[FIELD["Options"]]
    positions = [front.index(s) for s in ("Step one", "Step two", "Step three")]
    assert positions != sorted(positions)  # shuffled on the front
    back = order[FIELD["Answer"]]
    assert back.index("Step one") < back.index("Step two") < back.index("Step three")

    num = notes["q-num"]["fields"]
    assert "12.5 ± 0.5 days" in num[FIELD["Answer"]]

    hot = notes["q-hot"]["fields"]
    assert "Left region" in hot[FIELD["Options"]]
    assert "Right region" in hot[FIELD["Options"]]
    assert "<b>A.</b> Left region" in hot[FIELD["Answer"]]
    (media_name,) = got["media"].values()
    assert f'<img src="{media_name}">' in hot[FIELD["Stem"]]
    assert f'src="{media_name}"' in single[FIELD["Stem"]]  # the same file, shipped once
    assert got["media_bytes"][media_name] == SVG
    assert summary.media == [media_name]
    assert "/" not in media_name
    assert "\\" not in media_name


def test_ordering_front_is_the_same_on_every_export(bank_dir: Path, tmp_path: Path) -> None:
    bank = _bank(_all_types())
    export_anki([(bank, bank_dir)], tmp_path / "a.apkg", clock=CLOCK)
    export_anki([(bank, bank_dir)], tmp_path / "b.apkg", clock=CLOCK)
    a = _read(tmp_path / "a.apkg")["notes"]["q-order"]["fields"][FIELD["Options"]]
    b = _read(tmp_path / "b.apkg")["notes"]["q-order"]["fields"][FIELD["Options"]]
    assert a == b


def test_guids_are_stable_and_survive_edits(bank_dir: Path, tmp_path: Path) -> None:
    questions = _all_types()
    export_anki([(_bank(questions), bank_dir)], tmp_path / "1.apkg", clock=CLOCK)
    export_anki([(_bank(questions), bank_dir)], tmp_path / "2.apkg", clock=CLOCK)
    questions[0]["stem"] = "A completely rewritten stem?"
    export_anki([(_bank(questions), bank_dir)], tmp_path / "3.apkg", clock=CLOCK)
    first, second, third = (_read(tmp_path / f"{n}.apkg")["notes"] for n in (1, 2, 3))
    guids = {k: v["guid"] for k, v in first.items()}
    assert guids == {k: v["guid"] for k, v in second.items()}
    assert guids == {k: v["guid"] for k, v in third.items()}
    assert third["q-single"]["fields"][FIELD["Stem"]] == "<p>A completely rewritten stem?</p>"
    assert len(set(guids.values())) == len(guids)


def test_decks_by_exam_and_domain_with_stable_ids(bank_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.apkg"
    summary = export_anki([(_bank(_all_types()), bank_dir)], out, clock=CLOCK)
    got = _read(out)
    assert got["card_decks"]["q-single"] == "StudyApp::PMP::People"
    assert got["card_decks"]["q-multi"] == "StudyApp::PMP::Process"
    assert got["card_decks"]["q-match"] == "StudyApp::PMP::Business Environment"
    assert summary.decks == {
        "StudyApp::PMP::People": 4,
        "StudyApp::PMP::Process": 1,
        "StudyApp::PMP::Business Environment": 1,
    }
    for did, name in got["decks"].items():
        if name != "Default":
            assert did == deck_id(name)
    assert deck_id("StudyApp::PMP::People") == deck_id("StudyApp::PMP::People")
    assert deck_id("StudyApp::PMP::People") != deck_id("StudyApp::PMP::Process")


def test_glossary_terms_get_their_own_note_type_and_deck(tmp_path: Path) -> None:
    glossary = Glossary.model_validate(
        {
            "format_version": 1,
            "glossary": {"id": "g", "title": "G"},
            "terms": [
                {
                    "id": "float",
                    "term": "Total float",
                    "definition": "How long an activity can *slip*.",
                    "example": "Six days <script>alert(1)</script>.",
                    "exams": ["PMP"],
                    "related": ["cp"],
                },
                {
                    "id": "cp",
                    "term": "Critical path",
                    "definition": "The longest path.",
                    "example": "Design, build, test.",
                    "exams": ["PMP", "CAPM"],
                },
            ],
        }
    )
    out = tmp_path / "g.apkg"
    summary = export_anki([], out, glossary=glossary, clock=CLOCK)
    assert summary.decks == {GLOSSARY_DECK: 2}
    got = _read(out)
    term = got["notes"]["Total float"]
    assert term["mid"] == GLOSSARY_MODEL_ID
    assert term["fields"][1] == "<p>How long an activity can <em>slip</em>.</p>"
    assert "<script>" not in term["fields"][2]
    assert "&lt;script&gt;" in term["fields"][2]
    assert term["fields"][3] == "Critical path"
    assert got["card_decks"]["Critical path"] == GLOSSARY_DECK
    again = tmp_path / "g2.apkg"
    export_anki([], again, glossary=glossary, clock=CLOCK)
    assert _read(again)["notes"]["Total float"]["guid"] == term["guid"]


def test_bank_html_never_reaches_a_card_unescaped(bank_dir: Path, tmp_path: Path) -> None:
    q = _q(
        "q-evil",
        "single",
        stem='<script>alert("x")</script> and <img src="http://evil.example/t.png"> '
        "and ![remote](http://evil.example/x.png)",
        options=[
            _opt("a", '<img src="http://evil.example/a.png" onerror="alert(1)">'),
            _opt("b", "fine", rationale="<b onclick='x()'>bold</b>"),
        ],
        answer="a",
        explanation="[click](javascript:alert(1)) <iframe src='x'></iframe>",
    )
    out = tmp_path / "evil.apkg"
    summary = export_anki([(_bank([q]), bank_dir)], out, clock=CLOCK)
    fields = _read(out)["notes"]["q-evil"]["fields"]
    joined = "\x1f".join(fields)
    assert "<script" not in joined
    assert "<img" not in joined
    assert "<iframe" not in joined
    assert "<b onclick" not in joined
    assert "javascript:" not in joined
    assert "http://evil.example/x.png" not in joined
    assert "&lt;script&gt;" in fields[FIELD["Stem"]]
    assert "&lt;img src=&quot;http://evil.example/t.png&quot;&gt;" in fields[FIELD["Stem"]]
    assert summary.media == []
    assert any("q-evil" in n and "image not included" in n for n in summary.notes)


def test_images_outside_the_bank_folder_are_not_included(bank_dir: Path, tmp_path: Path) -> None:
    questions = [
        _q(
            "q-outside",
            "single",
            stem="Look: ![secret](../secret.svg) and ![abs](/etc/passwd.svg)",
            options=[_opt("a"), _opt("b")],
            answer="a",
        ),
        _q(
            "q-hot-outside",
            "hotspot",
            image="../secret.svg",
            image_size=[10, 10],
            options=[
                {**_opt("a"), "region": {"shape": "circle", "cx": 2, "cy": 2, "r": 1}},
                {**_opt("b"), "region": {"shape": "circle", "cx": 8, "cy": 8, "r": 1}},
            ],
            answer="a",
        ),
        _q(
            "q-missing",
            "single",
            images=["images/nope.png"],
            options=[_opt("a"), _opt("b")],
            answer="b",
        ),
    ]
    out = tmp_path / "o.apkg"
    summary = export_anki([(_bank(questions), bank_dir)], out, clock=CLOCK)
    got = _read(out)
    assert got["media"] == {}
    assert summary.media == []
    assert set(got["notes"]) == {"q-outside", "q-missing"}
    stem = got["notes"]["q-outside"]["fields"][FIELD["Stem"]]
    assert "<img" not in stem
    assert "[image not included: secret]" in stem
    assert [(x.question_id, "outside the bank folder" in x.reason) for x in summary.left_out] == [
        ("q-hot-outside", True)
    ]
    assert any("q-missing" in n and "does not exist" in n for n in summary.notes)
    assert any("q-outside" in n and "outside the bank folder" in n for n in summary.notes)
    assert "[image not included: images/nope.png]" in got["notes"]["q-missing"]["fields"][1]


def test_oversized_image_is_not_included(bank_dir: Path, tmp_path: Path) -> None:
    (bank_dir / "images" / "huge.png").write_bytes(b"\x89PNG" + b"0" * (3 * 1024 * 1024))
    q = _q(
        "q-big", "single", images=["images/huge.png"], options=[_opt("a"), _opt("b")], answer="a"
    )
    summary = export_anki([(_bank([q]), bank_dir)], tmp_path / "b.apkg", clock=CLOCK)
    assert summary.media == []
    assert any("larger than" in n for n in summary.notes)


def test_duplicate_ids_across_banks_are_left_out_with_a_reason(
    bank_dir: Path, tmp_path: Path
) -> None:
    q = _q("q-dup", "single", options=[_opt("a"), _opt("b")], answer="a")
    summary = export_anki(
        [(_bank([q], "one"), bank_dir), (_bank([q], "two"), bank_dir)],
        tmp_path / "d.apkg",
        clock=CLOCK,
    )
    assert summary.total_notes == 1
    assert len(summary.left_out) == 1
    assert "q-dup" in str(summary.left_out[0])
    assert "already" in summary.left_out[0].reason or "exported" in summary.left_out[0].reason


def test_media_names_are_unique_for_same_basename(tmp_path: Path) -> None:
    for sub in ("a", "b"):
        (tmp_path / "bank" / sub).mkdir(parents=True)
        (tmp_path / "bank" / sub / "chart.svg").write_bytes(SVG.replace(b"5", sub.encode()))
    qs = [
        _q(
            f"q-{s}",
            "single",
            images=[f"{s}/chart.svg"],
            options=[_opt("a"), _opt("b")],
            answer="a",
        )
        for s in ("a", "b")
    ]
    out = tmp_path / "u.apkg"
    summary = export_anki([(_bank(qs), tmp_path / "bank")], out, clock=CLOCK)
    assert len(summary.media) == 2
    assert len(set(summary.media)) == 2
    got = _read(out)
    assert sorted(got["media"].values()) == summary.media
    a_src = got["notes"]["q-a"]["fields"][1]
    b_src = got["notes"]["q-b"]["fields"][1]
    assert a_src != b_src


def test_real_starter_bank_round_trips_into_anki(tmp_path: Path) -> None:
    loaded = load_bank_file(STARTER)
    assert loaded.bank is not None
    glossary = load_bank_file(GLOSSARY).glossary
    assert glossary is not None
    out = tmp_path / "starter.apkg"
    summary = export_anki([(loaded.bank, STARTER)], out, glossary=glossary, clock=CLOCK)
    got = _read(out)
    question_notes = [n for n in got["notes"].values() if n["mid"] == QUESTION_MODEL_ID]
    assert len(question_notes) == len(loaded.bank.questions)
    assert summary.left_out == []
    assert summary.decks[GLOSSARY_DECK] == len(glossary.terms)
    assert {"StudyApp::PMP::People", "StudyApp::PMP::Process"} <= set(summary.decks)
    assert "starter-pmp2026-control-chart.svg" in got["media"].values()
    hot = got["notes"]["pmp26-pro-004"]["fields"]
    assert '<img src="starter-pmp2026-control-chart.svg">' in hot[FIELD["Stem"]]
    # A case-set question shows its scenario above the stem.
    scenario_ids = [q.id for q in loaded.bank.questions if q.scenario]
    assert scenario_ids
    assert "Northbridge Mutual" in got["notes"][scenario_ids[0]]["fields"][FIELD["Stem"]]


def test_unwritable_output_gives_a_clear_error(bank_dir: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(AnkiExportError, match="cannot write the Anki package"):
        export_anki([(_bank(_all_types()), bank_dir)], blocker / "out.apkg", clock=CLOCK)
