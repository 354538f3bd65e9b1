"""Item memory with the ``fsrs`` package: one FSRS card per question.

FSRS (Free Spaced Repetition Scheduler) estimates, for each question, how likely the learner is
to still answer it right (retrievability) and when that falls to the desired retention (due).
This module only maps StudyApp outcomes to FSRS ratings and keeps cards serialisable.
"""

from __future__ import annotations

import datetime as dt
import zlib
from typing import Any

from fsrs import Card, Rating, Scheduler

__all__ = ["Card", "Rating"]

DESIRED_RETENTION = 0.9

#: One scheduler for the whole app: no learning steps (a question is not a flashcard to repeat
#: within minutes), no random fuzz (results must be reproducible).
SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(),
    relearning_steps=(),
    enable_fuzzing=False,
)

LOW_CONFIDENCE = 1
HIGH_CONFIDENCE = 3


def rating_for(
    *, correct: bool, confidence: int | None, duration_s: float, expected_s: float
) -> Rating:
    """wrong → Again; right but unsure or very slow → Hard; right, sure and fast → Easy; else Good.

    ``confidence`` is 1 (guessing), 2 (fairly sure) or 3 (certain), or None when not given.
    "Very slow" is more than twice the exam's time per question; "fast" is under half of it.
    """
    if not correct:
        return Rating.Again
    if confidence == LOW_CONFIDENCE or duration_s > 2 * expected_s:
        return Rating.Hard
    if confidence == HIGH_CONFIDENCE and duration_s < 0.5 * expected_s:
        return Rating.Easy
    return Rating.Good


def new_card(question_id: str, now: dt.datetime) -> Card:
    # A stable id derived from the question id (FSRS's default uses the wall clock).
    return Card(card_id=zlib.crc32(question_id.encode()), due=now)


def review(
    card: Card, rating: Rating, at: dt.datetime, duration_s: float
) -> tuple[Card, dict[str, Any]]:
    """Review ``card``; a clock that went backwards never moves a review before the last one."""
    if card.last_review is not None and at < card.last_review:
        at = card.last_review
    new, log = SCHEDULER.review_card(card, rating, at, int(duration_s * 1000))
    return new, dict(log.to_dict())


def retrievability(card: Card, at: dt.datetime) -> float:
    if card.last_review is None:
        return 0.0
    if at < card.last_review:
        return 1.0
    return float(SCHEDULER.get_card_retrievability(card, at))


def card_to_dict(card: Card) -> dict[str, Any]:
    return dict(card.to_dict())


def card_from_dict(data: dict[str, Any]) -> Card:
    return Card.from_dict(data)  # type: ignore[arg-type]
