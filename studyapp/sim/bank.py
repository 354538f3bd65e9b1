"""A synthetic question bank for simulations: questions spread over an outline by its weights."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from studyapp.outlines import Outline


def synthetic_bank(outline: Outline, per_task_average: int, seed: int) -> dict[str, object]:
    """Single-choice (4 options) and multiple-response (choose 2 of 5) questions, difficulty 1–3.

    Each task gets questions in proportion to its share of the exam.
    """
    rng = random.Random(seed)
    n_tasks = len(outline.tasks())
    questions: list[dict[str, object]] = []
    for domain in outline.domains:
        share = domain.weight / 100 / len(domain.tasks)
        count = max(4, round(per_task_average * n_tasks * share))
        for task in domain.tasks:
            for i in range(count):
                qid = f"sim-{task.code.lower().replace('.', '-')}-{i:03d}"
                multiple = rng.random() < 0.15
                n_options = 5 if multiple else 4
                ids = "abcde"[:n_options]
                options = [
                    {"id": o, "text": f"Option {o} of {qid}", "rationale": f"Why {o} fits or not."}
                    for o in ids
                ]
                q: dict[str, object] = {
                    "id": qid,
                    "type": "multiple" if multiple else "single",
                    "stem": f"Simulated question {i} on {task.name}."
                    + (" Choose two." if multiple else ""),
                    "options": options,
                    "explanation": "Simulated explanation.",
                    "tasks": [task.code],
                    "approach": rng.choice(["predictive", "agile", "hybrid"]),
                    "difficulty": rng.choice([1, 2, 2, 3]),
                }
                if multiple:
                    q["choose"] = 2
                    q["answer"] = rng.sample(list(ids), 2)
                else:
                    q["answer"] = rng.choice(list(ids))
                questions.append(q)
    return {
        "format_version": 1,
        "bank": {
            "id": f"sim-{outline.id.lower()}",
            "title": f"Simulation bank for {outline.id}",
            "exam": outline.exam,
            "outline": outline.id,
            "licence": "CC0-1.0",
        },
        "questions": questions,
    }


def write_synthetic_bank(path: Path, outline: Outline, per_task_average: int, seed: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = synthetic_bank(outline, per_task_average, seed)
    path.write_text(yaml.dump(data, Dumper=yaml.CSafeDumper, sort_keys=False), encoding="utf-8")
    return path
