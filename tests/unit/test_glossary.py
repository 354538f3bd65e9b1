from __future__ import annotations

from pathlib import Path

from studyapp.banks import load_bank_file, validate_paths
from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine

DATA = Path(__file__).parent.parent / "data"
GOOD = (DATA / "glossary.yaml").read_text(encoding="utf-8")


def test_a_good_glossary_validates(tmp_path: Path) -> None:
    loaded = load_bank_file(DATA / "glossary.yaml")
    assert loaded.ok and loaded.problems == []
    assert loaded.glossary is not None and len(loaded.glossary.terms) == 3
    assert loaded.bank is None


def test_glossary_problems_are_located(tmp_path: Path) -> None:
    bad = (
        GOOD.replace("related: [total-float]", "related: [total-flot]")
        .replace("term: Velocity", "term: critical PATH")
        .replace("tasks: [CAPM23.AGL.2]", "tasks: [CAPM23.AGL.9]")
        .replace(
            "definition: How long",
            "definition: " + "word " * 61 + "How long",
        )
        .replace("exams: [CAPM]", "exams: [PMI]")
    )
    path = tmp_path / "glossary.yaml"
    path.write_text(bad, encoding="utf-8")
    report = validate_paths([path])
    got = [(p.line, p.message) for p in report.all_problems()]
    assert (24, "exams: 'PMI' is not allowed; it should be 'PMP' or 'CAPM'") in got
    path.write_text(bad.replace("exams: [PMI]", "exams: [CAPM]"), encoding="utf-8")
    located = [(p.line, p.col, p.message) for p in load_bank_file(path).problems]
    assert (11, 15, "related term 'total-flot' is not defined") in located
    assert (15, 17, "definition has 73 words; keep it to 60") in located
    assert (21, 11, "term 'critical PATH' is defined twice") in located
    assert (25, 13, "unknown task code 'CAPM23.AGL.9'") in located


def test_flashcards_through_the_engine(tmp_path: Path, clock: ManualClock) -> None:
    folder = tmp_path / "banks"
    folder.mkdir()
    (folder / "glossary.yaml").write_text(GOOD, encoding="utf-8")
    with StudyEngine.open(tmp_path / "d", exam="PMP", banks=[folder], clock=clock) as engine:
        assert [t.id for t in engine.terms()] == ["critical-path", "total-float"]  # PMP only
        assert [t.id for t in engine.search_terms("slip project")] == ["total-float"]
        first = engine.next_flashcards(5)
        assert {t.id for t in first} == {"critical-path", "total-float"}
        due = engine.review_flashcard("critical-path", "good")
        assert due > clock()
        engine.review_flashcard("total-float", "again")
        assert engine.flashcards_due() == 0  # both scheduled for later
        clock.advance(30 * 86400)
        assert engine.flashcards_due() == 2
    with StudyEngine.open(tmp_path / "d", exam="PMP", banks=[folder], clock=clock) as again:
        assert again.flashcards_due() == 2  # persisted
        assert [t.id for t in again.next_flashcards(1)] in (["critical-path"], ["total-float"])
