"""Study policies a learner could follow instead of StudyApp, and StudyApp itself.

Every policy picks the day's questions from the same bank and hears the outcome of each answer.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from fsrs import Card

from studyapp.engine import QuestionView, StudyEngine
from studyapp.scheduler import memory


@dataclass(frozen=True)
class BankItem:
    id: str
    task: str
    domain: str


class Policy(Protocol):
    name: str

    def pick(self, now: dt.datetime, n: int) -> list[str]: ...

    def record(self, qid: str, correct: bool, now: dt.datetime) -> None: ...


class RandomPolicy:
    name = "random"

    def __init__(self, items: Sequence[BankItem], rng: random.Random) -> None:
        self.ids = [i.id for i in items]
        self.rng = rng

    def pick(self, now: dt.datetime, n: int) -> list[str]:
        return self.rng.sample(self.ids, min(n, len(self.ids)))

    def record(self, qid: str, correct: bool, now: dt.datetime) -> None:
        return None


class DomainWeightedPolicy:
    name = "domain-weighted random"

    def __init__(
        self, items: Sequence[BankItem], weights: Mapping[str, float], rng: random.Random
    ) -> None:
        self.by_domain: dict[str, list[str]] = {}
        for i in items:
            self.by_domain.setdefault(i.domain, []).append(i.id)
        self.domains = list(self.by_domain)
        self.weights = [weights[d] for d in self.domains]
        self.rng = rng

    def pick(self, now: dt.datetime, n: int) -> list[str]:
        out: list[str] = []
        taken: set[str] = set()
        while len(out) < n:
            domain = self.rng.choices(self.domains, self.weights)[0]
            qid = self.rng.choice(self.by_domain[domain])
            if qid not in taken:
                taken.add(qid)
                out.append(qid)
        return out

    def record(self, qid: str, correct: bool, now: dt.datetime) -> None:
        return None


class LeitnerPolicy:
    """Five boxes reviewed every 1, 2, 4, 8, 16 days; due cards first, then new ones."""

    name = "Leitner boxes"
    INTERVALS = (1, 2, 4, 8, 16)

    def __init__(self, items: Sequence[BankItem], rng: random.Random) -> None:
        self.new = [i.id for i in items]
        rng.shuffle(self.new)
        self.box: dict[str, int] = {}
        self.due: dict[str, dt.datetime] = {}

    def pick(self, now: dt.datetime, n: int) -> list[str]:
        due = sorted((q for q, d in self.due.items() if d <= now), key=lambda q: (self.box[q], q))
        out = due[:n]
        while len(out) < n and self.new:
            out.append(self.new.pop(0))
        return out

    def record(self, qid: str, correct: bool, now: dt.datetime) -> None:
        box = min(self.box.get(qid, 0) + 1, len(self.INTERVALS)) if correct else 1
        self.box[qid] = box
        self.due[qid] = now + dt.timedelta(days=self.INTERVALS[box - 1]) - dt.timedelta(hours=2)


class FsrsOnlyPolicy:
    """FSRS per question: due questions first (most overdue first), then new in bank order."""

    name = "FSRS only"

    def __init__(self, items: Sequence[BankItem]) -> None:
        self.new = [i.id for i in items]
        self.cards: dict[str, Card] = {}

    def pick(self, now: dt.datetime, n: int) -> list[str]:
        due = sorted((c.due, q) for q, c in self.cards.items() if c.due <= now)
        out = [q for _, q in due[:n]]
        while len(out) < n and self.new:
            out.append(self.new.pop(0))
        return out

    def record(self, qid: str, correct: bool, now: dt.datetime) -> None:
        card = self.cards.get(qid) or memory.new_card(qid, now)
        rating = memory.rating_for(correct=correct, confidence=None, duration_s=75, expected_s=80)
        self.cards[qid], _ = memory.review(card, rating, now, 75)


class StudyAppPolicy:
    """StudyApp's own scheduler, through the public engine API."""

    name = "StudyApp"

    def __init__(self, engine: StudyEngine) -> None:
        self.engine = engine

    def pick(self, now: dt.datetime, n: int) -> list[str]:
        return [p.question.id for p in self.engine.next_session(size=n)]

    def record(self, qid: str, correct: bool, now: dt.datetime) -> None:
        return None  # the runner records every answer in the policy's engine


def response_for(q: QuestionView, correct: bool, rng: random.Random) -> Any:
    """A response that grades right (or wrong) for the simulated question types."""
    right = q.correct_response()
    if correct:
        return right
    ids = [o.id for o in q.options]
    if q.type == "single":
        return rng.choice([i for i in ids if i != right])
    wrong = rng.sample(ids, len(right))
    while set(wrong) == set(right):
        wrong = rng.sample(ids, len(right))
    return wrong
