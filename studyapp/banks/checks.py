"""Rules a bank must follow beyond its shape.

Checks return :class:`Finding` objects whose ``loc`` is a path into the bank data (the same form
pydantic uses), so the loader can turn each into ``file:line:col``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from studyapp.banks import model as m
from studyapp.banks.problems import Severity
from studyapp.banks.yamlio import Loc
from studyapp.outlines import Outline

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp")

_NUMBER_WORDS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_CHOOSE = re.compile(
    r"\b(?:choose|select|pick)\s+(\d|two|three|four|five|six|seven|eight|nine)\b", re.I
)


@dataclass(frozen=True)
class Finding:
    loc: Loc
    message: str
    severity: Severity = "error"
    on_key: bool = False


def _norm(text: str) -> str:
    return " ".join(text.casefold().split())


def check_bank(bank: m.Bank, outlines: Mapping[str, Outline]) -> list[Finding]:
    """Every rule that needs only the bank itself and the outlines."""
    scenarios = list(enumerate(bank.scenarios))
    findings = list(
        _check_bank(bank.bank, scenarios, list(enumerate(bank.questions)), outlines, True)
    )
    findings.extend(_check_generators(bank, outlines))
    findings.extend(_check_waivers(bank))
    return findings


def _check_waivers(bank: m.Bank) -> Iterator[Finding]:
    from studyapp.banks.lint import RULES

    def check(loc: Loc, waive: Mapping[str, str]) -> Iterator[Finding]:
        for rule, reason in waive.items():
            if rule not in RULES:
                yield Finding(
                    (*loc, "waive", rule),
                    f"unknown lint rule {rule!r}; rules: {', '.join(RULES)}",
                    on_key=True,
                )
            elif not reason.strip():
                yield Finding((*loc, "waive", rule), f"waiving {rule!r} needs a reason")

    yield from check(("bank",), bank.bank.waive)
    for i, q in enumerate(bank.questions):
        yield from check(("questions", i), q.waive)


def _check_generators(bank: m.Bank, outlines: Mapping[str, Outline]) -> Iterator[Finding]:
    from studyapp.generators import REGISTRY, param_problems

    question_ids = {q.id for q in bank.questions}
    seen: set[str] = set()
    outline = outlines.get(bank.bank.outline)
    for i, g in enumerate(bank.generators):
        base: Loc = ("generators", i)
        if g.id in seen or g.id in question_ids:
            yield Finding((*base, "id"), f"id {g.id!r} is already used in this bank")
        seen.add(g.id)
        if g.generator not in REGISTRY:
            yield Finding(
                (*base, "generator"),
                f"unknown generator {g.generator!r}; known: {', '.join(sorted(REGISTRY))}",
            )
        else:
            spec = REGISTRY[g.generator]
            if spec.choice_only and g.form == "numeric" and "form" in g.model_fields_set:
                yield Finding(
                    (*base, "form"),
                    f"generator {g.generator!r} has no numeric answer: use form: choice",
                )
            for key, why in param_problems(g.generator, g.ranges()).items():
                yield Finding((*base, "params", key), why, on_key=key not in spec.params)
        if outline is not None:
            for j, code in enumerate(g.tasks):
                if outline.task(code) is None:
                    yield Finding((*base, "tasks", j), _unknown_task(code, outline))


def check_parts(
    header: m.BankHeader | None,
    scenarios: list[tuple[int, m.Scenario]],
    questions: list[tuple[int, m.Question]],
    outlines: Mapping[str, Outline],
) -> list[Finding]:
    """The same rules on the parts of a bank that validated (each with its index in the file).

    Used when some questions are malformed, so that the others are still checked in the same run.
    """
    return list(_check_bank(header, scenarios, questions, outlines, False))


def _check_bank(
    header: m.BankHeader | None,
    scenarios: list[tuple[int, m.Scenario]],
    questions: list[tuple[int, m.Question]],
    outlines: Mapping[str, Outline],
    complete: bool,
) -> Iterator[Finding]:
    outline = None if header is None else outlines.get(header.outline)
    if header is not None and outline is None:
        known = ", ".join(sorted(outlines))
        yield Finding(
            ("bank", "outline"), f"unknown outline {header.outline!r}; known outlines: {known}"
        )
    elif header is not None and outline is not None and outline.exam != header.exam:
        yield Finding(
            ("bank", "exam"),
            f"exam {header.exam!r} does not match outline {outline.id} (an {outline.exam} outline)",
        )

    scenario_ids: dict[str, int] = {}
    for i, sc in scenarios:
        if sc.id in scenario_ids:
            yield Finding(("scenarios", i, "id"), f"duplicate scenario id {sc.id!r}")
        scenario_ids.setdefault(sc.id, i)
        yield from _blank_text(("scenarios", i), {"title": sc.title, "text": sc.text})
        for j, image in enumerate(sc.images):
            yield from _image_path_rules(("scenarios", i, "images", j), image)

    used_scenarios: set[str] = set()
    seen_ids: dict[str, int] = {}
    for i, q in questions:
        base: Loc = ("questions", i)
        if q.id in seen_ids:
            yield Finding(
                (*base, "id"),
                f"duplicate question id {q.id!r} (also question {seen_ids[q.id] + 1} of the file)",
            )
        else:
            seen_ids[q.id] = i
        if q.scenario is not None:
            used_scenarios.add(q.scenario)
            if q.scenario not in scenario_ids:
                yield Finding((*base, "scenario"), f"unknown scenario {q.scenario!r}")
        yield from _blank_text(base, {"stem": q.stem, "explanation": q.explanation})
        if outline is not None:
            for j, code in enumerate(q.tasks):
                if outline.task(code) is None:
                    yield Finding((*base, "tasks", j), _unknown_task(code, outline))
        for j, image in enumerate(q.images):
            yield from _image_path_rules((*base, "images", j), image)
        yield from _check_question(q, base)

    for i, sc in scenarios:
        if complete and sc.id not in used_scenarios:
            yield Finding(
                ("scenarios", i, "id"), f"scenario {sc.id!r} is not used by any question", "warning"
            )


def _unknown_task(code: str, outline: Outline) -> str:
    prefix = outline.task_prefix + "."
    if not code.startswith(prefix):
        return f"task {code!r} is not in outline {outline.id} (its codes start with {prefix})"
    return f"unknown task code {code!r} in outline {outline.id}"


def _blank_text(base: Loc, fields: Mapping[str, str]) -> Iterator[Finding]:
    for name, value in fields.items():
        if not value.strip():
            yield Finding((*base, name), f"'{name}' is empty")


def _options_rules(base: Loc, options: list[m.Option] | list[m.HotspotOption]) -> Iterator[Finding]:
    ids: dict[str, int] = {}
    texts: dict[str, str] = {}
    for j, opt in enumerate(options):
        loc: Loc = (*base, "options", j)
        if opt.id in ids:
            yield Finding((*loc, "id"), f"duplicate option id {opt.id!r}")
        ids.setdefault(opt.id, j)
        if not opt.rationale.strip():
            yield Finding((*loc, "rationale"), f"option {opt.id!r} has an empty rationale")
        if not opt.text.strip():
            yield Finding((*loc, "text"), f"option {opt.id!r} has empty text")
        key = _norm(opt.text)
        if key and key in texts:
            yield Finding(
                (*loc, "text"), f"options {texts[key]!r} and {opt.id!r} have the same text"
            )
        texts.setdefault(key, opt.id)


def _check_question(q: m.Question, base: Loc) -> Iterator[Finding]:
    if isinstance(q, m.NumericQuestion):
        if q.answer.tolerance > abs(q.answer.value) and q.answer.value != 0:
            yield Finding(
                (*base, "answer", "tolerance"),
                "tolerance is larger than the answer itself; check the value",
                "warning",
            )
        return
    if isinstance(q, m.MatchingQuestion):
        yield from _check_matching(q, base)
        return
    yield from _options_rules(base, q.options)
    option_ids = {o.id for o in q.options}
    if isinstance(q, (m.SingleQuestion, m.HotspotQuestion)) and q.answer not in option_ids:
        yield Finding((*base, "answer"), _not_an_option(q.answer, option_ids))
    if isinstance(q, m.HotspotQuestion):
        yield from _image_path_rules((*base, "image"), q.image)
        width, height = q.image_size
        for j, opt in enumerate(q.options):
            if not _region_inside(opt.region, width, height):
                yield Finding(
                    (*base, "options", j, "region"),
                    f"region of option {opt.id!r} lies outside the {width}×{height} image",
                )
    if isinstance(q, (m.MultipleQuestion, m.OrderingQuestion)):
        seen: set[str] = set()
        for j, a in enumerate(q.answer):
            if a not in option_ids:
                yield Finding((*base, "answer", j), _not_an_option(a, option_ids))
            if a in seen:
                yield Finding((*base, "answer", j), f"option {a!r} is listed twice in the answer")
            seen.add(a)
    if isinstance(q, m.MultipleQuestion):
        if q.choose != len(q.answer):
            yield Finding(
                (*base, "choose"),
                f"choose is {q.choose} but the answer lists {len(q.answer)} option(s)",
            )
        if len(q.answer) >= len(q.options):
            yield Finding((*base, "answer"), "every option is correct; leave at least one wrong")
        said = _CHOOSE.search(q.stem)
        if said:
            word = said.group(1).lower()
            n = int(word) if word.isdigit() else _NUMBER_WORDS[word]
            if n != q.choose:
                yield Finding(
                    (*base, "stem"), f"the stem says '{said.group(0)}' but choose is {q.choose}"
                )
        else:
            yield Finding(
                (*base, "stem"),
                f"the stem should tell the learner how many to pick ('Choose {q.choose}.')",
                "warning",
            )
    if isinstance(q, m.OrderingQuestion) and set(q.answer) != option_ids:
        missing = sorted(option_ids - set(q.answer))
        if missing:
            yield Finding(
                (*base, "answer"),
                f"the order must list every option; missing: {', '.join(missing)}",
            )


def _check_matching(q: m.MatchingQuestion, base: Loc) -> Iterator[Finding]:
    yield from _options_rules(base, q.options)
    prompt_ids: dict[str, int] = {}
    texts: set[str] = set()
    for j, p in enumerate(q.prompts):
        if p.id in prompt_ids:
            yield Finding((*base, "prompts", j, "id"), f"duplicate prompt id {p.id!r}")
        prompt_ids.setdefault(p.id, j)
        key = _norm(p.text)
        if key in texts:
            yield Finding((*base, "prompts", j, "text"), f"prompt {p.id!r} repeats another prompt")
        texts.add(key)
    option_ids = {o.id for o in q.options}
    for left, right in q.answer.items():
        if left not in prompt_ids:
            yield Finding(
                (*base, "answer", left),
                f"{left!r} is not a prompt id; prompts are: {', '.join(prompt_ids)}",
                on_key=True,
            )
        if right not in option_ids:
            yield Finding((*base, "answer", left), _not_an_option(right, option_ids))
    unmatched = [p for p in prompt_ids if p not in q.answer]
    if unmatched:
        yield Finding((*base, "answer"), f"no match given for prompt(s): {', '.join(unmatched)}")


def _not_an_option(answer: str, option_ids: set[str]) -> str:
    return f"answer {answer!r} is not among the options ({', '.join(sorted(option_ids))})"


def _region_inside(region: m.Rect | m.Circle | m.Polygon, width: int, height: int) -> bool:
    if isinstance(region, m.Rect):
        return region.x + region.width <= width and region.y + region.height <= height
    if isinstance(region, m.Circle):
        return (
            region.cx - region.r >= 0
            and region.cy - region.r >= 0
            and region.cx + region.r <= width
            and region.cy + region.r <= height
        )
    return all(0 <= x <= width and 0 <= y <= height for x, y in region.points)


def _image_path_rules(loc: Loc, image: str) -> Iterator[Finding]:
    """Image paths stay inside the bank's folder: relative, no URL, no '..' escape."""
    if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", image) or image.startswith(("/", "\\")):
        yield Finding(loc, f"image {image!r} must be a path relative to the bank file")
        return
    parts = PurePosixPath(image.replace("\\", "/")).parts
    if ".." in parts:
        yield Finding(loc, f"image {image!r} may not point outside the bank's folder ('..')")
        return
    if not image.lower().endswith(IMAGE_SUFFIXES):
        yield Finding(loc, f"image {image!r} is not an SVG, PNG, JPEG, GIF or WebP file")


