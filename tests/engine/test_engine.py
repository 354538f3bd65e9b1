from __future__ import annotations

import datetime as dt
import itertools
import threading
from collections import Counter
from pathlib import Path

import pytest

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine, UnknownQuestionError
from studyapp.outlines import current_outline
from studyapp.scheduler.grading import ResponseError
from studyapp.sim.bank import write_synthetic_bank
from studyapp.storage.repo import answer_count


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    return write_synthetic_bank(tmp_path / "banks" / "sim.yaml", current_outline("PMP"), 4, seed=3)


def _open(data: Path, bank: Path, clock: ManualClock) -> StudyEngine:
    return StudyEngine.open(data, exam="PMP", banks=[bank], clock=clock, timezone=dt.UTC)


def _wrong(q_options: list[str], right: object) -> object:
    if isinstance(right, list):
        return [o for o in q_options if o not in right][: len(right)]
    return next(o for o in q_options if o != right)


def test_fresh_learner_gets_new_topics_spread_over_tasks(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        picks = engine.next_session(20)
        assert len(picks) == 20
        assert len({p.question.id for p in picks}) == 20
        assert {p.reason for p in picks} == {"new topic"}
        tasks = [p.question.task for p in picks]
        assert len(set(tasks)) >= 15  # interleaved across tasks, not 20 of one task
        assert all(a != b for a, b in itertools.pairwise(tasks))
        q = picks[0].question
        assert q.domain in {"PEO", "PRO", "BUS"} and q.task_name and q.stem and q.options


def test_answers_are_graded_explained_and_persisted(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        q = engine.next_session(1)[0].question
        result = engine.record_answer(q.id, q.correct_response(), 30, confidence=3)
        assert result.correct and result.score == 1.0 and result.rating == "Easy"
        assert set(result.rationales) == {o.id for o in q.options}
        assert result.explanation
        q2 = engine.next_session(1)[0].question
        wrong = engine.record_answer(
            q2.id, _wrong([o.id for o in q2.options], q2.correct_response()), 50
        )
        assert not wrong.correct and wrong.rating == "Again"
    with _open(tmp_path / "d", bank, clock) as again:
        assert answer_count(again.db) == 2
        assert again.answered_today() == 2
        assert q.id in again._cards and q2.id in again._cards


def test_unknown_question_or_bad_response_writes_nothing(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        with pytest.raises(UnknownQuestionError, match="nothing was saved"):
            engine.record_answer("no-such-id", "a", 10)
        q = engine.questions()[0]
        with pytest.raises(ResponseError):
            engine.record_answer(q.id, {"not": "valid"}, 10)
        with pytest.raises(ValueError, match="duration"):
            engine.record_answer(q.id, q.correct_response(), -1)
        with pytest.raises(ValueError, match="confidence"):
            engine.record_answer(q.id, q.correct_response(), 5, confidence=7)
        assert answer_count(engine.db) == 0


def test_daily_goal_is_respected(tmp_path: Path, bank: Path, clock: ManualClock) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        engine.set_daily_goal(5)
        picks = engine.next_session(20)
        assert len(picks) == 5
        for p in picks[:3]:
            engine.record_answer(p.question.id, p.question.correct_response(), 20)
        assert len(engine.next_session(20)) == 2
        for p in engine.next_session(20):
            engine.record_answer(p.question.id, p.question.correct_response(), 20)
        assert engine.next_session(20) == []
        assert len(engine.next_session(20, beyond_goal=True)) == 20
        clock.advance(24 * 3600)  # a new day
        assert len(engine.next_session(20)) == 5


def test_no_question_twice_and_exhausted_task(tmp_path: Path, clock: ManualClock) -> None:
    bank = write_synthetic_bank(tmp_path / "b" / "tiny.yaml", current_outline("PMP"), 1, seed=1)
    with _open(tmp_path / "d", bank, clock) as engine:
        engine.set_daily_goal(500)
        total = len(engine.questions())
        seen: set[str] = set()
        for _ in range(3):
            picks = engine.next_session(40)
            ids = [p.question.id for p in picks]
            assert len(ids) == len(set(ids))
            for p in picks:
                engine.record_answer(p.question.id, p.question.correct_response(), 20)
                seen.add(p.question.id)
            clock.advance(3600)
        assert len(seen) == total  # every question reached; exhausted tasks do not stall
        clock.advance(2 * 86400)
        later = engine.next_session(10)
        assert len(later) == 10
        assert {p.reason for p in later} <= {"due review", "mixed practice"}


def test_removed_bank_keeps_history(tmp_path: Path, bank: Path, clock: ManualClock) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        for p in engine.next_session(20):
            engine.record_answer(p.question.id, p.question.correct_response(), 20)
        before = engine.task_mastery()
    other = tmp_path / "other" / "starter.yaml"
    other.parent.mkdir()
    other.write_text(
        (Path(__file__).parent.parent / "data" / "good.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    with StudyEngine.open(tmp_path / "d", exam="PMP", banks=[other], clock=clock) as engine:
        assert [q.id for q in engine.questions()] == ["good-1"]
        assert answer_count(engine.db) == 20
        assert engine.task_mastery() == before  # history from the removed bank still counts
        assert len(engine.next_session(5)) == 1
        engine.readiness()
        engine.plan()


def test_exam_date_unset_passed_or_today(tmp_path: Path, bank: Path, clock: ManualClock) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        assert engine.exam_date is None and engine.days_left() is None
        assert engine.next_session(5)
        assert "No exam date" in engine.plan().message
        engine.set_exam_date(dt.date(2026, 11, 1))
        assert engine.days_left() == -25
        assert engine.next_session(5)
        assert engine.plan().days == () and "passed" in engine.plan().message
        engine.set_exam_date(clock().date())
        assert engine.plan().days[0].kind == "exam"


def test_clock_going_backwards_or_across_dst_breaks_nothing(tmp_path: Path, bank: Path) -> None:
    clock = ManualClock(dt.datetime(2026, 3, 29, 0, 30, tzinfo=dt.UTC))  # EU DST change night
    from zoneinfo import ZoneInfo

    engine = StudyEngine.open(
        tmp_path / "d", exam="PMP", banks=[bank], clock=clock, timezone=ZoneInfo("Europe/Berlin")
    )
    with engine:
        for step in (3600, -7200, 5400, -86400, 3600):
            picks = engine.next_session(3, beyond_goal=True)
            for p in picks:
                result = engine.record_answer(p.question.id, p.question.correct_response(), 15)
                assert result.correct
            clock.advance(step)
        assert answer_count(engine.db) == 15
        engine.readiness()
        engine.plan()


def test_concurrent_answers_lose_nothing(tmp_path: Path, bank: Path, clock: ManualClock) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        questions = engine.questions()
        errors: list[BaseException] = []

        def worker(offset: int) -> None:
            try:
                for q in questions[offset::2][:25]:
                    engine.record_answer(q.id, q.correct_response(), 10)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert answer_count(engine.db) == 50
        assert engine.answered_today() == 50


def test_guessing_is_not_mastery_and_repeats_do_not_inflate(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    """A guesser stays low; re-answering one remembered question is weak evidence."""
    with _open(tmp_path / "guess", bank, clock) as guesser:
        q_by_task = [
            q for q in guesser.questions() if q.type == "single" and q.task == "PMP26.PEO.1"
        ]
        for i, q in enumerate(q_by_task * 2):
            right = q.correct_response()
            response = right if i % 4 == 0 else _wrong([o.id for o in q.options], right)
            guesser.record_answer(q.id, response, 30)
        assert guesser.task_mastery()["PMP26.PEO.1"] < 0.45
    with (
        _open(tmp_path / "fresh", bank, clock) as fresh,
        _open(tmp_path / "repeat", bank, clock) as repeat,
    ):
        singles = [q for q in fresh.questions() if q.task == "PMP26.PRO.8"]
        for q in singles[:4]:
            fresh.record_answer(q.id, q.correct_response(), 30)
        for _ in range(4):
            repeat.record_answer(singles[0].id, singles[0].correct_response(), 30)
        assert fresh.task_mastery()["PMP26.PRO.8"] > repeat.task_mastery()["PMP26.PRO.8"] + 0.05


def test_readiness_needs_evidence_then_predicts(
    tmp_path: Path, bank: Path, clock: ManualClock
) -> None:
    with _open(tmp_path / "d", bank, clock) as engine:
        first = engine.readiness()
        assert not first.enough_evidence and first.needed == 60
        assert "Not enough evidence yet" in first.message
        engine.set_daily_goal(500)
        by_domain: Counter[str] = Counter()
        for q in engine.questions():
            ok = by_domain[q.domain] % 3 != 0
            by_domain[q.domain] += 1
            engine.record_answer(
                q.id,
                q.correct_response()
                if ok
                else _wrong([o.id for o in q.options], q.correct_response()),
                40,
            )
        r = engine.readiness()
        assert r.enough_evidence and r.predicted_score is not None and r.interval is not None
        assert r.interval[0] <= r.predicted_score <= r.interval[1]
        assert 40 < r.predicted_score < 95
        assert r.pass_probability is not None and 0 <= r.pass_probability <= 1
        assert [d.code for d in r.domains] == ["PEO", "PRO", "BUS"]
        assert {d.rating for d in r.domains} <= {
            "Above Target",
            "Target",
            "Below Target",
            "Needs Improvement",
        }


def test_exam_with_no_questions_still_works(tmp_path: Path, clock: ManualClock) -> None:
    with StudyEngine.open(tmp_path / "d", exam="CAPM", banks=[], clock=clock) as engine:
        assert engine.questions() == []
        assert engine.next_session(10) == []
        assert not engine.readiness().enough_evidence
        assert "19 tasks have no questions in your banks" in engine.plan().message
