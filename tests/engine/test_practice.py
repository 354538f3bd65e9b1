"""Practice filters and the mistakes list, on the built-in PMP banks."""

from __future__ import annotations

import pytest

from studyapp.clock import ManualClock
from studyapp.engine import QuestionView, SessionPick, StudyEngine, UnknownQuestionError
from studyapp.practice import (
    APPROACHES,
    QUESTION_TYPES,
    PracticeFilter,
    describe,
    matching_questions,
    mistake_picks,
    mistakes,
    one_per_family,
    practice_picks,
)


def _singles(engine: StudyEngine) -> list[QuestionView]:
    return [q for q in engine.questions() if q.type == "single" and q.family is None]


def _answer(engine: StudyEngine, clock: ManualClock, q: QuestionView, right: bool) -> None:
    clock.advance(60)
    correct = q.correct_response()
    response = correct if right else next(o.id for o in q.options if o.id != correct)
    assert engine.record_answer(q.id, response, 20).correct is right


def _domains(engine: StudyEngine, q: QuestionView) -> set[str]:
    """Every domain a question tests, through any of its tasks."""
    return {d.code for t in q.tasks if (d := engine.outline.domain_of(t)) is not None}


def _ids(picks: list[SessionPick]) -> list[str]:
    return [p.question.id for p in picks]


def test_the_bank_uses_only_known_types_and_approaches(engine: StudyEngine) -> None:
    assert {q.type for q in engine.questions()} <= set(QUESTION_TYPES)
    assert {q.approach for q in engine.questions()} <= set(APPROACHES)


def test_no_filter_keeps_everything(engine: StudyEngine) -> None:
    flt = PracticeFilter(domains=set(), types=None, count=500)
    assert len(matching_questions(engine, flt)) == len(engine.questions())
    picks = practice_picks(engine, flt, seed=1)
    authored = [q.id for q in engine.questions() if q.family is None]
    families = {q.family for q in engine.questions() if q.family is not None}
    assert sorted(i for i in _ids(picks) if "." not in i) == sorted(authored)
    drawn = [p.question.family for p in picks if p.question.family is not None]
    assert sorted(drawn) == sorted(families)  # every family, once
    assert {p.reason for p in picks} == {"practice: all questions"}


def test_filters_combine_and_within_or_across(engine: StudyEngine) -> None:
    flt = PracticeFilter(
        domains={"PEO", "PRO"},
        types={"single", "matching"},
        difficulties={1, 2},
        approaches={"agile", "hybrid"},
        count=500,
    )
    expected = {
        q.id
        for q in engine.questions()
        if _domains(engine, q) & {"PEO", "PRO"}
        and q.type in {"single", "matching"}
        and q.difficulty in {1, 2}
        and q.approach in {"agile", "hybrid"}
    }
    assert expected  # the test means something
    assert {q.id for q in matching_questions(engine, flt)} == expected
    assert set(_ids(practice_picks(engine, flt, seed=3))) == expected

    # A question testing tasks of two domains is found under either domain.
    mixed = next(q for q in engine.questions() if len(_domains(engine, q)) > 1)
    for code in _domains(engine, mixed):
        assert mixed in matching_questions(engine, PracticeFilter(domains={code}))

    task = engine.questions()[0].task
    by_task = matching_questions(engine, PracticeFilter(tasks={task}))
    assert by_task and all(task in q.tasks for q in by_task)
    bus_task = next(
        q.task for q in engine.questions() if _domains(engine, q) == {"BUS"}
    )  # a task no People question tests
    nothing = PracticeFilter(domains={"PEO"}, tasks={bus_task}, count=5)
    assert not any(bus_task in q.tasks and "PEO" in _domains(engine, q) for q in engine.questions())
    assert matching_questions(engine, nothing) == []
    assert practice_picks(engine, nothing, seed=1) == []


def test_only_wrong_uses_the_latest_answer(engine: StudyEngine, clock: ManualClock) -> None:
    q1, q2, q3, q4 = _singles(engine)[:4]
    _answer(engine, clock, q1, right=False)
    _answer(engine, clock, q2, right=True)
    _answer(engine, clock, q3, right=False)
    _answer(engine, clock, q3, right=True)  # put right since
    _answer(engine, clock, q4, right=True)
    _answer(engine, clock, q4, right=False)  # got wrong since
    flt = PracticeFilter(only_wrong=True, count=50)
    assert {q.id for q in matching_questions(engine, flt)} == {q1.id, q4.id}
    picks = practice_picks(engine, flt, seed=7)
    assert sorted(_ids(picks)) == sorted([q1.id, q4.id])
    assert picks[0].reason == "practice: wrong last time"


