"""Mock-exam reports: the CSV for spreadsheets and the printable HTML (the PDF's source)."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import os
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from studyapp.banks import model as m
from studyapp.clock import ManualClock
from studyapp.engine import MockSession, QuestionView, StudyEngine
from studyapp.exam.report import (
    CSV_COLUMNS,
    correct_text,
    format_duration,
    response_text,
    result_csv,
    result_html,
    write_atomic,
)
from studyapp.outlines import current_outline
from studyapp.sim.bank import synthetic_bank

SCRIPT = "<script>alert('stem')</script>"
ALLOWED_TAGS = {
    *("html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "b", "br"),
    *("span", "div", "table", "thead", "tr", "th", "td", "ul", "li", "hr", "code"),
}


class _Tags(HTMLParser):
    """Every tag and attribute name in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.names.add(tag)
        self.attributes.update(name for name, _ in attrs)


def _engine(tmp_path: Path, clock: ManualClock) -> StudyEngine:
    """A synthetic PMP bank whose stems, options and explanations carry markup to escape."""
    data = synthetic_bank(current_outline("PMP"), 4, seed=3)
    questions = data["questions"]
    assert isinstance(questions, list)
    for q in questions:
        q["stem"] = f"{q['stem']} {SCRIPT} **Which** option & why?"
        q["explanation"] = "Because <img src=x onerror=alert(1)> is not markup here."
        q["options"][0]["text"] += " <b>bold</b>"
    path = tmp_path / "b" / "pmp.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return StudyEngine.open(tmp_path / "d", exam="PMP", banks=[path], clock=clock, timezone=dt.UTC)


def _finished_mock(engine: StudyEngine, clock: ManualClock, n: int = 12) -> MockSession:
    mock = engine.start_mock(kind="mini", questions=n)
    for i in range(n):
        q = mock.question(i)
        if i % 4 == 0 and q.type == "single":
            mock.answer(i, next(o.id for o in q.options if o.id != q.correct_response()))
        elif i % 4 != 3:
            mock.answer(i, q.correct_response())
        clock.advance(50 + i)
    mock.flag(1)
    mock.finish()
    return mock


def _parts(
    mock: MockSession,
) -> tuple[dict[str, QuestionView], list[object]]:
    n = len(mock)
    questions = {mock.item(i).question_id: mock.question(i) for i in range(n)}
    return questions, [mock.item(i).response for i in range(n)]


def test_csv_has_one_row_per_question_then_a_summary(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = _finished_mock(engine, clock)
        result = mock.result()
        questions, _ = _parts(mock)
        text = result_csv(result, questions, engine.outline)

    rows = list(csv.reader(io.StringIO(text)))
    assert tuple(rows[0]) == CSV_COLUMNS
    blank = rows.index([])
    body = rows[1:blank]
    assert len(body) == len(result.items) == 12
    assert [r[1] for r in body] == [item.question_id for item in result.items]
    assert [int(r[0]) for r in body] == list(range(1, 13))
    assert sum(int(r[6]) for r in body) == result.correct
    assert sum(int(r[5]) for r in body) == result.answered
    assert sum(float(r[8]) for r in body) == pytest.approx(result.time_used_s, abs=1)

    summary = rows[blank + 1 :]
    assert summary[0][0] == "summary"
    domains = [r for r in summary if r[0] == "domain"]
    assert [(r[1], r[7]) for r in domains] == [(d.code, d.rating) for d in result.domains]
    overall = next(r for r in summary if r[0] == "overall")
    assert overall[7] in ("Estimated pass", "Estimated fail")
    assert next(r for r in summary if r[0] == "note")[1] == result.note


def test_html_escapes_bank_text_and_says_the_result_is_an_estimate(
    tmp_path: Path, clock: ManualClock
) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = _finished_mock(engine, clock)
        result = mock.result()
        questions, responses = _parts(mock)
        page = result_html(result, questions, engine.outline, "Mock <results>", responses=responses)

    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<b>bold" not in lowered
    assert html.escape(SCRIPT) in page
    assert "&lt;b&gt;bold&lt;/b&gt;" in page
    assert "<b>Which</b>" in page  # the little Markdown kept is rebuilt after escaping
    assert "Mock &lt;results&gt;" in page
    tags = _Tags()
    tags.feed(page)
    assert tags.names <= ALLOWED_TAGS, tags.names - ALLOWED_TAGS
    assert not {"src", "href"} & tags.attributes
    assert not any(a.startswith("on") for a in tags.attributes)
    assert "@import" not in lowered and "url(" not in lowered
    # The verdict and the ratings are labelled as estimates, with the thresholds used.
    assert ("Estimated pass" if result.estimated_pass else "Estimated fail") in page
    assert "an estimate" in lowered and html.escape(result.note) in page
    assert f"Above Target from {result.thresholds['above_target']:.0f} %" in page
    for d in result.domains:
        assert d.rating in page
    # Every question is reviewed with the learner's answer and the correct one.
    assert page.count("<b>Your answer:</b>") == len(result.items)
    assert page.count("<b>Correct answer:</b>") == len(result.items)
    assert "Not answered" in page
    assert f"{result.exam_pace_s:.0f} s" in page


def test_html_without_responses_still_reports_every_question(
    tmp_path: Path, clock: ManualClock
) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = _finished_mock(engine, clock, n=6)
        questions, _ = _parts(mock)
        page = result_html(mock.result(), questions, engine.outline, "Mock")
    assert page.count("<b>Your answer:</b>") == 6
    assert "response is not in this report" in page


def test_answers_in_words_for_every_question_type(engine: StudyEngine) -> None:
    seen = set()
    for q in engine.questions():
        seen.add(q.type)
        right = response_text(q.model, q.correct_response())
        if isinstance(q.model, m.NumericQuestion):
            assert correct_text(q.model).startswith(right)
        else:
            assert right == correct_text(q.model), q.id
        assert response_text(q.model, None) == "Not answered"
    assert seen == set(m.QUESTION_TYPES)


def test_durations_read_naturally() -> None:
    assert format_duration(42.4) == "42 s"
    assert format_duration(725) == "12 min 05 s"
    assert format_duration(2400) == "40 min"
    assert format_duration(3720) == "1 h 02 min"


def test_files_are_replaced_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.csv"
    write_atomic(target, b"old")
    write_atomic(target, b"new contents")
    assert target.read_bytes() == b"new contents"
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]
    with pytest.raises(FileNotFoundError):
        write_atomic(tmp_path / "missing" / "x.csv", b"data")

    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"half")
    assert target.read_bytes() == b"new contents"  # the old file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["report.csv"]  # no temporary file left
