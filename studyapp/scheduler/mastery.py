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

* **Repeats count less.** A second answer to a question the learner has already seen may come
  from memory of that item (recognising a multiple-choice answer is easy) rather than skill in
  the task. The engine weighs it at most ``MAX_REPEAT_WEIGHT``, scaled by the chance that the
  item was forgotten (1 − its FSRS retrievability just before the answer), so re-drilling
  remembered questions cannot inflate mastery.
* **Knowledge moves.** The learner learns as they study and forgets between sessions, so θ is
  a random walk (a Kalman filter): every answer adds ``DRIFT_PER_ANSWER`` to the variance and
  every day away ``DRIFT_PER_DAY``. The estimate then follows the learner with an effective
  memory of roughly the last 20 answers of the task instead of averaging over all history.
  Practice with feedback is also expected to teach a little: each answer moves θ up by
  ``LEARNING_PER_ANSWER`` (the per-opportunity learning rate of the Additive Factors Model,
  Cen, Koedinger & Junker 2006), which the next answers confirm or correct.
* **Tasks are related.** An unseen task starts from the learner's pooled ability over the
  tasks seen so far (shrunk to the population prior), not from zero.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

PRIOR_MEAN = -0.5
PRIOR_VAR = 1.5**2
MIN_REPEAT_WEIGHT = 0.05
MAX_REPEAT_WEIGHT = 0.15
DRIFT_PER_ANSWER = 0.02
LEARNING_PER_ANSWER = 0.02
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
        self,
        *,
        correct: float,
        b: float,
        c: float,
        day: float,
        weight: float = 1.0,
        first: bool = True,
    ) -> None:
        """Update with one answer (``correct`` may be a partial score in 0..1)."""
        drift = DRIFT_PER_ANSWER * weight
        if self.last_day is not None and day > self.last_day:
            drift += DRIFT_PER_DAY * (day - self.last_day)
        self.var = min(PRIOR_VAR, self.var + drift)
        self.last_day = day if self.last_day is None else max(self.last_day, day)
        s = sigmoid(self.mean - b)
        p = c + (1.0 - c) * s
        p = min(max(p, 1e-6), 1 - 1e-6)
        dp = (1.0 - c) * s * (1.0 - s)
        gradient = weight * (correct - p) * dp / (p * (1.0 - p))
        info = weight * dp * dp / (p * (1.0 - p))
        self.var = max(MIN_VAR, 1.0 / (1.0 / self.var + info))
        # Learning from the practice and its feedback (the Additive Factors Model's
        # per-opportunity learning rate), applied after the evidence of this answer.
        self.mean += self.var * gradient + LEARNING_PER_ANSWER * weight
        self.answers += 1
        if first:
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
        weight: float = 1.0,
        first: bool = True,
    ) -> None:
        """``weight`` < 1 for evidence that may come from memory of the item (a repeat)."""
        for code in tasks:
            ability = self.tasks.get(code)
            if ability is None:
                continue  # a task of another outline
            if ability.answers == 0:
                pooled = self.pooled_prior()
                ability.mean, ability.var = pooled.mean, pooled.var
            ability.observe(correct=correct, b=b, c=c, day=day, weight=weight, first=first)

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
