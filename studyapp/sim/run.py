"""The learning benchmark: study policies compared on the same simulated learners.

    python -m studyapp.sim [--learners 12] [--days 60] [--per-day 30] [--seed 1]

Every policy studies the same learners (same prior knowledge, same random draws) with the same
budget, on a synthetic PMP bank. Each policy's answers are also recorded in a StudyEngine of its
own, so that ``readiness()`` can be checked against the learner's true expected exam score.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.clock import ManualClock
from studyapp.engine import StudyEngine
from studyapp.outlines import current_outline
from studyapp.sim.bank import write_synthetic_bank
from studyapp.sim.learner import CONCEPTS_PER_TASK, SimLearner, SimQuestion
from studyapp.sim.policies import (
    BankItem,
    DomainWeightedPolicy,
    FsrsOnlyPolicy,
    LeitnerPolicy,
    Policy,
    RandomPolicy,
    StudyAppPolicy,
    response_for,
)

START = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)
SECONDS_PER_ANSWER = 75.0
STUDY_HOUR = 19
MIN_ANSWERS_FOR_CALIBRATION = 300
POLICIES = ("random", "domain-weighted random", "Leitner boxes", "FSRS only", "StudyApp")


@dataclass
class PolicyResult:
    exam: list[float] = field(default_factory=list)
    gain: list[float] = field(default_factory=list)
    knowledge: list[float] = field(default_factory=list)
    gain_per_hour: list[float] = field(default_factory=list)
    abs_errors: list[float] = field(default_factory=list)
    errors: list[float] = field(default_factory=list)  # predicted − true
    brier: list[float] = field(default_factory=list)


def run_learner(
    index: int,
    *,
    seed: int,
    days: int,
    per_day: int,
    bank_path: Path,
    workdir: Path,
    results: dict[str, PolicyResult],
) -> None:
    outline = current_outline("PMP")
    task_weight = {t.code: d.weight / 100 / len(d.tasks) for d in outline.domains for t in d.tasks}
    domain_weight = {d.code: d.weight / 100 for d in outline.domains}
    tasks = list(task_weight)
    exam_t = days * 24.0 + 9.0
    pass_mark = outline.exam_format.estimates.pass_mark
    learner_seed = seed * 100_003 + index

    for name in POLICIES:
        clock = ManualClock(START)
        engine = StudyEngine.open(
            workdir / f"{name.replace(' ', '-')}-{index}",
            exam="PMP",
            banks=[bank_path],
            clock=clock,
            timezone=dt.UTC,
        )
        try:
            engine.set_exam_date((START + dt.timedelta(days=days)).date())
            engine.set_daily_goal(per_day)
            views = {q.id: q for q in engine.questions()}
            items = [BankItem(q.id, q.task, q.domain) for q in views.values()]
            sim_q = {
                q.id: SimQuestion(
                    q.id,
                    q.task,
                    q.difficulty,
                    4 if q.type == "single" else 10,
                    zlib.crc32(q.id.encode()) % CONCEPTS_PER_TASK,
                )
                for q in views.values()
            }
            learner = SimLearner(tasks, random.Random(learner_seed))
            policy_rng = random.Random(learner_seed + 1)
            response_rng = random.Random(learner_seed + 2)
            outcome_rng = random.Random(learner_seed + 3)
            policy: Policy
            if name == "random":
                policy = RandomPolicy(items, policy_rng)
            elif name == "domain-weighted random":
                policy = DomainWeightedPolicy(items, domain_weight, policy_rng)
            elif name == "Leitner boxes":
                policy = LeitnerPolicy(items, policy_rng)
            elif name == "FSRS only":
                policy = FsrsOnlyPolicy(items)
            else:
                policy = StudyAppPolicy(engine)

            result = results[name]
            initial = 100 * learner.exam_score(task_weight, 0.0)
            knowledge_total = 0.0
            answers = 0
            for day in range(days):
                t = day * 24.0 + STUDY_HOUR
                clock.now = START + dt.timedelta(hours=t)
                for qid in policy.pick(clock.now, per_day):
                    correct = learner.answer(sim_q[qid], t)
                    engine.record_answer(
                        qid, response_for(views[qid], correct, response_rng), SECONDS_PER_ANSWER
                    )
                    policy.record(qid, correct, clock.now)
                    answers += 1
                    t += SECONDS_PER_ANSWER / 3600
                    clock.now = START + dt.timedelta(hours=t)
                knowledge_total += learner.mean_knowledge(tasks, day * 24.0 + 23.0)
                if answers >= MIN_ANSWERS_FOR_CALIBRATION:
                    r = engine.readiness()
                    if r.enough_evidence and r.predicted_score is not None:
                        truth = learner.exam_score(task_weight, exam_t)
                        result.abs_errors.append(abs(r.predicted_score - 100 * truth))
                        result.errors.append(r.predicted_score - 100 * truth)
                        sitting = _sitting(truth, outline.exam_format.scored, outcome_rng)
                        passed = 1.0 if 100 * sitting >= pass_mark else 0.0
                        assert r.pass_probability is not None
                        result.brier.append((r.pass_probability - passed) ** 2)
            final = 100 * learner.exam_score(task_weight, exam_t)
            hours = answers * SECONDS_PER_ANSWER / 3600
            result.exam.append(final)
            result.gain.append(final - initial)
            result.knowledge.append(100 * knowledge_total / days)
            result.gain_per_hour.append((final - initial) / hours if hours else 0.0)
        finally:
            engine.close()


def _sitting(p: float, n: int, rng: random.Random) -> float:
    """The share right in one sitting of ``n`` questions for a learner whose expected share is p."""
    return sum(1 for _ in range(n) if rng.random() < p) / n


def _mean_se(values: Sequence[float]) -> tuple[float, float]:
    if not values:
        return (math.nan, math.nan)
    mean = statistics.fmean(values)
    se = statistics.stdev(values) / math.sqrt(len(values)) if len(values) > 1 else 0.0
    return mean, se


def format_table(
    results: dict[str, PolicyResult], *, learners: int, days: int, per_day: int
) -> str:
    lines = [
        f"Learning benchmark: {learners} simulated learners, {days} days × {per_day} questions, "
        "synthetic PMP bank",
        "",
        "| policy | exam score (%) | gain (pts) | mean knowledge (%) | pts per study hour "
        "| readiness MAE (pts) | readiness bias (pts) | Brier (pass) |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name in POLICIES:
        r = results[name]
        exam, se = _mean_se(r.exam)
        if r.abs_errors:
            calibration = (
                f"{statistics.fmean(r.abs_errors):.1f} | {statistics.fmean(r.errors):+.1f} "
                f"| {statistics.fmean(r.brier):.3f}"
            )
        else:
            calibration = "n/a¹ | n/a¹ | n/a¹"
        lines.append(
            f"| {name} | {exam:.1f} ± {se:.1f} | {statistics.fmean(r.gain):.1f} "
            f"| {statistics.fmean(r.knowledge):.1f} | {statistics.fmean(r.gain_per_hour):.2f} "
            f"| {calibration} |"
        )
    ours = results["StudyApp"].exam
    if any(not results[n].abs_errors for n in POLICIES):
        lines.append("")
        lines.append(
            "¹ readiness() never had enough evidence: the policy had not reached every domain "
            "(10 new questions in each) during the period."
        )
    lines.append("")
    for name in POLICIES[:-1]:
        diffs = [a - b for a, b in zip(ours, results[name].exam, strict=True)]
        mean, se = _mean_se(diffs)
        lines.append(f"StudyApp − {name}: {mean:+.1f} ± {se:.1f} points (paired, ± 1 s.e.)")
    return "\n".join(lines)


def main(
    argv: Sequence[str] | None = None, out: Callable[[str], None] = print
) -> dict[str, PolicyResult]:
    parser = argparse.ArgumentParser(prog="python -m studyapp.sim", description=__doc__)
    parser.add_argument("--learners", type=int, default=12)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--per-day", type=int, default=30)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--per-task", type=int, default=80, help="bank questions per task (80: about 2,080)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    results = {name: PolicyResult() for name in POLICIES}
    with tempfile.TemporaryDirectory(prefix="studyapp-sim-") as tmp:
        workdir = Path(tmp)
        bank = write_synthetic_bank(
            workdir / "bank" / "sim.yaml", current_outline("PMP"), args.per_task, args.seed
        )
        for i in range(args.learners):
            run_learner(
                i,
                seed=args.seed,
                days=args.days,
                per_day=args.per_day,
                bank_path=bank,
                workdir=workdir,
                results=results,
            )
            print(f"  learner {i + 1}/{args.learners} done", file=sys.stderr)
    out(format_table(results, learners=args.learners, days=args.days, per_day=args.per_day))
    out(f"\n(seed {args.seed}; {time.perf_counter() - started:.0f} s)")
    return results
