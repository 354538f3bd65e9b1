"""Validate many bank files at once, including the rules that span files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.banks.cache import BankCache
from studyapp.banks.checks import Finding
from studyapp.banks.loader import LoadedBank, iter_bank_files, load_bank_file
from studyapp.banks.problems import Problem
from studyapp.outlines import load_outlines


@dataclass
class ValidationReport:
    banks: list[LoadedBank] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # problems not tied to one bank

    def all_problems(self) -> list[Problem]:
        everything = list(self.problems)
        for loaded in self.banks:
            everything.extend(loaded.problems)
        return sorted(everything, key=lambda p: (str(p.path), p.line, p.col, p.message))

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.all_problems() if p.is_error)

    @property
    def warning_count(self) -> int:
        return sum(1 for p in self.all_problems() if not p.is_error)

    @property
    def question_count(self) -> int:
        return sum(len(b.bank.questions) for b in self.banks if b.bank is not None)


def validate_paths(paths: Iterable[Path], *, cache: BankCache | None = None) -> ValidationReport:
    outlines = load_outlines()
    files, problems = iter_bank_files(paths)
    report = ValidationReport(problems=problems)
    for path in files:
        report.banks.append(load_bank_file(path, outlines=outlines, cache=cache))
    _cross_file_checks(report.banks)
    return report


def _cross_file_checks(banks: list[LoadedBank]) -> None:
    """Ids must be unique across every bank loaded together."""
    bank_ids: dict[str, LoadedBank] = {}
    question_ids: dict[str, tuple[LoadedBank, int]] = {}
    for loaded in banks:
        bank = loaded.bank
        if bank is None:
            continue
        first = bank_ids.setdefault(bank.bank.id, loaded)
        if first is not loaded:
            loaded.add(
                Finding(("bank", "id"), f"bank id {bank.bank.id!r} is also used by {first.path}")
            )
        seen_here: set[str] = set()
        for i, q in enumerate(bank.questions):
            if q.id in seen_here:
                continue  # reported by the per-file checks
            seen_here.add(q.id)
            other = question_ids.setdefault(q.id, (loaded, i))
            if other[0] is not loaded:
                where = other[0].locate(("questions", other[1], "id"))
                loaded.add(
                    Finding(
                        ("questions", i, "id"),
                        f"question id {q.id!r} is also used in {other[0].path}:{where.line}",
                    )
                )
