"""Simulated learners whose *true* memory is not the model the scheduler uses.

Memory follows the ACT-R model of spacing and forgetting fitted by Pavlik & Anderson (2005):
every practice leaves a trace whose decay rate depends on how active the memory already was
when it was practised (massed practice decays fast, spaced practice lasts); activation is the log
of the summed, power-law-decayed traces; recall probability is logistic in activation; time away
from study counts for less than time within a session ("psychological time").

The exam asks questions the learner has never seen, so knowledge is modelled as it is tested:

* Each outline task is a set of **concepts** (``CONCEPTS_PER_TASK``); each question exercises
  one of them. A fresh exam question on a task tests a random concept, so the true score depends
  on how many of a task's concepts the learner holds — coverage, not the answers to practised
  questions. The scheduler knows nothing of concepts.
* Practice strengthens the concept — a successful retrieval more than a wrong answer followed by
  the explanation (testing effect) — and a question *seen before* strengthens it much less (the
  learner recalls the answer instead of reasoning it out).
* **Item memory** (remembering the answer of a question already seen) helps on repeats, never on
  the exam.

Answers include blind guessing among the options and slips. Prior knowledge varies by learner and
by task. All randomness comes from a seeded generator.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

# ACT-R spacing model (Pavlik & Anderson 2005): decay d = c·e^m + α, time in seconds.
DECAY_SCALE = 0.217
DECAY_BASE = 0.177
PSYCH_TIME = 0.025  # time between study days counts this much (their "h")
SESSION_S = 6 * 3600.0  # ages up to this are counted in full
TAU_CONCEPT = -1.2  # a concept question can be answered from partial recall
TAU_ITEM = -0.704
NOISE_S = 0.255
MIN_AGE_S = 1.0
CONCEPTS_PER_TASK = 10

TRACE_RETRIEVAL = 1.0  # practice that succeeded (testing effect)
TRACE_FEEDBACK = 0.6  # wrong answer followed by the explanation
TRACE_REPEAT = 0.25  # a question seen before teaches the concept little
SLIP = 0.05
DIFFICULTY_LOGIT = 0.9  # per difficulty step away from 2


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass
class _Memory:
    """Traces of one memory: (time in hours, weight, decay)."""

    traces: list[tuple[float, float, float]] = field(default_factory=list)

    def activation(self, t: float) -> float:
        total = 0.0
        for t_j, w_j, d_j in self.traces:
            age = (t - t_j) * 3600.0
            if age > SESSION_S:
                age = SESSION_S + PSYCH_TIME * (age - SESSION_S)
            total += w_j * max(MIN_AGE_S, age) ** (-d_j)
        return math.log(total) if total > 0 else -math.inf

    def practise(self, t: float, weight: float) -> None:
        a = self.activation(t)
        decay = DECAY_SCALE * math.exp(a) + DECAY_BASE if a != -math.inf else DECAY_BASE
        self.traces.append((t, weight, min(decay, 1.5)))


@dataclass(frozen=True)
class SimQuestion:
    id: str
    task: str
    difficulty: int
    options: int  # blind-guess chance is 1 / options
    concept: int  # which of the task's concepts it exercises (unknown to the scheduler)


class SimLearner:
    """One simulated learner. ``t`` is time in hours since the start of the study period."""

    def __init__(self, tasks: Sequence[str], rng: random.Random, ability: float | None = None):
        self.rng = rng
        self.ability = rng.gauss(0.0, 1.0) if ability is None else ability
        # Prior knowledge per task: what the learner already knows from work experience.
        self.prior = {t: _sigmoid(self.ability - 0.9 + rng.gauss(0.0, 0.9)) for t in tasks}
        self.concept_memory = {(t, c): _Memory() for t in tasks for c in range(CONCEPTS_PER_TASK)}
        self.item_memory: dict[str, _Memory] = {}
        self.seen: set[str] = set()

    # -- knowledge ---------------------------------------------------------
    def concept_knowledge(self, task: str, concept: int, t: float) -> float:
        memory = self.concept_memory[(task, concept)]
        learned = _sigmoid((memory.activation(t) - TAU_CONCEPT) / NOISE_S) if memory.traces else 0.0
        p0 = self.prior[task]
        return p0 + (1.0 - p0) * learned

    def task_knowledge(self, task: str, t: float) -> float:
        """P(the learner can solve a fresh average question of the task) at time t."""
        return (
            sum(self.concept_knowledge(task, c, t) for c in range(CONCEPTS_PER_TASK))
            / CONCEPTS_PER_TASK
        )

    def p_correct(self, q: SimQuestion, t: float) -> float:
        base = self.concept_knowledge(q.task, q.concept, t)
        know = _sigmoid(_logit(base) - DIFFICULTY_LOGIT * (q.difficulty - 2))
        memory = self.item_memory.get(q.id)
        if memory is not None:
            recall = _sigmoid((memory.activation(t) - TAU_ITEM) / NOISE_S)
            know = 1.0 - (1.0 - know) * (1.0 - recall)
        solve = know * (1.0 - SLIP)
        return solve + (1.0 - solve) / q.options

    def answer(self, q: SimQuestion, t: float) -> bool:
        correct = self.rng.random() < self.p_correct(q, t)
        repeat = q.id in self.seen
        weight = TRACE_RETRIEVAL if correct else TRACE_FEEDBACK
        if repeat:
            weight *= TRACE_REPEAT
        self.concept_memory[(q.task, q.concept)].practise(t, weight)
        self.item_memory.setdefault(q.id, _Memory()).practise(t, 1.0)
        self.seen.add(q.id)
        return correct

    # -- the exam ----------------------------------------------------------
    def exam_score(self, task_weight: Mapping[str, float], t: float) -> float:
        """Expected share right on an exam of fresh questions (4 options, difficulty 1–3)."""
        total = 0.0
        for task, w in task_weight.items():
            p = 0.0
            for concept in range(CONCEPTS_PER_TASK):
                base = _logit(self.concept_knowledge(task, concept, t))
                for diff in (1, 2, 3):
                    solve = _sigmoid(base - DIFFICULTY_LOGIT * (diff - 2)) * (1.0 - SLIP)
                    p += solve + (1.0 - solve) / 4
            total += w * p / (3 * CONCEPTS_PER_TASK)
        return total

    def mean_knowledge(self, tasks: Sequence[str], t: float) -> float:
        return sum(self.task_knowledge(task, t) for task in tasks) / len(tasks)
