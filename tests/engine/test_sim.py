"""The learning benchmark runs, is reproducible, and its learner behaves as documented."""

from __future__ import annotations

import random

from studyapp.sim.learner import SimLearner, SimQuestion
from studyapp.sim.run import POLICIES, main


def test_small_benchmark_is_seeded_and_reproducible() -> None:
    args = ["--learners", "1", "--days", "6", "--per-task", "6", "--seed", "3"]
    printed: list[str] = []
    first = main(args, out=printed.append)
    second = main(args, out=lambda _: None)
    assert set(first) == set(POLICIES)
    for name in POLICIES:
        assert first[name].exam == second[name].exam
        assert 0 < first[name].exam[0] < 100
    table = printed[0]
    assert "| StudyApp |" in table and "StudyApp − random" in table


def test_learner_forgets_and_the_testing_effect_holds() -> None:
    tasks = ["T.A.1"]
    q = [SimQuestion(f"q{i}", "T.A.1", 2, 4, i % 10) for i in range(40)]
    spaced = SimLearner(tasks, random.Random(1), ability=-1.0)
    massed = SimLearner(tasks, random.Random(1), ability=-1.0)
    for i in range(10):
        spaced.answer(q[i], t=24.0 * i)  # one a day
        massed.answer(q[i], t=0.01 * i)  # all at once
    exam = 24.0 * 40
    assert spaced.task_knowledge("T.A.1", exam) > massed.task_knowledge("T.A.1", exam)
    # Knowledge fades with time.
    assert spaced.task_knowledge("T.A.1", 24.0 * 10) > spaced.task_knowledge("T.A.1", 24.0 * 200)


def test_repeated_questions_teach_less_than_fresh_ones() -> None:
    """Practising a concept through new questions beats re-answering one remembered question."""
    tasks = ["T.A.1"]
    fresh = SimLearner(tasks, random.Random(2), ability=-1.0)
    repeat = SimLearner(tasks, random.Random(2), ability=-1.0)
    same_concept = [SimQuestion(f"q{i}", "T.A.1", 2, 4, 0) for i in range(10)]
    for day in range(10):
        fresh.answer(same_concept[day], t=24.0 * day)
        repeat.answer(same_concept[0], t=24.0 * day)
    t = 24.0 * 30
    assert fresh.concept_knowledge("T.A.1", 0, t) > repeat.concept_knowledge("T.A.1", 0, t) + 0.05
    # ...even though the repeater answers the practised question itself very well.
    assert repeat.p_correct(same_concept[0], t) > repeat.concept_knowledge("T.A.1", 0, t)
