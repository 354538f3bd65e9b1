"""Engine speed with a large history.

Builds a synthetic PMP bank of about 2,000 questions and a study history of 100,000 answers
(written straight into the database, spread over a year, with FSRS cards for every question), then
times ``StudyEngine.open``, ``next_session(20)``, ``record_answer`` (committed) and
``readiness()``.

Targets: next_session(20) <= 50 ms median, record_answer <= 10 ms median, readiness() <= 100 ms.
Run: ``.venv/bin/python benchmarks/engine_speed.py [--answers N] [--per-task N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from fsrs import Card

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.outlines import current_outline
from studyapp.scheduler import memory
from studyapp.sim.bank import write_synthetic_bank
from studyapp.storage.models import AnswerRow, CardRow
from studyapp.storage.repo import question_hash

START = dt.datetime(2025, 11, 1, 8, tzinfo=dt.UTC)


def seed_history(engine: StudyEngine, answers: int, rng: random.Random) -> None:
    """Insert ``answers`` answers over 365 days and a card per answered question."""
    questions = engine.questions()
    hashes = {q.id: question_hash(q.model) for q in questions}
    cards: dict[str, Card] = {}
    rows = []
    step = dt.timedelta(days=365) / answers
    for i in range(answers):
        q = rng.choice(questions)
        at = START + step * i
        correct = rng.random() < 0.7
        rows.append(
            {
                "question_id": q.id,
                "content_hash": hashes[q.id],
                "answered_at": at,
                "response": q.correct_response() if correct else None,
                "correct": correct,
                "score": 1.0 if correct else 0.0,
                "duration_s": 60.0,
            }
        )
        card = cards.get(q.id) or memory.new_card(q.id, at)
        rating = memory.rating_for(correct=correct, confidence=None, duration_s=60, expected_s=80)
        cards[q.id], _ = memory.review(card, rating, at, 60)
    with engine.db.transaction() as s:
        s.bulk_insert_mappings(AnswerRow.__mapper__, rows)
        s.bulk_insert_mappings(
            CardRow.__mapper__,
            [
                {
                    "question_id": qid,
                    "state": memory.card_to_dict(c),
                    "due": c.due,
                    "updated_at": c.due,
                }
                for qid, c in cards.items()
            ],
        )


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        out.append(time.perf_counter() - t0)
        del result
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--answers", type=int, default=100_000)
    parser.add_argument("--per-task", type=int, default=77, help="questions per task (~2,000)")
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bank = write_synthetic_bank(
            folder / "bank" / "big.yaml", current_outline("PMP"), args.per_task, seed=7
        )
        clock = ManualClock(START + dt.timedelta(days=366))
        with StudyEngine.open(folder / "data", banks=[bank], clock=clock) as engine:
            n_questions = len(engine.questions())
            seed_history(engine, args.answers, rng)
        t0 = time.perf_counter()
        engine = StudyEngine.open(folder / "data", banks=[bank], clock=clock)
        open_s = time.perf_counter() - t0
        with engine:
            engine.set_daily_goal(500)
            sessions = timed(lambda: engine.next_session(20, beyond_goal=True), args.repeat)
            picks = engine.next_session(args.repeat, beyond_goal=True)

            def answer() -> object:
                p = picks.pop()
                clock.advance(30)
                return engine.record_answer(p.question.id, p.question.correct_response(), 30)

            records = timed(answer, min(args.repeat, len(picks)))
            readiness = timed(engine.readiness, args.repeat)

    def ms(values: list[float]) -> str:
        return (
            f"{1000 * statistics.median(values):7.1f} ms median, {1000 * max(values):7.1f} ms max"
        )

    print(f"bank: {n_questions} questions; history: {args.answers} answers")
    print(f"StudyEngine.open:     {open_s * 1000:7.0f} ms")
    print(f"next_session(20):     {ms(sessions)}   (target <= 50 ms median)")
    print(f"record_answer:        {ms(records)}   (target <= 10 ms median, committed)")
    print(f"readiness():          {ms(readiness)}   (target <= 100 ms)")


if __name__ == "__main__":
    main()
