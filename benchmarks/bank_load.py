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
import subprocess
import sys
import tempfile
import time
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


MEASURES = {
    "bare": "bare yaml.load (CSafeLoader) of the file",
    "full": "app: full parse + validate with line marks",
    "cached": "app: open unchanged bank (hash cache)",
}


def measure_once(kind: str, path: Path, cache_dir: Path) -> float:
    """One timed load in this (fresh) process; imports are done before the clock starts."""
    cache = BankCache(cache_dir)
    load_outlines()
    t0 = time.perf_counter()
    if kind == "bare":
        with path.open("rb") as f:
            result: object = yaml.load(f, Loader=yaml.CSafeLoader)
    elif kind == "full":
        loaded = load_bank_file(path)
        assert loaded.ok and not loaded.from_cache, loaded.problems[:3]
        result = loaded
    else:
        loaded = load_bank_file(path, cache=cache)
        assert loaded.ok and loaded.from_cache
        result = loaded
    elapsed = time.perf_counter() - t0
    del result
    return elapsed


def measure(kind: str, path: Path, cache_dir: Path, repeat: int) -> list[float]:
    """Each run in a new interpreter, as at app start, so runs do not share a warm heap."""
    times = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, __file__, "--measure", kind, str(path), str(cache_dir)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        times.append(float(out.strip().splitlines()[-1]))
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--measure", nargs=3, metavar=("KIND", "PATH", "CACHE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.measure:
        kind, path, cache_dir = args.measure
        print(measure_once(kind, Path(path), Path(cache_dir)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "synthetic.yaml"
        path.write_text(make_bank(args.questions), encoding="utf-8")
        size_mb = path.stat().st_size / 1e6
        print(f"bank: {args.questions} questions, {size_mb:.1f} MB of YAML")
        cache_dir = folder / "cache"
        first = load_bank_file(path, cache=BankCache(cache_dir))  # fills the cache
        assert first.ok and not first.from_cache
        results = {kind: measure(kind, path, cache_dir, args.repeat) for kind in MEASURES}

    bare = min(results["bare"])
    print(f"{'measure (each run in a fresh process)':<46} {'best':>8} {'median':>8} {'vs bare':>8}")
    for kind, label in MEASURES.items():
        best, med = min(results[kind]), statistics.median(results[kind])
        print(f"{label:<46} {best:>7.3f}s {med:>7.3f}s {best / bare:>7.2f}x")
    full, cached = min(results["full"]), min(results["cached"])
    print(
        f"targets: full validation <= 1.5x bare ({full / bare:.2f}x); "
        f"unchanged bank <= 0.2 s ({cached:.3f} s)"
    )


if __name__ == "__main__":
    main()
