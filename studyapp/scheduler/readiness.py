"""Readiness: the predicted exam score on the exam date, with its uncertainty.

For every task the mastery model gives a belief N(μ, v) about the learner's ability. The part of
that ability above the prior is projected to the exam date with the retrievability of the task's
own FSRS card (reviewed once on each day the task was practised, so it reflects how the practice
was spaced): half of it is treated as durable understanding, half as fading with memory (a
modelling choice, documented in ``docs/engine.md``). Each domain's expected share of
right answers on *fresh* questions is averaged over its tasks, and the domains are weighted by
the outline. Monte Carlo draws of the abilities plus the binomial noise of a real sitting give the
80 % interval and the pass probability.

PMI publishes no passing score and no rating thresholds: the values used here come from the
outline data (``estimates:``) and are estimates.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from studyapp.outlines import Outline
from studyapp.scheduler.mastery import (
    EXAM_ITEM_B,
    EXAM_ITEM_GUESS,
    PRIOR_MEAN,
    MasteryModel,
    TaskAbility,
    p_right,
)

DURABLE_SHARE = 0.5
SAMPLES = 400
#: Evidence needed before a prediction is shown.
MIN_FIRST_ATTEMPTS = 60
MIN_PER_DOMAIN = 10


@dataclass(frozen=True)
class DomainReadiness:
    code: str
    name: str
    weight: int
    predicted: float  # percent
    rating: str
    answered: int


@dataclass(frozen=True)
class Readiness:
    """A prediction, or ``enough_evidence=False`` with what is still needed."""

    enough_evidence: bool
    predicted_score: float | None = None  # percent
    interval: tuple[float, float] | None = None  # 80 % interval, percent
    pass_probability: float | None = None
    pass_mark: float | None = None  # the estimated passing percentage used
    domains: tuple[DomainReadiness, ...] = ()
    answered: int = 0
    needed: int = 0  # more first attempts needed before a prediction
    needed_by_domain: Mapping[str, int] | None = None
    message: str = ""


def rating_for(percent: float, thresholds: Mapping[str, float]) -> str:
    if percent >= thresholds["above_target"]:
        return "Above Target"
    if percent >= thresholds["target"]:
        return "Target"
    if percent >= thresholds["below_target"]:
        return "Below Target"
    return "Needs Improvement"


def _projected(ability: TaskAbility, retention: float) -> TaskAbility:
    keep = DURABLE_SHARE + (1.0 - DURABLE_SHARE) * retention
    return TaskAbility(mean=PRIOR_MEAN + (ability.mean - PRIOR_MEAN) * keep, var=ability.var)


def compute_readiness(
    *,
    outline: Outline,
    mastery: MasteryModel,
    retention: Mapping[str, float],
    first_attempts_by_domain: Mapping[str, int],
    pass_mark: float,
    thresholds: Mapping[str, float],
    seed: int,
) -> Readiness:
    """``retention``: per task, the FSRS retrievability of the task's card at the exam date."""
    answered = sum(first_attempts_by_domain.values())
    short = {
        d.name: max(0, MIN_PER_DOMAIN - first_attempts_by_domain.get(d.code, 0))
        for d in outline.domains
    }
    needed = max(MIN_FIRST_ATTEMPTS - answered, sum(short.values()))
    if needed > 0:
        parts = [f"{n} more in {name}" for name, n in short.items() if n]
        detail = f" (at least {', '.join(parts)})" if parts else ""
        return Readiness(
            enough_evidence=False,
            answered=answered,
            needed=needed,
            needed_by_domain={k: v for k, v in short.items() if v},
            message=f"Not enough evidence yet: answer {needed} more new questions{detail}.",
        )

    projected = {
        code: _projected(mastery.ability(code), retention.get(code, 1.0)) for code in mastery.tasks
    }
    weights = [d.weight / 100.0 for d in outline.domains]
    domain_tasks: list[Sequence[str]] = [[t.code for t in d.tasks] for d in outline.domains]

    domain_expected = [
        sum(projected[c].expected_p() for c in codes) / len(codes) for codes in domain_tasks
    ]
    expected = sum(w * p for w, p in zip(weights, domain_expected, strict=True))

    rng = random.Random(seed)
    n_items = outline.exam_format.scored
    samples: list[float] = []
    for _ in range(SAMPLES):
        score = 0.0
        for w, codes in zip(weights, domain_tasks, strict=True):
            ps = [
                p_right(
                    rng.gauss(projected[c].mean, math.sqrt(projected[c].var)),
                    EXAM_ITEM_B,
                    EXAM_ITEM_GUESS,
                )
                for c in codes
            ]
            score += w * sum(ps) / len(ps)
        # A real sitting draws a finite set of questions: add the binomial noise.
        sd = math.sqrt(max(score * (1 - score), 1e-9) / n_items)
        samples.append(min(1.0, max(0.0, rng.gauss(score, sd))))
    samples.sort()
    low = samples[int(0.10 * (SAMPLES - 1))]
    high = samples[int(0.90 * (SAMPLES - 1))]
    p_pass = sum(1 for s in samples if s * 100 >= pass_mark) / SAMPLES

    domains = tuple(
        DomainReadiness(
            d.code,
            d.name,
            d.weight,
            100 * p,
            rating_for(100 * p, thresholds),
            first_attempts_by_domain.get(d.code, 0),
        )
        for d, p in zip(outline.domains, domain_expected, strict=True)
    )
    return Readiness(
        enough_evidence=True,
        predicted_score=100 * expected,
        interval=(100 * low, 100 * high),
        pass_probability=p_pass,
        pass_mark=pass_mark,
        domains=domains,
        answered=answered,
        message=(
            f"Predicted {100 * expected:.0f} % (80 % interval {100 * low:.0f}–{100 * high:.0f} %), "
            f"pass probability {100 * p_pass:.0f} % against an estimated pass mark of "
            f"{pass_mark:.0f} %."
        ),
    )
