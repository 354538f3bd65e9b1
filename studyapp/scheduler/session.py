"""Which questions to study next: due reviews, weak tasks, new tasks, interleaved.

The exam asks questions the learner has never seen, so the builder spends most of a session on
*fresh* questions in the tasks where the learner is weakest (relative to the task's exam weight)
and only a bounded share on FSRS reviews of questions already seen, preferring the ones that were
answered wrongly. Picks are spread across tasks (interleaving) and never repeat a question.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from fsrs import Card

from studyapp.scheduler.mastery import MasteryModel, p_right
from studyapp.scheduler.memory import DESIRED_RETENTION, retrievability

#: The P(right) on a fresh question a task should reach; weakness is the gap to it.
TARGET_P = 0.85
#: How much our uncertainty about a task adds to its need (explore tasks we know little about).
UNCERTAINTY_BONUS = 0.25
#: After a task receives a pick, its need is multiplied by this (spreads picks across tasks).
SPREAD = 0.55
#: A fresh question is most useful when the learner answers it right about this often.
DESIRABLE_P = 0.7


@dataclass(frozen=True)
class Item:
    """What the builder needs to know about one question."""

    id: str
    task: str
    b: float
    c: float
    family: str | None = None  # a generator family: its instances are interchangeable


@dataclass
class ItemHistory:
    attempts: int
    last_seen: dt.datetime
    last_correct: bool
    card: Card | None


@dataclass(frozen=True)
class Pick:
    question_id: str
    reason: str


def review_share(days_left: int | None) -> float:
    """Share of a session for reviews: lower near the exam, when coverage matters more."""
    if days_left is None or days_left > 30:
        return 0.2
    if days_left > 14:
        return 0.15
    return 0.1


def build_session(
    *,
    items: Sequence[Item],
    history: Mapping[str, ItemHistory],
    mastery: MasteryModel,
    task_weight: Mapping[str, float],
    task_names: Mapping[str, str],
    now: dt.datetime,
    days_left: int | None,
    size: int,
    rng: random.Random,
) -> list[Pick]:
    if size <= 0 or not items:
        return []
    picks: list[Pick] = []
    taken: set[str] = set()
    by_task: dict[str, list[Item]] = {}
    for item in items:
        by_task.setdefault(item.task, []).append(item)

    # 1. Due reviews (bounded share): wrong last time first, then the most forgotten. A question
    #    answered right and merely fading is re-drilled only when nothing fresher is left: the
    #    exam asks new questions, and a fresh question on the same task also spaces the task.
    due: list[tuple[int, float, str]] = []
    for item in items:
        h = history.get(item.id)
        if h is None or h.card is None:
            continue
        r = retrievability(h.card, now)
        if r < DESIRED_RETENTION or h.card.due <= now:
            due.append((0 if not h.last_correct else 1, r, item.id))
    due.sort()
    wrong_due = sum(1 for d in due if d[0] == 0)
    quota = min(wrong_due, round(size * review_share(days_left)))
    family_of = {i.id: i.family for i in items if i.family}
    fresh_in_family: dict[str, list[str]] = {}
    for item in items:
        if item.family and item.id not in history:
            fresh_in_family.setdefault(item.family, []).append(item.id)
    families: set[str] = set()  # at most one instance of a generator family per session

    def add(qid: str, reason: str) -> None:
        picks.append(Pick(qid, reason))
        taken.add(qid)
        if qid in family_of:
            families.add(family_of[qid])

    for _, _, qid in due[:quota]:
        family = family_of.get(qid)
        if family is None:
            add(qid, "due review")
        elif family not in families:
            # Review a formula with new numbers: a fresh instance of the same family.
            unseen = [f for f in fresh_in_family.get(family, []) if f not in taken]
            add(unseen[0] if unseen else qid, "due review (new numbers)")

    # 2. Weak and new tasks: need = exam weight × (gap to target + uncertainty bonus).
    need: dict[str, float] = {}
    for code, task_items in by_task.items():
        ability = mastery.ability(code) if code in mastery.tasks else None
        if ability is None:
            continue
        gap = max(0.0, TARGET_P - ability.expected_p())
        need[code] = task_weight.get(code, 0.0) * (gap + UNCERTAINTY_BONUS * ability.var**0.5)
        # A little jitter so that near-equal tasks (a new learner's) are not taken in code order.
        need[code] *= 1.0 + 0.1 * rng.random()
        if not task_items:
            need[code] = 0.0
    while len(picks) < size and need:
        code = max(need, key=lambda k: (need[k], k))
        if need[code] <= 0:
            break
        candidates = [i for i in by_task[code] if i.family is None or i.family not in families]
        pick = _fresh_or_oldest(candidates, history, taken, mastery, code, now, rng)
        if pick is None:
            del need[code]
            continue
        item, fresh = pick
        seen_task = mastery.tasks[code].answers > 0
        if fresh:
            reason = f"weak topic: {task_names.get(code, code)}" if seen_task else "new topic"
        else:
            reason = "mixed practice"
        add(item.id, reason)
        need[code] *= SPREAD

    # 3. Anything left (every task exhausted or without weight): more reviews, then the rest.
    if len(picks) < size:
        for _, _, qid in due[quota:]:
            if len(picks) >= size:
                break
            if qid not in taken and family_of.get(qid) not in families:
                add(qid, "due review")
    if len(picks) < size:
        rest = [i for i in items if i.id not in taken]
        rng.shuffle(rest)
        for item in rest:
            if len(picks) >= size:
                break
            if item.family is None or item.family not in families:
                add(item.id, "mixed practice")
    return interleave(picks, {i.id: i.task for i in items})


def _fresh_or_oldest(
    task_items: Sequence[Item],
    history: Mapping[str, ItemHistory],
    taken: set[str],
    mastery: MasteryModel,
    code: str,
    now: dt.datetime,
    rng: random.Random,
) -> tuple[Item, bool] | None:
    """An unseen question of the task at a desirable difficulty, else the longest unseen one."""
    fresh = [i for i in task_items if i.id not in taken and i.id not in history]
    if fresh:
        theta = mastery.ability(code).mean
        # Closest to the desirable success rate; random tie-break keeps sessions varied.
        best = min(fresh, key=lambda i: (abs(p_right(theta, i.b, i.c) - DESIRABLE_P), rng.random()))
        return best, True
    seen = [i for i in task_items if i.id not in taken]
    if not seen:
        return None
    oldest = min(seen, key=lambda i: (history[i.id].last_seen, i.id))
    if history[oldest.id].last_seen > now - dt.timedelta(days=1):
        return None  # everything in this task was practised today: leave it
    return oldest, False


def interleave(picks: list[Pick], task_of: Mapping[str, str]) -> list[Pick]:
    """Reorder so that consecutive questions come from different tasks where possible."""
    remaining = list(picks)
    out: list[Pick] = []
    last_task: str | None = None
    while remaining:
        index = next(
            (i for i, p in enumerate(remaining) if task_of.get(p.question_id) != last_task), 0
        )
        chosen = remaining.pop(index)
        out.append(chosen)
        last_task = task_of.get(chosen.question_id)
    return out