def test_only_flagged_and_together_with_only_wrong(engine: StudyEngine, clock: ManualClock) -> None:
    q1, q2, q3 = _singles(engine)[:3]
    engine.set_flagged(q1.id, True)
    engine.set_flagged(q2.id, True)
    flagged = PracticeFilter(only_flagged=True)
    assert {q.id for q in matching_questions(engine, flagged)} == {q1.id, q2.id}
    _answer(engine, clock, q2, right=False)
    _answer(engine, clock, q3, right=False)
    both = PracticeFilter(only_flagged=True, only_wrong=True)
    assert _ids(practice_picks(engine, both, seed=0)) == [q2.id]
    assert practice_picks(engine, both, seed=0)[0].reason == "practice: wrong last time; flagged"


def test_count_caps_the_session(engine: StudyEngine) -> None:
    total = len(one_per_family(engine.questions()))
    assert total == sum(q.family is None for q in engine.questions()) + len(
        {q.family for q in engine.questions() if q.family}
    )
    assert len(practice_picks(engine, PracticeFilter(count=3), seed=1)) == 3
    assert len(practice_picks(engine, PracticeFilter(count=total + 10), seed=1)) == total
    assert len(set(_ids(practice_picks(engine, PracticeFilter(count=total), seed=1)))) == total
    with pytest.raises(ValueError, match="at least one"):
        practice_picks(engine, PracticeFilter(count=0), seed=1)


def test_unseen_first_then_least_recently_seen(engine: StudyEngine, clock: ManualClock) -> None:
    singles = _singles(engine)
    a, b, c = singles[:3]
    _answer(engine, clock, b, right=True)  # oldest
    _answer(engine, clock, a, right=False)
    _answer(engine, clock, c, right=True)  # newest
    _answer(engine, clock, b, right=True)  # b is now the newest of all
    # Formula families in choice form are single-choice too: one unseen instance each.
    families = {q.family for q in engine.questions() if q.family and q.type == "single"}
    flt = PracticeFilter(types={"single"}, count=len(singles) + len(families))
    picks = _ids(practice_picks(engine, flt, seed=11))
    unseen = {q.id for q in singles} - {a.id, b.id, c.id}
    fresh = len(unseen) + len(families)
    assert {i for i in picks[:fresh] if engine.question(i).family is None} == unseen
    assert picks[fresh:] == [a.id, c.id, b.id]

    two_short = PracticeFilter(types={"single"}, count=fresh + 1)
    assert _ids(practice_picks(engine, two_short, seed=11))[-1] == a.id


def test_the_seed_decides_the_order(engine: StudyEngine) -> None:
    flt = PracticeFilter(count=50)
    first = _ids(practice_picks(engine, flt, seed=5))
    assert first == _ids(practice_picks(engine, flt, seed=5))
    orders = {tuple(_ids(practice_picks(engine, flt, seed=s))) for s in range(5)}
    assert len(orders) > 1


def test_mistakes_newest_first_with_counts(engine: StudyEngine, clock: ManualClock) -> None:
    q1, q2, q3, q4 = _singles(engine)[:4]
    assert mistakes(engine) == []
    _answer(engine, clock, q1, right=False)
    _answer(engine, clock, q2, right=False)
    _answer(engine, clock, q1, right=True)
    _answer(engine, clock, q1, right=False)  # q1: wrong twice, the latest
    _answer(engine, clock, q3, right=False)
    _answer(engine, clock, q3, right=True)  # q3 is fixed: not a mistake any more
    _answer(engine, clock, q4, right=True)
    found = mistakes(engine)
    assert [m.question.id for m in found] == [q1.id, q2.id]
    assert [m.times_wrong for m in found] == [2, 1]
    assert found[0].last_wrong > found[1].last_wrong
    assert found[0].last_response != q1.correct_response()
    assert found[0].last_response in {o.id for o in q1.options}

    picks = mistake_picks(engine, [q2.id, q1.id, q2.id])
    assert _ids(picks) == [q2.id, q1.id]
    assert picks[0].reason == "retry: answered wrong once"
    assert picks[1].reason == "retry: answered wrong 2 times"
    with pytest.raises(UnknownQuestionError):
        mistake_picks(engine, ["no-such-question"])


def test_describe_is_short(engine: StudyEngine) -> None:
    outline = engine.outline
    assert describe(PracticeFilter(), outline) == "all questions"
    text = describe(
        PracticeFilter(domains={"PEO"}, types={"multiple", "single"}, difficulties={3}), outline
    )
    assert text == "People; single, multiple; difficulty 3"
    many = describe(PracticeFilter(tasks={"PMP26.PEO.1", "PMP26.PEO.2", "PMP26.PEO.3"}), outline)
    assert many == "3 tasks"
    one = describe(PracticeFilter(tasks={"PMP26.PEO.1"}, approaches={"agile"}), outline)
    assert one == "task PMP26.PEO.1; agile"
