"""Mock exams in the real format, driven headlessly through the engine."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from studyapp.clock import ManualClock
from studyapp.engine import MockExamError, StudyEngine
from studyapp.outlines import current_outline
from studyapp.sim.bank import write_synthetic_bank
from studyapp.storage.repo import answer_count


def _engine(
    tmp_path: Path, clock: ManualClock, per_task: int = 10, exam: str = "PMP"
) -> StudyEngine:
    bank = write_synthetic_bank(
        tmp_path / "b" / f"{exam}.yaml", current_outline(exam), per_task, seed=2
    )
    return StudyEngine.open(tmp_path / "d", exam=exam, banks=[bank], clock=clock, timezone=dt.UTC)


def test_full_pmp_mock_follows_the_real_format(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = engine.start_mock()
        assert len(mock) == 180
        assert mock.time_left_s() == 240 * 60
        domains = Counter(mock.question(i).domain for i in range(180))
        assert domains == {"PEO": 59, "PRO": 74, "BUS": 47}
        assert sum(mock.item(i).pretest for i in range(180)) == 10
        assert mock.section_range() == (0, 60)
        assert [b.after_question for b in mock.spec.breaks] == [60, 120]
        assert len({mock.item(i).question_id for i in range(180)}) == 180
        with pytest.raises(MockExamError, match="already in progress"):
            engine.start_mock()


def test_sections_lock_and_breaks_do_not_use_exam_time(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = engine.start_mock()
        q0 = mock.question(0)
        mock.answer(0, q0.correct_response())
        with pytest.raises(MockExamError, match=r"locked|not in the open section"):
            mock.go(60)
        clock.advance(600)
        mock.end_section(take_break=True)
        assert mock.status == "on_break" and mock.position == 60
        with pytest.raises(MockExamError, match="break"):
            mock.answer(61, mock.question(61).correct_response())
        clock.advance(300)
        assert mock.break_left_s() == 300
        before = mock.time_left_s()
        mock.end_break()
        assert mock.time_left_s() == before == 240 * 60 - 600
        with pytest.raises(MockExamError):
            mock.answer(0, q0.correct_response())  # section 1 is locked now
        mock.answer(61, mock.question(61).correct_response())
        clock.advance(60)
        mock.end_section(take_break=False)  # the second break is optional
        assert mock.status == "in_progress" and mock.section_range() == (120, 180)


def test_review_lists_incomplete_and_flagged(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = engine.start_mock(kind="mini", questions=10)
        for i in range(0, 10, 2):
            mock.answer(i, mock.question(i).correct_response())
        mock.flag(3)
        mock.strike(4, mock.question(4).options[0].id)
        assert mock.review("incomplete") == [1, 3, 5, 7, 9]
        assert mock.review("flagged") == [3]
        assert mock.item(4).struck == [mock.question(4).options[0].id]
        mock.flag(3, False)
        assert mock.review("flagged") == []


def test_closed_mid_exam_resumes_same_question_and_time(tmp_path: Path, clock: ManualClock) -> None:
    engine = _engine(tmp_path, clock)
    mock = engine.start_mock()
    for i in range(5):
        clock.advance(70)
        mock.answer(i, mock.question(i).correct_response())
    mock.go(7)
    mock.flag(7)
    clock.advance(30)
    mock.tick()
    left = mock.time_left_s()
    engine.close()  # the app goes away without finishing (a crash or a close)

    clock.advance(3 * 3600)  # closed for three hours
    with _engine(tmp_path, clock) as again:
        resumed = again.unfinished_mock()
        assert resumed is not None and resumed.id == mock.id
        assert resumed.position == 7 and resumed.item(7).flagged
        assert resumed.time_left_s() == pytest.approx(left)
        assert [resumed.item(i).response is not None for i in range(6)] == [True] * 5 + [False]
        clock.advance(100)
        assert resumed.time_left_s() == pytest.approx(left - 100)


def test_finish_scores_by_domain_and_records_history(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = engine.start_mock(kind="mini", questions=30)
        assert mock.time_left_s() == pytest.approx(40 * 60)  # 240 min × 30 / 180
        assert mock.spec.breaks == () and mock.spec.pretest == 0
        right = 0
        for i in range(30):
            q = mock.question(i)
            if i % 3:
                mock.answer(i, q.correct_response())
                right += 1
            else:
                wrong = (
                    next(o.id for o in q.options if o.id != q.correct_response())
                    if q.type == "single"
                    else []
                )
                if wrong:
                    mock.answer(i, wrong)
            clock.advance(60)
        result = mock.finish()
        assert result.scored == 30 and result.correct == right
        assert result.percent == pytest.approx(100 * right / 30)
        assert result.estimated_pass == (result.percent >= 65)
        assert [d.code for d in result.domains] == ["PEO", "PRO", "BUS"]
        assert sum(d.total for d in result.domains) == 30
        assert all(d.rating for d in result.domains)
        assert "estimates" in result.note
        assert result.seconds_per_question == pytest.approx(60)
        assert result.exam_pace_s == pytest.approx(80)
        assert answer_count(engine.db) == sum(1 for r in result.items if r.answered)
        assert engine.unfinished_mock() is None
        with pytest.raises(MockExamError, match="ended"):
            mock.answer(1, mock.question(1).correct_response())


def test_time_running_out_submits(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock) as engine:
        mock = engine.start_mock(kind="mini", questions=6)
        mock.answer(0, mock.question(0).correct_response())
        clock.advance(9 * 60)  # 8 minutes allowed
        with pytest.raises(MockExamError, match="time is up"):
            mock.answer(1, mock.question(1).correct_response())
        assert mock.status == "done"
        assert mock.result().answered == 1
        assert mock.state.time_used_s == 8 * 60


def test_next_mock_avoids_the_previous_questions(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock, per_task=20) as engine:
        first = engine.start_mock()
        first_ids = {first.item(i).question_id for i in range(180)}
        first.abandon()
        clock.advance(86400)
        second = engine.start_mock()
        second_ids = {second.item(i).question_id for i in range(180)}
        assert not first_ids & second_ids


def test_capm_mock_has_one_break_after_75(tmp_path: Path, clock: ManualClock) -> None:
    with _engine(tmp_path, clock, exam="CAPM") as engine:
        mock = engine.start_mock()
        assert len(mock) == 150 and mock.time_left_s() == 180 * 60
        assert mock.section_range() == (0, 75)
        assert sum(mock.item(i).pretest for i in range(150)) == 15


def test_too_small_a_bank_is_a_clear_error(tmp_path: Path, clock: ManualClock) -> None:
    with (
        _engine(tmp_path, clock, per_task=2) as engine,
        pytest.raises(MockExamError, match="needs 180"),
    ):
        engine.start_mock()


def test_case_set_questions_stay_together() -> None:
    import random

    from studyapp.exam.mock import DrawItem, draw_questions, mini_spec

    outline = current_outline("PMP")
    items = [DrawItem(f"q{i}", "PMP26.PEO.1", "PEO") for i in range(30)]
    items += [DrawItem(f"p{i}", "PMP26.PRO.1", "PRO") for i in range(30)]
    items += [DrawItem(f"c{i}", "PMP26.BUS.1", "BUS", scenario="case") for i in range(3)]
    items += [DrawItem(f"b{i}", "PMP26.BUS.2", "BUS") for i in range(30)]
    for seed in range(20):
        drawn = [
            qid
            for qid, _ in draw_questions(
                items, outline, mini_spec(outline.exam_format, 60), random.Random(seed)
            )
        ]
        positions = [i for i, qid in enumerate(drawn) if qid.startswith("c")]
        if positions:
            assert positions == list(range(positions[0], positions[0] + len(positions)))


def test_formula_families_give_one_instance_each_and_a_small_share() -> None:
    import random

    from studyapp.exam.mock import FORMULA_SHARE, DrawItem, draw_questions, full_spec

    outline = current_outline("PMP")
    items = []
    for d in outline.domains:
        for t in d.tasks:
            items += [DrawItem(f"{t.code}-{i}", t.code, d.code) for i in range(12)]
            # Ten families of eight instances each on every task: far more than a mock needs.
            items += [
                DrawItem(f"{t.code}-f{f}.{k}", t.code, d.code, family=f"{t.code}-f{f}")
                for f in range(10)
                for k in range(8)
            ]
    spec = full_spec(outline.exam_format)
    for seed in range(5):
        drawn = [qid for qid, _ in draw_questions(items, outline, spec, random.Random(seed))]
        families = [qid.rsplit(".", 1)[0] for qid in drawn if "-f" in qid]
        assert len(families) == len(set(families)) > 0  # never two instances of a family
        assert len(families) <= sum(
            -(-q * FORMULA_SHARE // 1) for q in (59, 74, 47)
        )  # a handful, as on the real exam
