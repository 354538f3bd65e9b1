from __future__ import annotations

import random

from studyapp.scheduler.mastery import MasteryModel, TaskAbility, p_right


def test_blind_guessing_is_not_partial_mastery() -> None:
    rng = random.Random(5)
    a = TaskAbility()
    for day in range(200):
        a.observe(correct=1.0 if rng.random() < 0.25 else 0.0, b=0.0, c=0.25, day=day / 10)
    # A pure guesser: P(right) on a fresh four-option item stays near chance.
    assert a.expected_p() < 0.35


def test_ability_recovers_a_known_learner() -> None:
    rng = random.Random(1)
    true_theta = 1.2
    a = TaskAbility()
    for i in range(300):
        b = rng.choice([-1.0, 0.0, 1.0])
        right = rng.random() < p_right(true_theta, b, 0.25)
        a.observe(correct=1.0 if right else 0.0, b=b, c=0.25, day=i / 30)
    assert abs(a.mean - true_theta) < 0.4
    assert a.var < 0.6  # a random walk keeps some uncertainty: knowledge keeps moving


def test_hard_items_teach_more_than_easy_ones() -> None:
    easy, hard = TaskAbility(), TaskAbility()
    easy.observe(correct=1.0, b=-1.0, c=0.25, day=0)
    hard.observe(correct=1.0, b=1.0, c=0.25, day=0)
    assert hard.mean > easy.mean
    wrong_easy, wrong_hard = TaskAbility(), TaskAbility()
    wrong_easy.observe(correct=0.0, b=-1.0, c=0.25, day=0)
    wrong_hard.observe(correct=0.0, b=1.0, c=0.25, day=0)
    assert wrong_easy.mean < wrong_hard.mean


def test_numeric_right_answers_are_stronger_evidence_than_guessable_ones() -> None:
    numeric, choice = TaskAbility(), TaskAbility()
    numeric.observe(correct=1.0, b=0.0, c=0.0, day=0)
    choice.observe(correct=1.0, b=0.0, c=0.25, day=0)
    assert numeric.mean > choice.mean


def test_unseen_tasks_borrow_from_seen_ones() -> None:
    model = MasteryModel(["A", "B", "C"])
    for i in range(30):
        model.observe(["A"], correct=1.0, b=0.0, c=0.25, day=i)
        model.observe(["B"], correct=1.0, b=0.0, c=0.25, day=i)
    assert model.ability("C").mean > 0.3
    assert model.ability("C").var > model.ability("A").var


def test_repeats_move_ability_less() -> None:
    once, again = MasteryModel(["A"]), MasteryModel(["A"])
    once.observe(["A"], correct=1.0, b=0.0, c=0.25, day=0)
    once.observe(["A"], correct=1.0, b=0.0, c=0.25, day=0)
    again.observe(["A"], correct=1.0, b=0.0, c=0.25, day=0)
    again.observe(["A"], correct=1.0, b=0.0, c=0.25, day=0, weight=0.2, first=False)
    assert once.tasks["A"].mean > again.tasks["A"].mean
    assert once.tasks["A"].first_attempts == 2 and again.tasks["A"].first_attempts == 1
