"""Clock and locale (issue 9, item 7): DST, a clock set back, a time-zone change, non-ASCII text.

Time comes only from ManualClock and the engine's ``timezone`` argument: nothing here reads the
wall clock.
"""

from __future__ import annotations

import datetime as dt
import html
import itertools
import sqlite3
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import yaml
from sqlalchemy import select

from studyapp.banks import model as m
from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.interop import import_file
from studyapp.interop.common import ImportOptions
from studyapp.interop.export import export_banks
from studyapp.interop.history import history_csv
from studyapp.outlines import current_outline
from studyapp.scheduler import memory
from studyapp.sim.bank import write_synthetic_bank
from studyapp.storage.models import AnswerRow, QuestionRow
from studyapp.storage.repo import answer_count, answers_for, question_hash

BERLIN = ZoneInfo("Europe/Berlin")
TOKYO = ZoneInfo("Asia/Tokyo")


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_synthetic_bank(tmp_path / "banks" / "sim.yaml", current_outline("PMP"), 3, seed=11)


def _open(data: Path, bank: Path, clock: ManualClock, tz: dt.tzinfo) -> StudyEngine:
    return StudyEngine.open(data, exam="PMP", banks=[bank], clock=clock, timezone=tz)


def _answer_some(
    engine: StudyEngine, clock: ManualClock, n: int, step_s: float
) -> list[dt.datetime]:
    """Answer ``n`` questions (right and wrong alternately) ``step_s`` apart; returns the times."""
    times: list[dt.datetime] = []
    while len(times) < n:
        picks = engine.next_session(min(10, n - len(times)), beyond_goal=True)
        assert picks, "the scheduler offered nothing"
        for i, pick in enumerate(picks):
            clock.advance(step_s)
            q = pick.question
            right = q.correct_response()
            if isinstance(right, list):
                wrong: Any = [o.id for o in q.options if o.id not in right][: len(right)]
            else:
                wrong = next((o.id for o in q.options if o.id != right), right)
            engine.record_answer(q.id, right if i % 2 == 0 else wrong, duration_s=25.0)
            times.append(clock())
    return times


def _check_history(engine: StudyEngine, times: list[dt.datetime], tz: dt.tzinfo) -> None:
    """Per-day counts match the answers' local dates; days are unique, consecutive, ≥ 0."""
    expected = Counter(t.astimezone(tz).date() for t in times)
    history = engine.daily_history(60)
    days = [d for d, _ in history]
    assert days == sorted(set(days)) and len(days) == 60
    assert all(b - a == dt.timedelta(days=1) for a, b in itertools.pairwise(days))
    assert days[-1] == engine.today()
    assert all(n >= 0 for _, n in history)
    in_window = {d: n for d, n in history if n}
    assert in_window == {d: n for d, n in expected.items() if d in set(days)}
    assert engine.answered_today() == expected.get(engine.today(), 0)


def _stored_times(engine: StudyEngine) -> list[dt.datetime]:
    return [a.answered_at for a in answers_for(engine.db)]


def _utc(at: dt.datetime) -> dt.datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "start",
    [
        dt.datetime(2026, 10, 24, 20, 0, tzinfo=dt.UTC),  # Berlin: 03:00 CEST → 02:00 CET
        dt.datetime(2026, 3, 28, 22, 0, tzinfo=dt.UTC),  # Berlin: 02:00 CET → 03:00 CEST
    ],
    ids=["autumn-back", "spring-forward"],
)
def test_answers_across_a_dst_transition(tmp_path: Path, bank: Path, start: dt.datetime) -> None:
    clock = ManualClock(start)
    data = tmp_path / "data"
    with _open(data, bank, clock, BERLIN) as engine:
        engine.set_exam_date(dt.date(2027, 2, 15))
        # One answer every 10 minutes for 8 hours: midnight, the doubled/skipped hour, morning.
        times = _answer_some(engine, clock, 48, 600)
        assert answer_count(engine.db) == 48
        assert sorted(_utc(t) for t in _stored_times(engine)) == times
        _check_history(engine, times, BERLIN)
        # The local day changes once (at local midnight), whatever the DST shift does.
        local_days = Counter(t.astimezone(BERLIN).date() for t in times)
        assert len(local_days) == 2 and sum(local_days.values()) == 48
        assert engine.next_session(10, beyond_goal=True)
        assert all(c.due.tzinfo is not None for c in engine._cards.values())
        engine.readiness()
        engine.plan()
    with _open(data, bank, clock, BERLIN) as reopened:
        assert answer_count(reopened.db) == 48
        _check_history(reopened, times, BERLIN)


