"""How fast does a large bank load?

Generates a synthetic bank of realistic questions (10,000 by default, about 14 MB of YAML) and
prints, side by side in one run:

* the floor: a bare ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the file;
* the app's full parse + validation with line marks (``load_bank_file`` without a cache);
* the app's open of the same, unchanged bank (content hash found in the validated-bank cache).

Targets: full validation within 1.5x of the bare load; an unchanged bank opens in <= 0.2 s.
Run: ``.venv/bin/python benchmarks/bank_load.py [--questions N] [--repeat R]``.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from studyapp.banks import BankCache, load_bank_file
from studyapp.outlines import load_outlines

WORDS = [
    "project",
    "team",
    "sponsor",
    "stakeholder",
    "backlog",
    "iteration",
    "release",
    "risk",
    "issue",
    "change",
    "request",
    "baseline",
    "schedule",
    "budget",
    "vendor",
    "contract",
    "quality",
    "defect",
    "customer",
    "product",
    "owner",
    "scrum",
    "kanban",
    "velocity",
    "forecast",
    "milestone",
    "deliverable",
    "requirement",
    "acceptance",
    "criteria",
    "review",
    "retrospective",
    "dependency",
    "resource",
    "estimate",
    "variance",
    "governance",
    "compliance",
    "audit",
    "value",
    "benefit",
    "roadmap",
    "increment",
    "integration",
    "deployment",
    "migration",
    "cloud",
    "service",
    "desk",
    "upgrade",
]


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    size = 0
    while size < chars:
        s = _sentence(rng, min(rng.randint(8, 16), max(3, (chars - size) // 7)))
        out.append(s)
        size += len(s) + 1
    return " ".join(out)


def make_bank(n: int, seed: int = 1) -> str:
    """A bank of ``n`` questions in the shape trainers write (block scalars, flow lists)."""
    rng = random.Random(seed)
    tasks = [t.code for _, t in load_outlines()["PMP2026"].tasks()]
    lines = [
        "format_version: 1",
        "bank:",
        "  id: synthetic",
        "  title: Synthetic benchmark bank",
        "  exam: PMP",
        "  outline: PMP2026",
        "  version: 1.0.0",
        "  authors: [Benchmark]",
        "  licence: CC0-1.0",
        "questions:",
    ]

    def block(key: str, text: str, indent: int) -> None:
        pad = " " * indent
        lines.append(f"{pad}{key}: >-")
        lines.append(f"{pad}  {text}")

    for i in range(n):
        kind = ("single", "single", "single", "multiple", "ordering")[i % 5]
        lines.append(f"  - id: q{i:05d}")
        lines.append(f"    type: {kind}")
        block("stem", _text(rng, 150) + (" Choose two." if kind == "multiple" else ""), 4)
        count = 5 if kind == "multiple" else 4
        ids = "abcdefgh"[:count]
        if kind == "multiple":
            lines.append("    choose: 2")
        lines.append("    options:")
        for oid in ids:
            lines.append(f"      - id: {oid}")
            block("text", f"Option {oid} {i}: " + _text(rng, 30), 8)
            block("rationale", _text(rng, 80), 8)
        if kind == "single":
            lines.append(f"    answer: {rng.choice(ids)}")
        elif kind == "multiple":
            lines.append(f"    answer: [{', '.join(rng.sample(ids, 2))}]")
        else:
            order = list(ids)
            rng.shuffle(order)
            lines.append(f"    answer: [{', '.join(order)}]")
        block("explanation", _text(rng, 120), 4)
        lines.append(f"    tasks: [{rng.choice(tasks)}]")
        lines.append(f"    approach: {rng.choice(['predictive', 'agile', 'hybrid'])}")
        lines.append(f"    difficulty: {rng.randint(1, 3)}")
        lines.append("    references: [PMBOK Guide 8th ed., Agile Practice Guide]")
        lines.append(f"    tags: [{rng.choice(WORDS)}, {rng.choice(WORDS)}]")
    return "\n".join(lines) + "\n"


def best_of(repeat: int, fn: Callable[[], object]) -> tuple[float, float]:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "synthetic.yaml"
        path.write_text(make_bank(args.questions), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        print(f"bank: {args.questions} questions, {size_mb:.1f} MB of YAML")

        def bare() -> object:
            with path.open("rb") as f:
                return yaml.load(f, Loader=yaml.CSafeLoader)

        def full() -> object:
            loaded = load_bank_file(path)
            assert loaded.ok, loaded.problems[:3]
            return loaded

        cache = BankCache(folder / "cache")
        first = load_bank_file(path, cache=cache)  # fills the cache
        assert first.ok and not first.from_cache

        def cached() -> object:
            loaded = load_bank_file(path, cache=cache)
            assert loaded.ok and loaded.from_cache
            return loaded

        bare_best, bare_med = best_of(args.repeat, bare)
        full_best, full_med = best_of(args.repeat, full)
        cache_best, cache_med = best_of(args.repeat, cached)

    print(f"{'measure':<46} {'best':>8} {'median':>8} {'vs bare':>8}")
    rows = [
        ("bare yaml.load (CSafeLoader)", bare_best, bare_med),
        ("app: full parse + validate with line marks", full_best, full_med),
        ("app: open unchanged bank (hash cache)", cache_best, cache_med),
    ]
    for name, best, med in rows:
        print(f"{name:<46} {best:>7.3f}s {med:>7.3f}s {best / bare_best:>7.2f}x")
    print(
        f"targets: full validation <= 1.5x bare ({full_best / bare_best:.2f}x); "
        f"unchanged bank <= 0.2 s ({cache_best:.3f} s)"
    )


if __name__ == "__main__":
    main()