def image_paths(
    scenarios: list[tuple[int, m.Scenario]], questions: list[tuple[int, m.Question]]
) -> Iterator[tuple[Loc, str]]:
    """Every image reference with its location."""
    for i, sc in scenarios:
        for j, image in enumerate(sc.images):
            yield ("scenarios", i, "images", j), image
    for i, q in questions:
        for j, image in enumerate(q.images):
            yield ("questions", i, "images", j), image
        if isinstance(q, m.HotspotQuestion):
            yield ("questions", i, "image"), q.image


def check_images_exist(bank: m.Bank, bank_file: Path) -> list[Finding]:
    """Images must exist next to the bank (checked on every open: files can go missing)."""
    return check_image_files(
        bank_file, list(enumerate(bank.scenarios)), list(enumerate(bank.questions))
    )


def check_image_files(
    bank_file: Path,
    scenarios: list[tuple[int, m.Scenario]],
    questions: list[tuple[int, m.Question]],
) -> list[Finding]:
    folder = bank_file.parent
    findings: list[Finding] = []
    for loc, image in image_paths(scenarios, questions):
        if image.startswith(("/", "\\")) or ".." in PurePosixPath(image).parts or ":" in image:
            continue  # already reported by the path rules
        if not (folder / image).is_file():
            findings.append(Finding(loc, f"image file {image!r} not found next to the bank"))
    return findings
