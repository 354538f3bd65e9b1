"""Coverage of banks against their outline: counts per domain and task next to the weights."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from studyapp.banks import model as m
from studyapp.outlines import Outline

_ROLE = re.compile(
    r"\b(you|your|project managers?|teams?|sponsors?|product owners?|scrum masters?|"
    r"stakeholders?|vendors?|suppliers?|clients?|customers?|directors?|managers?|engineers?|"
    r"developers?|auditors?|regulators?|steering|committees?|users?|owners?|leads?|analysts?)\b",
    re.IGNORECASE,
)
_JUDGEMENT = re.compile(
    r"\b(should|would|best|next|first|most|least|main|primary|likely|actions?|how (do|does|can)|"
    r"click|explains?|means?|indicates?|shows?|causes?|reasons?|respond|handle)\b",
    re.IGNORECASE,
)


def is_situational(q: m.Question, scenario_text: str = "") -> bool:
    """A stem (or its case) that sets a scene with people in it, then asks for a judgement.

    A heuristic for the coverage report: the scene is the text before the question sentence
    (at least 12 words naming a role), the question asks what to do, what is best, or what a
    chart or a figure shows. Pure recall ("Which term means…?" on its own) does not count.
    """
    stem = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", q.stem)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", stem.strip()) if s]
    if not sentences:
        return False
    asks = max(
        (i for i, s in enumerate(sentences) if s.rstrip("*").endswith("?")),
        default=len(sentences) - 1,
    )
    scene = " ".join(sentences[:asks]) + " " + scenario_text
    return (
        len(scene.split()) >= 12
        and _ROLE.search(scene) is not None
        and _JUDGEMENT.search(sentences[asks]) is not None
    )


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
    situational: int = 0
    families: dict[str, int] = field(default_factory=dict)  # generator families per task


def outline_stats(outline: Outline, banks: Iterable[m.Bank]) -> OutlineStats:
    """Count the questions of ``banks`` that belong to ``outline``.

    A question counts once, for the domain of its first task; each of its tasks counts it.
    """
    mine = [b for b in banks if b.bank.outline == outline.id]
    questions = [q for b in mine for q in b.questions]
    scenes = {(id(b), s.id): s.text for b in mine for s in b.scenarios}
    situational = sum(
        is_situational(q, scenes.get((id(b), q.scenario or ""), ""))
        for b in mine
        for q in b.questions
    )
    families: Counter[str] = Counter()
    for b in mine:
        for g in b.generators:
            for code in g.tasks or _generator_tasks(g.generator):
                families[code] += 1
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
        situational,
        dict(families),
    )


def _generator_tasks(name: str) -> tuple[str, ...]:
    from studyapp.generators import REGISTRY

    spec = REGISTRY.get(name)
    return spec.tasks if spec else ()


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
            fam = stats.families.get(t.code, 0)
            extra = f"   +{fam} formula famil{'y' if fam == 1 else 'ies'}" if fam else ""
            lines.append(
                f"  {t.code:<14} {name:<56} {t.count:>6} {'':>16}   {types:<19}   {approach:<9}"
                f"{extra}".rstrip()
            )
    if stats.questions:
        lines.append("")
        lines.append("(types: single, multiple, matching, numeric, hotspot, ordering; approach:")
        lines.append(" predictive, agile, hybrid — 'any' is not counted in the approach columns)")
        lines.append("types: " + ", ".join(f"{k} {v}" for k, v in stats.by_type.items()))
        pct = 100 * stats.situational / stats.questions
        lines.append(
            f"situational: {stats.situational} ({pct:.0f} %; a scene with a role, then a "
            "judgement: what to do, what is best, what a chart shows)"
        )
        lines.append("approach: " + ", ".join(f"{k} {v}" for k, v in stats.by_approach.items()))
        lines.append(
            "difficulty: " + ", ".join(f"{k}: {v}" for k, v in stats.by_difficulty.items())
        )
    return "\n".join(lines)
