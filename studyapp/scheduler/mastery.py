"""Topic mastery: an ability per outline task, estimated with a 3-parameter IRT model.

Each task *t* has an ability θ_t. A question of difficulty *b* with a blind-guess chance *c* is
answered right with probability

    P(right | θ) = c + (1 − c) · σ(θ − b)

so a learner who gets 1 of 4 right by guessing has P ≈ c, which the model explains with a *low*
θ, not with 25 % mastery. Our belief about θ_t is a normal distribution N(μ, v), updated after
every answer by one Newton step on the log-likelihood with the expected (Fisher) information
(the same approximation Glicko uses for chess ratings), so each update costs O(1) and the
variance gives honest uncertainty for readiness intervals.

Three details matter for the exam, whose questions the learner has never seen:

* **Repeats count less.** A second answer to a question the learner has already seen says more
  about memory of that item than about the task, so it updates θ with weight ``REPEAT_WEIGHT``.
* **Knowledge moves.** Learning and forgetting make θ drift; the variance grows with the days
  since the task was last seen (``DRIFT_PER_DAY``) so that recent evidence outweighs old.
* **Tasks are related.** An unseen task starts from the learner's pooled ability over the
  tasks seen so far (shrunk to the population prior), not from zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

PRIOR_MEAN = 0.0
PRIOR_VAR = 1.5**2
REPEAT_WEIGHT = 0.3
DRIFT_PER_DAY = 0.01
MIN_VAR = 0.02
#: Difficulty 1/2/3 in a bank → b on the logit scale.
DIFFICULTY_B = {1: -1.0, 2: 0.0, 3: 1.0}
#: A typical exam item for predictions: average difficulty, four options.
EXAM_ITEM_B = 0.0
EXAM_ITEM_GUESS = 0.25


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def p_right(theta: float, b: float, c: float) -> float:
    return c + (1.0 - c) * sigmoid(theta - b)


@dataclass
class TaskAbility:
    mean: float = PRIOR_MEAN
    var: float = PRIOR_VAR
    answers: int = 0  # first attempts plus repeats
    first_attempts: int = 0
    last_day: float | None = None  # days since an epoch, for drift

    def observe(
        self, *, correct: float, b: float, c: float, day: float, weight: float = 1.0
    ) -> None:
        """Update with one answer (``correct`` may be a partial score in 0..1)."""
        if self.last_day is not None and day > self.last_day:
            self.var = min(PRIOR_VAR, self.var + DRIFT_PER_DAY * (day - self.last_day))
        self.last_day = day if self.last_day is None else max(self.last_day, day)
        s = sigmoid(self.mean - b)
        p = c + (1.0 - c) * s
        p = min(max(p, 1e-6), 1 - 1e-6)
        dp = (1.0 - c) * s * (1.0 - s)
        gradient = weight * (correct - p) * dp / (p * (1.0 - p))
        info = weight * dp * dp / (p * (1.0 - p))
        self.var = max(MIN_VAR, 1.0 / (1.0 / self.var + info))
        self.mean += self.var * gradient
        self.answers += 1
        if weight >= 1.0:
            self.first_attempts += 1

    def expected_p(self, b: float = EXAM_ITEM_B, c: float = EXAM_ITEM_GUESS) -> float:
        """P(right) on a fresh item, averaged over our uncertainty about θ (probit approx.)."""
        scale = 1.0 / math.sqrt(1.0 + math.pi * self.var / 8.0)
        return c + (1.0 - c) * sigmoid((self.mean - b) * scale)


class MasteryModel:
    """Abilities for every task of an outline."""

    def __init__(self, task_codes: Iterable[str]) -> None:
        self.tasks: dict[str, TaskAbility] = {code: TaskAbility() for code in task_codes}

    def observe(
        self,
        tasks: Iterable[str],
        *,
        correct: float,
        b: float,
        c: float,
        day: float,
        repeat: bool,
    ) -> None:
        for code in tasks:
            ability = self.tasks.get(code)
            if ability is None:
                continue  # a task of another outline
            if ability.answers == 0:
                pooled = self.pooled_prior()
                ability.mean, ability.var = pooled.mean, pooled.var
            ability.observe(
                correct=correct, b=b, c=c, day=day, weight=REPEAT_WEIGHT if repeat else 1.0
            )

    def pooled_prior(self) -> TaskAbility:
        """The belief about a task not yet seen: the seen tasks' abilities, shrunk to the prior."""
        seen = [a for a in self.tasks.values() if a.answers]
        if not seen:
            return TaskAbility()
        precision = 1.0 / PRIOR_VAR
        total = PRIOR_MEAN / PRIOR_VAR
        for a in seen:
            # Each seen task is evidence about the learner's general level, discounted because
            # tasks differ (between-task spread of 1.0 logit assumed).
            w = 1.0 / (a.var + 1.0)
            precision += w
            total += w * a.mean
        mean = total / precision
        return TaskAbility(mean=mean, var=max(1.0, 1.0 / precision + 1.0))

    def ability(self, code: str) -> TaskAbility:
        a = self.tasks[code]
        return a if a.answers else self.pooled_prior()