def test_clock_set_back_a_day_keeps_every_answer(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    data = tmp_path / "data"
    with _open(data, bank, clock, BERLIN) as engine:
        engine.set_exam_date(dt.date(2027, 2, 15))
        before = _answer_some(engine, clock, 12, 120)
        today = engine.today()
        clock.now = clock.now - dt.timedelta(days=1)  # someone sets the computer's clock back
        assert engine.today() == today - dt.timedelta(days=1)
        assert engine.answered_today() == 0  # yesterday had none: not negative, not doubled
        # Re-answering questions whose FSRS reviews are "in the future" must not crash.
        again = [q for q in engine.questions() if q.id in engine._cards][:5]
        for q in again:
            clock.advance(60)
            engine.record_answer(q.id, q.correct_response(), duration_s=20.0)
        _answer_some(engine, clock, 8, 60)
        assert answer_count(engine.db) == 12 + 5 + 8
        assert engine.answered_today() == 5 + 8
        assert engine.next_session(10, beyond_goal=True)
        for c in engine._cards.values():  # due dates stay real, aware datetimes
            assert c.due.tzinfo is not None
            assert 0.0 <= memory.retrievability(c, clock.now) <= 1.0
        engine.readiness()
        engine.plan()
        # The clock is put right again: every answer is where it belongs.
        clock.now = before[-1] + dt.timedelta(minutes=5)
        assert engine.answered_today() == 12
        history = dict(engine.daily_history(7))
        assert history[today] == 12 and history[today - dt.timedelta(days=1)] == 13
        assert sum(history.values()) == 25 and min(history.values()) >= 0
        stored = len(answers_for(engine.db))
    with _open(data, bank, clock, BERLIN) as reopened:
        assert answer_count(reopened.db) == stored == 25
        assert reopened.answered_today() == 12
        assert sum(n for _, n in reopened.daily_history(7)) == 25
        assert reopened.next_session(5, beyond_goal=True)


def test_mock_exam_clock_set_back_does_not_add_time(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    with _open(tmp_path / "data", bank, clock, BERLIN) as engine:
        mock = engine.start_mock("mini", 10)
        full = mock.time_left_s()
        clock.advance(600)
        mock.answer(0, mock.question(0).correct_response())
        left = mock.time_left_s()
        assert left == pytest.approx(full - 600)
        clock.now = clock.now - dt.timedelta(days=1)
        assert 0 <= mock.time_left_s() <= left
        mock.answer(1, mock.question(1).correct_response())
        assert mock.state.items[1].response is not None
        result = mock.finish()
        assert result is not None
        assert answer_count(engine.db) == 2


def test_time_zone_change_between_opens_keeps_history(tmp_path: Path, bank: Path) -> None:
    clock = ManualClock(dt.datetime(2026, 11, 26, 19, 0, tzinfo=dt.UTC))
    data = tmp_path / "data"
    with _open(data, bank, clock, dt.UTC) as engine:
        engine.set_exam_date(dt.date(2027, 2, 15))
        times = _answer_some(engine, clock, 30, 420)  # 19:07 … 22:30 UTC (04:07 … 07:30 Tokyo)
        cards = {qid: memory.card_to_dict(c) for qid, c in engine._cards.items()}
        assert engine.answered_today() == 30
        _check_history(engine, times, dt.UTC)
    clock.advance(3600)  # 23:30 UTC = 08:30 on the 27th in Tokyo
    with _open(data, bank, clock, TOKYO) as tokyo:
        assert answer_count(tokyo.db) == 30
        assert tokyo.today() == dt.date(2026, 11, 27)
        _check_history(tokyo, times, TOKYO)
        assert {qid: memory.card_to_dict(c) for qid, c in tokyo._cards.items()} == cards
        more = _answer_some(tokyo, clock, 5, 60)
        assert tokyo.answered_today() == sum(
            1 for t in [*times, *more] if t.astimezone(TOKYO).date() == tokyo.today()
        )
    with _open(data, bank, clock, dt.UTC) as back:
        assert answer_count(back.db) == 35
        _check_history(back, [*times, *more], dt.UTC)


# ---------------------------------------------------------------------------- non-ASCII text

TEXTS = {
    "accents": "Café, naïve façade, Ærøskøbing, São Paulo, Łódź, Ğüşİıçö",
    "cjk": "项目经理如何处理范围蔓延？プロジェクト憲章を作成する。리스크 관리",
    "arabic": "ما هي الخطوة التالية لمدير المشروع؟ «سجل المخاطر»",
    "hebrew": "מה על מנהל הפרויקט לעשות? ניהול בעלי עניין",
    "emoji": "Ship it 🚀, team 👩🏽‍💻👨‍👩‍👧, ✅ done",
    "mixed": "Ελληνικά, кириллица, देवनागरी, ไทย — “quotes” ‘single’ … ½ € ™",
}


def _unicode_bank(path: Path) -> Path:
    questions: list[dict[str, Any]] = []
    for i, (key, text) in enumerate(TEXTS.items()):
        questions.append(
            {
                "id": f"u-{key}",
                "type": "single",
                "stem": f"{text} ({i})",
                "options": [
                    {
                        "id": o,
                        "text": f"{text[:12].strip()} {o}-{j}",
                        "rationale": f"{o}: {text[-10:]}",
                    }
                    for j, o in enumerate("abcd")
                ],
                "answer": "b",
                "explanation": f"Explanation — {text}",
                "tasks": [f"PMP26.PEO.{i + 1}"],
                "approach": "any",
                "difficulty": 2,
            }
        )
    questions.append(
        {
            "id": "u-multi",
            "type": "multiple",
            "stem": f"{TEXTS['cjk']} / {TEXTS['hebrew']}",
            "options": [
                {"id": o, "text": f"{t} {o}", "rationale": f"Warum? {t}"}
                for o, t in zip("abcd", ("日本語", "עברית", "العربية", "Ñandú"), strict=True)
            ],
            "answer": ["a", "c"],
            "choose": 2,
            "explanation": TEXTS["emoji"],
            "tasks": ["PMP26.PRO.1"],
            "approach": "any",
            "difficulty": 3,
        }
    )
    data = {
        "format_version": 1,
        "bank": {
            "id": "unicode-bank",
            "title": "Ünïcödé 银行 بنك",
            "exam": "PMP",
            "outline": "PMP2026",
        },
        "questions": questions,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_non_ascii_survives_study_the_database_and_every_export(
    tmp_path: Path, clock: ManualClock
) -> None:
    path = _unicode_bank(tmp_path / "banks" / "unicode.yaml")
    data = tmp_path / "data"
    with StudyEngine.open(data, banks=[path], clock=clock, timezone=TOKYO) as engine:
        assert not [p for p in engine.bank_problems if p.is_error], engine.bank_problems
        views = {q.id: q for q in engine.questions()}
        assert len(views) == len(TEXTS) + 1
        for i, (key, text) in enumerate(TEXTS.items()):
            assert views[f"u-{key}"].stem == f"{text} ({i})"
            assert views[f"u-{key}"].options[0].text == f"{text[:12].strip()} a-0"
        for q in views.values():
            clock.advance(30)
            result = engine.record_answer(q.id, q.correct_response(), duration_s=12.0)
            assert result.correct and result.explanation == q.model.explanation
        hashes = {q.id: question_hash(q.model) for q in views.values()}
        bank_model = views["u-cjk"].model
        assert isinstance(bank_model, m.SingleQuestion)
        export = history_csv(engine)
        assert all(f"u-{key}" in export for key in TEXTS)
    clock.advance(86400)
    with StudyEngine.open(data, banks=[path], clock=clock, timezone=TOKYO) as reopened:
        assert answer_count(reopened.db) == len(TEXTS) + 1
        with reopened.db.transaction() as s:
            rows = {
                r.id: (r.content_hash, r.first_seen, r.updated_at)
                for r in s.scalars(select(QuestionRow).where(QuestionRow.bank_id == "unicode-bank"))
            }
            answered = {a.question_id: a.content_hash for a in s.scalars(select(AnswerRow))}
        # Same content hash on a later run: the text read back is byte-for-byte the same, so the
        # history stays attached and nothing is marked edited.
        assert {qid: h for qid, (h, _, _) in rows.items()} == hashes == answered
        assert all(first == updated for _, first, updated in rows.values())
        assert reopened.question("u-arabic").stem == f"{TEXTS['arabic']} (2)"

    from studyapp.banks import load_bank_file

    loaded = load_bank_file(path)
    assert loaded.bank is not None
    original = {b.id: b for b in loaded.bank.questions}
    options = ImportOptions(default_task="PMP26.PEO.1")
    for fmt, ending in (("gift", ".gift"), ("xml", ".xml"), ("csv", ".csv")):
        out = tmp_path / "out" / f"bank{ending}"
        export_banks([(loaded.bank, path)], fmt, out)
        imported = import_file(out, options)
        got = {q["id"]: q for q in imported.questions}
        assert set(got) == set(original), (fmt, imported.summary(), imported.skipped)
        for qid, oq in original.items():
            assert got[qid]["stem"] == oq.stem, (fmt, qid)
            assert got[qid]["explanation"] == oq.explanation, (fmt, qid)
            assert isinstance(oq, (m.SingleQuestion, m.MultipleQuestion))
            assert [o["text"] for o in got[qid]["options"]] == [o.text for o in oq.options], fmt
            assert [o["rationale"] for o in got[qid]["options"]] == [
                o.rationale for o in oq.options
            ], fmt
    # Anki: every text is in the notes of the collection inside the .apkg.
    apkg = tmp_path / "out" / "bank.apkg"
    export_banks([(loaded.bank, path)], "anki", apkg)
    with zipfile.ZipFile(apkg) as z:
        (tmp_path / "col.sqlite").write_bytes(z.read("collection.anki2"))
    con = sqlite3.connect(tmp_path / "col.sqlite")
    try:
        fields = html.unescape("\n".join(f for (f,) in con.execute("SELECT flds FROM notes")))
    finally:
        con.close()
    page = tmp_path / "out" / "bank.html"
    export_banks([(loaded.bank, path)], "html", page)
    printable = html.unescape(page.read_text(encoding="utf-8"))
    for qid, oq in original.items():
        assert isinstance(oq, (m.SingleQuestion, m.MultipleQuestion))
        for text in (oq.stem, *(o.text for o in oq.options)):
            assert text in fields, ("anki", qid, text)
            assert text in printable, ("html", qid, text)
