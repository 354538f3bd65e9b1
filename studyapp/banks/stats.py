"""Coverage of banks against their outline: counts per domain and task next to the weights."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from studyapp.banks import model as m
from studyapp.outlines import Outline


@dataclass(frozen=True)
class TaskRow:
    code: str
    name: str
    count: int
    types: dict[str, int] = field(default_factory=dict)
    approaches: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class DomainRow:
    code: str
    name: str
    weight: int
    count: int
    share: float  # percent of the questions counted for this outline
    tasks: tuple[TaskRow, ...]


@dataclass(frozen=True)
class OutlineStats:
    outline: Outline
    questions: int
    domains: tuple[DomainRow, ...]
    by_type: dict[str, int]
    by_approach: dict[str, int]
    by_difficulty: dict[int, int]


def outline_stats(outline: Outline, banks: Iterable[m.Bank]) -> OutlineStats:
    """Count the questions of ``banks`` that belong to ``outline``.

    A question counts once, for the domain of its first task; each of its tasks counts it.
    """
    questions = [q for b in banks if b.bank.outline == outline.id for q in b.questions]
    per_task: Counter[str] = Counter()
    per_domain: Counter[str] = Counter()
    task_types: dict[str, Counter[str]] = {}
    task_approaches: dict[str, Counter[str]] = {}
    for q in questions:
        for code in q.tasks:
            per_task[code] += 1
            task_types.setdefault(code, Counter())[q.type] += 1
            task_approaches.setdefault(code, Counter())[q.approach] += 1
        domain = outline.domain_of(q.tasks[0])
        if domain is not None:
            per_domain[domain.code] += 1
    total = len(questions)
    rows = tuple(
        DomainRow(
            d.code,
            d.name,
            d.weight,
            per_domain[d.code],
            100.0 * per_domain[d.code] / total if total else 0.0,
            tuple(
                TaskRow(
                    t.code,
                    t.name,
                    per_task[t.code],
                    dict(task_types.get(t.code, {})),
                    dict(task_approaches.get(t.code, {})),
                )
                for t in d.tasks
            ),
        )
        for d in outline.domains
    )
    return OutlineStats(
        outline,
        total,
        rows,
        dict(Counter(q.type for q in questions).most_common()),
        dict(Counter(q.approach for q in questions).most_common()),
        dict(sorted(Counter(q.difficulty for q in questions).items())),
    )


def format_stats(stats: OutlineStats) -> str:
    """A plain-text table for the terminal."""
    o = stats.outline
    lines = [f"{o.id} — {o.title}: {stats.questions} questions", ""]
    lines.append(
        f"{'Domain / task':<72} {'count':>6} {'share':>7} {'weight':>7}   "
        "types (s m x n h o)   approach (p a h)"
    )
    for d in stats.domains:
        delta = d.share - d.weight
        flag = "" if stats.questions == 0 or abs(delta) <= 3 else f"  ({delta:+.1f} pts)"
        label = f"{d.code} {d.name}"
        lines.append(f"{label:<72} {d.count:>6} {d.share:>6.1f}% {d.weight:>6}%{flag}")
        for t in d.tasks:
            name = t.name if len(t.name) <= 56 else t.name[:55] + "…"
            types = " ".join(
                str(t.types.get(k, 0))
                for k in ("single", "multiple", "matching", "numeric", "hotspot", "ordering")
            )
            approach = " ".join(
                str(t.approaches.get(k, 0)) for k in ("predictive", "agile", "hybrid")
            )
            lines.append(
                f"  {t.code:<14} {name:<56} {t.count:>6} {'':>16}   {types:<19}   {approach}"
            )
    if stats.questions:
        lines.append("")
        lines.append("(types: single, multiple, matching, numeric, hotspot, ordering; approach:")
        lines.append(" predictive, agile, hybrid — 'any' is not counted in the approach columns)")
        lines.append("types: " + ", ".join(f"{k} {v}" for k, v in stats.by_type.items()))
        lines.append("approach: " + ", ".join(f"{k} {v}" for k, v in stats.by_approach.items()))
        lines.append(
            "difficulty: " + ", ".join(f"{k}: {v}" for k, v in stats.by_difficulty.items())
        )
    return "\n".join(lines)
