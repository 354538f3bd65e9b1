"""Exam content outlines and exam formats, read from the YAML files beside this module.

Each outline file carries ``source:`` and ``as_of:`` so that a trainer can correct it when PMI's
wording differs; code never hard-codes a weight, a task or a time limit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from studyapp.errors import OutlineError
from studyapp.paths import outlines_dir


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Frozen):
    code: str = Field(pattern=r"^[A-Z][A-Z0-9]*\.[A-Z]+\.[0-9]+$")
    name: str = Field(min_length=1)


class Domain(_Frozen):
    code: str = Field(pattern=r"^[A-Z]+$")
    name: str = Field(min_length=1)
    weight: int = Field(gt=0, le=100, description="Share of the exam, in percent.")
    tasks: tuple[Task, ...] = Field(min_length=1)


class ExamBreak(_Frozen):
    after_question: int = Field(gt=0)
    minutes: int = Field(gt=0)
    optional: bool
    locks_previous: bool


class Estimates(_Frozen):
    """Estimated pass mark and rating thresholds, in percent (PMI publishes none)."""

    pass_mark: float = Field(gt=0, lt=100)
    above_target: float = Field(gt=0, lt=100)
    target: float = Field(gt=0, lt=100)
    below_target: float = Field(gt=0, lt=100)

    @model_validator(mode="after")
    def _ordered(self) -> Estimates:
        if not self.below_target < self.target < self.above_target:
            raise ValueError("thresholds must rise: below_target < target < above_target")
        return self

    def thresholds(self) -> dict[str, float]:
        return {
            "above_target": self.above_target,
            "target": self.target,
            "below_target": self.below_target,
        }


class ExamFormat(_Frozen):
    questions: int = Field(gt=0)
    scored: int = Field(gt=0)
    pretest: int = Field(ge=0)
    minutes: int = Field(gt=0)
    breaks: tuple[ExamBreak, ...] = ()
    question_types: tuple[str, ...]
    approach_mix: dict[str, int] | None = None
    ratings: tuple[str, ...]
    passing_score_published: bool
    estimates: Estimates

    @model_validator(mode="after")
    def _consistent(self) -> ExamFormat:
        if self.scored + self.pretest != self.questions:
            raise ValueError("scored + pretest must equal questions")
        for b in self.breaks:
            if b.after_question >= self.questions:
                raise ValueError(f"break after question {b.after_question} is past the end")
        return self


class Outline(_Frozen):
    id: str
    exam: str
    title: str
    source: str
    as_of: dt.date
    in_force_from: dt.date
    in_force_until: dt.date | None = None
    domains: tuple[Domain, ...]
    exam_format: ExamFormat

    @model_validator(mode="after")
    def _consistent(self) -> Outline:
        total = sum(d.weight for d in self.domains)
        if total != 100:
            raise ValueError(f"domain weights add up to {total}, not 100")
        prefix = self.task_prefix
        seen: set[str] = set()
        for d in self.domains:
            for i, t in enumerate(d.tasks, start=1):
                expected = f"{prefix}.{d.code}.{i}"
                if t.code != expected:
                    raise ValueError(f"task {t.code!r} should be numbered {expected!r}")
                if t.code in seen:
                    raise ValueError(f"task code {t.code!r} appears twice")
                seen.add(t.code)
        return self

    @property
    def task_prefix(self) -> str:
        """``PMP2026`` → ``PMP26``: the prefix of every task code of the outline."""
        return self.id[:-4] + self.id[-2:]

    def tasks(self) -> list[tuple[Domain, Task]]:
        return [(d, t) for d in self.domains for t in d.tasks]

    def task(self, code: str) -> Task | None:
        return self._task_index().get(code)

    def domain_of(self, code: str) -> Domain | None:
        for d in self.domains:
            if any(t.code == code for t in d.tasks):
                return d
        return None

    def _task_index(self) -> dict[str, Task]:
        return {t.code: t for d in self.domains for t in d.tasks}


def _load_file(path: Path) -> Outline:
    try:
        with path.open("rb") as f:
            data = yaml.load(f, Loader=yaml.CSafeLoader)
        return Outline.model_validate(data)
    except (OSError, yaml.YAMLError, ValidationError) as exc:
        raise OutlineError(f"{path}: built-in outline is unreadable: {exc}") from exc


@cache
def load_outlines() -> dict[str, Outline]:
    """Every built-in outline by id (``PMP2026``, ``PMP2021``, ``CAPM2023``)."""
    outlines: dict[str, Outline] = {}
    for path in sorted(outlines_dir().glob("*.yaml")):
        outline = _load_file(path)
        if outline.id in outlines:
            raise OutlineError(f"{path}: outline id {outline.id!r} is defined twice")
        outlines[outline.id] = outline
    return outlines


@cache
def outlines_fingerprint() -> str:
    """A hash of the outline files: validated banks cached under another fingerprint are stale."""
    h = hashlib.sha256()
    for path in sorted(outlines_dir().glob("*.yaml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def current_outline(exam: str) -> Outline:
    """The newest outline of an exam."""
    candidates = [o for o in load_outlines().values() if o.exam == exam]
    if not candidates:
        raise OutlineError(f"no outline for exam {exam!r}")
    return max(candidates, key=lambda o: o.in_force_from)
