"""``studyapp bank lint``: quality checks beyond validity, each a warning with ``file:line``.

Rules (name — what it flags):

* ``answer-position`` — for four-option single-choice questions, a position (A–D) that holds the
  right answer in under 15 % or over 35 % of them;
* ``longest-option`` — the right option is the longest in over 35 % of single-choice questions;
* ``all-none-of-the-above`` — an option "all of the above" / "none of the above";
* ``negative-stem`` — a negative question ("NOT", "EXCEPT") that does not emphasise the word, and
  negative stems above 5 % of a bank set;
* ``near-duplicate`` — two stems whose word sets are at least 80 % alike (Jaccard);
* ``thin-rationale`` — an option whose rationale is a bare "Correct." / "Incorrect." or under
  four words;
* ``task-share`` — an outline task with fewer questions than three quarters of its share of the
  outline weight.

Share rules (positions, longest option, negative share, task share) need enough questions to
mean anything: they apply from ``MIN_FOR_SHARES`` questions of the kind concerned.

A warning can be waived in the bank, with a reason, under ``waive:`` — on a question for that
question's rules, or in the ``bank:`` header for the rules about the whole file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from studyapp.banks import model as m
from studyapp.banks.loader import LoadedBank
from studyapp.banks.problems import Problem
from studyapp.outlines import Outline

MIN_FOR_SHARES = 40
POSITION_RANGE = (0.15, 0.35)
LONGEST_MAX = 0.35
NEGATIVE_MAX = 0.05
DUPLICATE_SIMILARITY = 0.8
TASK_SHARE_MIN = 0.75

RULES = (
    "answer-position",
    "longest-option",
    "all-none-of-the-above",
    "negative-stem",
    "near-duplicate",
    "thin-rationale",
    "task-share",
)

_ALL_NONE = re.compile(r"\b(all|none) of the (above|options|answers)\b", re.I)
_NEGATIVE = re.compile(r"\b(not|except|least)\b", re.I)
_EMPHASIS = re.compile(
    r"(\*\*|__|\*|_)\s*(NOT|EXCEPT|LEAST)\s*(\*\*|__|\*|_)|\b(NOT|EXCEPT|LEAST)\b"
)
_WORD = re.compile(r"[a-z0-9]+")
_THIN = re.compile(r"^\s*(correct|incorrect|wrong|right|yes|no)\.?\s*$", re.I)


@dataclass(frozen=True)
class _Item:
    loaded: LoadedBank
    index: int
    question: m.Question


def _warn(loaded: LoadedBank, loc: tuple[int | str, ...], rule: str, message: str) -> Problem:
    mark = loaded.locate(loc)
    return Problem(loaded.path, mark.line, mark.col, f"[{rule}] {message}", "warning")


def _question_sentence(stem: str) -> str:
    """The sentence that asks (the last one ending with '?'); '' for instructions ("Match...")."""
    parts = re.split(r"(?<=[.?!])\s+", stem.strip())
    asks = [p for p in parts if p.rstrip("*_ ").endswith("?")]
    return asks[-1] if asks else ""


def _words(text: str) -> frozenset[str]:
    return frozenset(_WORD.findall(text.casefold()))


def lint(banks: Iterable[LoadedBank], outlines: Mapping[str, Outline]) -> list[Problem]:
    """Warnings for every loaded bank (validity problems are the validator's job)."""
    loaded = [b for b in banks if b.bank is not None]
    items = [
        _Item(b, i, q) for b in loaded if b.bank is not None for i, q in enumerate(b.bank.questions)
    ]
    found: list[Problem] = []

    def waived(item: _Item, rule: str) -> bool:
        return rule in item.question.waive

    def file_waived(b: LoadedBank, rule: str) -> bool:
        return b.bank is not None and rule in b.bank.bank.waive

    for item in items:
        q, base = item.question, ("questions", item.index)
        for j, opt in enumerate(getattr(q, "options", [])):
            if _ALL_NONE.search(opt.text) and not waived(item, "all-none-of-the-above"):
                found.append(
                    _warn(
                        item.loaded,
                        (*base, "options", j, "text"),
                        "all-none-of-the-above",
                        f"option {opt.id!r} is an all/none-of-the-above answer; write a real one",
                    )
                )
            if (_THIN.match(opt.rationale) or len(opt.rationale.split()) < 4) and not waived(
                item, "thin-rationale"
            ):
                found.append(
                    _warn(
                        item.loaded,
                        (*base, "options", j, "rationale"),
                        "thin-rationale",
                        f"the rationale of option {opt.id!r} does not say why",
                    )
                )
        asks = _question_sentence(q.stem)
        if (
            _NEGATIVE.search(asks)
            and not _EMPHASIS.search(asks)
            and not waived(item, "negative-stem")
        ):
            found.append(
                _warn(
                    item.loaded,
                    (*base, "stem"),
                    "negative-stem",
                    "a negative question should emphasise the word (NOT, EXCEPT or **not**)",
                )
            )

    found.extend(_near_duplicates(items))
    for b in loaded:
        found.extend(_file_shares(b, [it for it in items if it.loaded is b], file_waived))
    found.extend(_task_shares(loaded, outlines, file_waived))
    return found


def _near_duplicates(items: list[_Item]) -> list[Problem]:
    """Pairs of stems at least 80 % alike; only sets of compatible sizes can be that alike."""
    found: list[Problem] = []
    keyed = sorted(
        ((len(w), w, it) for it in items if (w := _words(it.question.stem))), key=lambda t: t[0]
    )
    for a in range(len(keyed)):
        size_a, words_a, item_a = keyed[a]
        for b in range(a + 1, len(keyed)):
            size_b, words_b, item_b = keyed[b]
            if size_a < DUPLICATE_SIMILARITY * size_b:
                break
            inter = len(words_a & words_b)
            sim = inter / (size_a + size_b - inter)
            if sim >= DUPLICATE_SIMILARITY and not (
                "near-duplicate" in item_b.question.waive
                or "near-duplicate" in item_a.question.waive
            ):
                other = item_a.loaded.locate(("questions", item_a.index, "stem"))
                found.append(
                    _warn(
                        item_b.loaded,
                        ("questions", item_b.index, "stem"),
                        "near-duplicate",
                        f"stem is {sim:.0%} like question {item_a.question.id!r} "
                        f"({item_a.loaded.path.name}:{other.line})",
                    )
                )
    return found


def _file_shares(b: LoadedBank, items: list[_Item], file_waived: object) -> list[Problem]:
    waived = file_waived  # (LoadedBank, rule) -> bool
    found: list[Problem] = []
    singles = [it.question for it in items if isinstance(it.question, m.SingleQuestion)]
    four = [q for q in singles if len(q.options) == 4]
    if len(four) >= MIN_FOR_SHARES and not waived(b, "answer-position"):  # type: ignore[operator]
        positions = Counter([o.id for o in q.options].index(q.answer) for q in four)
        for pos in range(4):
            share = positions[pos] / len(four)
            if not POSITION_RANGE[0] <= share <= POSITION_RANGE[1]:
                found.append(
                    _warn(
                        b,
                        ("questions",),
                        "answer-position",
                        f"position {'ABCD'[pos]} holds the answer in {share:.0%} of the "
                        f"{len(four)} four-option questions (aim for 15–35 %)",
                    )
                )
    if len(singles) >= MIN_FOR_SHARES and not waived(b, "longest-option"):  # type: ignore[operator]
        longest = sum(
            1
            for q in singles
            if len(next(o.text for o in q.options if o.id == q.answer))
            > max(len(o.text) for o in q.options if o.id != q.answer)
        )
        share = longest / len(singles)
        if share > LONGEST_MAX:
            found.append(
                _warn(
                    b,
                    ("questions",),
                    "longest-option",
                    f"the right option is the longest in {share:.0%} of single-choice questions "
                    f"(at most {LONGEST_MAX:.0%}): learners learn to pick the longest",
                )
            )
    if len(items) >= MIN_FOR_SHARES and not waived(b, "negative-stem"):  # type: ignore[operator]
        negative = sum(1 for it in items if _NEGATIVE.search(_question_sentence(it.question.stem)))
        if negative / len(items) > NEGATIVE_MAX:
            found.append(
                _warn(
                    b,
                    ("questions",),
                    "negative-stem",
                    f"{negative} of {len(items)} questions are negative (at most 5 %)",
                )
            )
    return found


def _task_shares(
    loaded: list[LoadedBank], outlines: Mapping[str, Outline], file_waived: object
) -> list[Problem]:
    found: list[Problem] = []
    by_outline: dict[str, list[LoadedBank]] = {}
    for b in loaded:
        if b.bank is not None:
            by_outline.setdefault(b.bank.bank.outline, []).append(b)
    for outline_id, banks in by_outline.items():
        outline = outlines.get(outline_id)
        questions = [q for b in banks if b.bank is not None for q in b.bank.questions]
        if outline is None or len(questions) < MIN_FOR_SHARES:
            continue
        if all(file_waived(b, "task-share") for b in banks):  # type: ignore[operator]
            continue
        counts = Counter(code for q in questions for code in set(q.tasks))
        first = banks[0]
        for d in outline.domains:
            expected = len(questions) * d.weight / 100 / len(d.tasks)
            for t in d.tasks:
                if counts[t.code] < TASK_SHARE_MIN * expected:
                    found.append(
                        _warn(
                            first,
                            ("bank", "outline"),
                            "task-share",
                            f"{t.code} {t.name}: {counts[t.code]} question(s), its share of the "
                            f"outline is about {expected:.0f}",
                        )
                    )
    return found


def lint_paths(paths: Iterable[Path]) -> tuple[list[Problem], list[Problem]]:
    """(validation problems, lint warnings) for the banks under ``paths``."""
    from studyapp.banks.validate import validate_paths
    from studyapp.outlines import load_outlines

    report = validate_paths(paths)
    return report.all_problems(), sorted(
        lint(report.banks, load_outlines()), key=lambda p: (str(p.path), p.line, p.col)
    )
