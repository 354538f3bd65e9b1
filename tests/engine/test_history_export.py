"""A learner's history as CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.interop.history import COLUMNS, history_csv


def test_every_answer_is_a_row_with_its_task_domain_and_sitting(
    engine: StudyEngine, clock: ManualClock
) -> None:
    picks = engine.next_session(3)
    given = []
    for i, pick in enumerate(picks):
        q = pick.question
        right = q.correct_response()
        response = right
        if i == 1 and q.type == "single":
            response = next(o.id for o in q.options if o.id != right)
        result = engine.record_answer(q.id, response, 30 + i, confidence=3 if i == 2 else None)
        given.append((q, result.correct))
        clock.advance(90)
    rows = list(csv.DictReader(io.StringIO(history_csv(engine, tz=dt.UTC))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["question_id"] for r in rows] == [q.id for q, _ in given]
    for row, (q, correct) in zip(rows, given, strict=True):
        assert row["task"] == q.tasks[0] and row["domain"] == q.domain
        assert row["bank"] == q.bank_id and row["type"] == q.type
        assert row["correct"] == ("yes" if correct else "no")
        assert row["sitting"] == "study"
    assert rows[0]["answered_at"] == "2026-11-26T09:00:00+00:00"
    assert (
        rows[1]["seconds"] == "31" and rows[2]["confidence"] == "3" and rows[0]["confidence"] == ""
    )


def test_an_empty_history_is_just_the_header(engine: StudyEngine) -> None:
    assert history_csv(engine).splitlines() == [",".join(COLUMNS)]
