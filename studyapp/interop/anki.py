"""Export question banks (and the glossary) to an Anki package (``.apkg``) with genanki.

Supported:

- One note type for questions (:data:`QUESTION_MODEL_ID`; fields Id, Stem, Options, Answer,
  Rationales, Explanation, Task, References). The front shows the stem and the lettered options;
  the back the answer, every option's rationale and the explanation.
- One note type for glossary terms (:data:`GLOSSARY_MODEL_ID`; fields Term, Definition, Example,
  Related), in the deck ``StudyApp::Glossary``.
- Stable GUIDs from the question id / term id, so exporting again updates the learner's cards
  instead of adding duplicates. Deck ids are derived from the deck names, so they are stable too.
- Decks by exam and domain: ``StudyApp::PMP::People`` (the outline's domain of the question's
  first task; ``Other`` when the task is not in the outline).
- Every question type: single and multiple choice (lettered options), hotspot (the picture plus
  the regions' labels as lettered options), matching (prompts and options as a two-column table,
  the pairs on the back), ordering (steps shuffled deterministically on the front, the order on the
  back), numeric (the answer with its tolerance and unit). A case-set scenario is shown above the
  stem.
- Markdown → simple HTML (see :func:`studyapp.interop.printable.markdown_to_html`): bank text is
  HTML-escaped first, so no raw HTML, script or remote resource from a bank reaches a card.
- Images: a hotspot's ``image``, the question's ``images`` and Markdown images in its text are
  included as media files when they are inside the bank's folder (SVG/PNG/JPEG/GIF, at most
  :data:`~studyapp.interop.common.MAX_IMAGE_BYTES`), under a safe, unique name.

Not carried, and reported in :class:`AnkiSummary`: a hotspot question whose picture cannot be
included and a question whose id was already exported are *left out* (with the reason); any other
image that cannot be included is replaced by "[image not included: …]" and listed as a note.
Generator entries (formula families) are not exported: they have no fixed text.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import tempfile
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from studyapp.banks import model as m
from studyapp.banks.glossary import Glossary
from studyapp.clock import Clock, system_clock
from studyapp.errors import StudyAppError
from studyapp.interop.common import MAX_IMAGE_BYTES, slug, unique_id
from studyapp.interop.printable import (
    bank_folder,
    inline_markdown,
    letter,
    markdown_to_html,
    numeric_answer,
    safe_image_file,
    shuffled_steps,
)
from studyapp.outlines import Outline, load_outlines

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # genanki's dependencies may warn on import
    import genanki  # type: ignore[import-untyped]

#: Fixed note-type ids: Anki recognises the note types across exports by these.
QUESTION_MODEL_ID = 1_730_417_201
GLOSSARY_MODEL_ID = 1_730_417_202
DECK_ROOT = "StudyApp"
GLOSSARY_DECK = f"{DECK_ROOT}::Glossary"


class AnkiExportError(StudyAppError):
    """The package could not be written."""


@dataclass(frozen=True)
class LeftOut:
    """A question that is not in the package, and why."""

    bank: Path
    question_id: str
    reason: str

    def __str__(self) -> str:
        return f"{self.bank}: {self.question_id}: left out: {self.reason}"


@dataclass
class AnkiSummary:
    out: Path
    #: Notes per deck name.
    decks: dict[str, int] = field(default_factory=dict)
    #: Media file names in the package.
    media: list[str] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    #: Things inside an exported question that did not come across (e.g. an image).
    notes: list[str] = field(default_factory=list)

    @property
    def total_notes(self) -> int:
        return sum(self.decks.values())

    def __str__(self) -> str:
        text = (
            f"{self.total_notes} notes in {len(self.decks)} decks, {len(self.media)} media files, "
            f"{len(self.left_out)} questions left out"
        )
        lines = [text, *(str(x) for x in self.left_out), *self.notes]
        return "\n".join(lines)


_CSS = """
.card { font-family: Arial, sans-serif; font-size: 18px; text-align: left; color: black;
        background-color: white; }
.option { margin: 4px 0; }
.scenario { border-left: 3px solid #888; padding-left: 8px; margin-bottom: 10px; color: #333; }
.meta { color: #666; font-size: 14px; }
.correct { color: #1a7f37; }
table.matching td { vertical-align: top; padding: 2px 12px 2px 0; }
img { max-width: 100%; }
"""

QUESTION_FIELDS = (
    "Id",
    "Stem",
    "Options",
    "Answer",
    "Rationales",
    "Explanation",
    "Task",
    "References",
)
GLOSSARY_FIELDS = ("Term", "Definition", "Example", "Related")

QUESTION_MODEL = genanki.Model(
    QUESTION_MODEL_ID,
    "StudyApp question",
    fields=[{"name": f} for f in QUESTION_FIELDS],
    templates=[
        {
            "name": "Question",
            "qfmt": '<div class="stem">{{Stem}}</div><div class="options">{{Options}}</div>',
            "afmt": (
                '{{FrontSide}}<hr id="answer"><div class="answer">{{Answer}}</div>'
                '<div class="rationales">{{Rationales}}</div>'
                '<div class="explanation">{{Explanation}}</div>'
                '<div class="meta">{{Task}}</div><div class="meta">{{References}}</div>'
            ),
        }
    ],
    css=_CSS,
)

GLOSSARY_MODEL = genanki.Model(
    GLOSSARY_MODEL_ID,
    "StudyApp glossary term",
    fields=[{"name": f} for f in GLOSSARY_FIELDS],
    templates=[
        {
            "name": "Term",
            "qfmt": '<div class="term">{{Term}}</div>',
            "afmt": (
                '{{FrontSide}}<hr id="answer"><div>{{Definition}}</div>'
                '<div class="meta">{{Example}}</div><div class="meta">{{Related}}</div>'
            ),
        }
    ],
    css=_CSS,
)


def deck_id(name: str) -> int:
    """A stable deck id from the deck name (Anki ids are positive 64-bit; stay well inside)."""
    digest = hashlib.sha256(f"studyapp-deck:{name}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:6], "big") % (1 << 40)


def question_guid(question_id: str) -> str:
    return str(genanki.guid_for("studyapp-question", question_id))


def term_guid(term_id: str) -> str:
    return str(genanki.guid_for("studyapp-glossary", term_id))


def _deck_part(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("::", ":")).strip() or "Other"


def _tag(text: str) -> str:
    return re.sub(r"\s+", "_", text.strip())[:80]


class _Media:
    """Image files to ship, each under one safe, unique name."""

    def __init__(self) -> None:
        self.by_path: dict[Path, str] = {}
        self.taken: set[str] = set()

    def add(self, target: Path, prefix: str) -> str:
        if target in self.by_path:
            return self.by_path[target]
        stem = slug(f"{prefix}-{target.stem}", "image")
        name = unique_id(stem, self.taken)
        full = f"{name}{target.suffix.lower()}"
        self.by_path[target] = full
        return full


@dataclass
class _Context:
    folder: Path
    bank_id: str
    media: _Media
    problems: list[str]
    question_id: str

    def image_src(self, rel: str) -> str | None:
        target, reason = safe_image_file(self.folder, rel, MAX_IMAGE_BYTES)
        if target is None:
            self.problems.append(f"image not included: {reason}")
            return None
        return self.media.add(target, self.bank_id)

    def md(self, text: str) -> str:
        return markdown_to_html(text, lambda src, _alt: self.image_src(src))

    def inline(self, text: str) -> str:
        return inline_markdown(text, lambda src, _alt: self.image_src(src))


def _option_list(ctx: _Context, options: Sequence[m.Option]) -> str:
    return "".join(
        f'<div class="option"><b>{letter(i)}.</b> {ctx.inline(o.text)}</div>'
        for i, o in enumerate(options)
    )


def _rationales(ctx: _Context, options: Sequence[m.Option], correct: set[str]) -> str:
    parts = []
    for i, o in enumerate(options):
        mark = ' <span class="correct">✓</span>' if o.id in correct else ""
        parts.append(
            f'<div class="option"><b>{letter(i)}.</b>{mark} {ctx.inline(o.rationale)}</div>'
        )
    return "".join(parts)


def _fields(ctx: _Context, q: m.Question, bank: m.Bank, outline: Outline | None) -> list[str] | str:
    """The note fields, or the reason the question is left out."""
    stem = ""
    if q.scenario:
        scn = next((s for s in bank.scenarios if s.id == q.scenario), None)
        if scn is not None:
            stem += f'<div class="scenario"><b>{html.escape(scn.title)}</b>{ctx.md(scn.text)}'
            stem += "".join(
                f'<div><img src="{html.escape(src)}"></div>'
                for src in (ctx.image_src(r) for r in scn.images)
                if src
            )
            stem += "</div>"
    stem += ctx.md(q.stem)
    if isinstance(q, m.HotspotQuestion):
        src = ctx.image_src(q.image)
        if src is None:
            return f"the hotspot picture cannot be included ({ctx.problems.pop()})"
        stem += f'<div><img src="{html.escape(src)}"></div>'
    for rel in q.images:
        src = ctx.image_src(rel)
        if src is not None:
            stem += f'<div><img src="{html.escape(src)}"></div>'
        else:
            stem += f"<div>{html.escape(f'[image not included: {rel}]')}</div>"

    if isinstance(q, (m.SingleQuestion, m.HotspotQuestion, m.MultipleQuestion)):
        correct = {q.answer} if isinstance(q.answer, str) else set(q.answer)
        options = _option_list(ctx, q.options)
        answer = "".join(
            f"<div><b>{letter(i)}.</b> {ctx.inline(o.text)}</div>"
            for i, o in enumerate(q.options)
            if o.id in correct
        )
        rationales = _rationales(ctx, q.options, correct)
    elif isinstance(q, m.MatchingQuestion):
        rows = max(len(q.prompts), len(q.options))
        cells = []
        for i in range(rows):
            left = f"<b>{i + 1}.</b> {ctx.inline(q.prompts[i].text)}" if i < len(q.prompts) else ""
            right = (
                f"<b>{letter(i)}.</b> {ctx.inline(q.options[i].text)}" if i < len(q.options) else ""
            )
            cells.append(f"<tr><td>{left}</td><td>{right}</td></tr>")
        options = f'<table class="matching">{"".join(cells)}</table>'
        index = {o.id: (i, o) for i, o in enumerate(q.options)}
        pairs = []
        for n, p in enumerate(q.prompts, start=1):
            hit = index.get(q.answer.get(p.id, ""))
            target = f"<b>{letter(hit[0])}.</b> {ctx.inline(hit[1].text)}" if hit else "?"
            pairs.append(f"<tr><td><b>{n}.</b> {ctx.inline(p.text)}</td><td>→ {target}</td></tr>")
        answer = f'<table class="matching">{"".join(pairs)}</table>'
        rationales = _rationales(ctx, q.options, set(q.answer.values()))
    elif isinstance(q, m.OrderingQuestion):
        steps = shuffled_steps(q)
        options = "<div><i>Put the steps in order.</i></div>" + _option_list(ctx, steps)
        letters = {o.id: letter(i) for i, o in enumerate(steps)}
        by_id = {o.id: o for o in q.options}
        answer = (
            "<ol>"
            + "".join(
                f"<li><b>{letters[a]}.</b> {ctx.inline(by_id[a].text)}</li>"
                for a in q.answer
                if a in by_id
            )
            + "</ol>"
        )
        rationales = _rationales(ctx, steps, set())
    else:  # numeric
        unit = f" ({html.escape(q.answer.unit)})" if q.answer.unit else ""
        options = f"<div><i>Answer with a number{unit}.</i></div>"
        answer = f"<div><b>{html.escape(numeric_answer(q.answer))}</b></div>"
        rationales = ""

    tasks = []
    for code in q.tasks:
        task = outline.task(code) if outline else None
        tasks.append(html.escape(f"{code} {task.name}" if task else code))
    refs = "<br>".join(html.escape(r) for r in q.references)
    return [
        html.escape(q.id),
        stem,
        options,
        answer,
        rationales,
        ctx.md(q.explanation),
        "<br>".join(tasks),
        refs,
    ]


def export_anki(
    banks: Sequence[tuple[m.Bank, Path]],
    out: Path,
    glossary: Glossary | None = None,
    outlines: Mapping[str, Outline] | None = None,
    *,
    clock: Clock = system_clock,
) -> AnkiSummary:
    """Write the questions of ``banks`` (each with its bank file or folder, where its images live)
    and the glossary's terms to the Anki package ``out``."""
    known = outlines if outlines is not None else load_outlines()
    summary = AnkiSummary(out)
    media = _Media()
    decks: dict[str, genanki.Deck] = {}
    seen: set[str] = set()

    def deck(name: str) -> genanki.Deck:
        if name not in decks:
            decks[name] = genanki.Deck(deck_id(name), name)
        return decks[name]

    for bank, path in banks:
        outline = known.get(bank.bank.outline)
        folder = bank_folder(path)
        for q in bank.questions:
            if q.id in seen:
                summary.left_out.append(LeftOut(path, q.id, "a question with this id was exported"))
                continue
            ctx = _Context(folder, bank.bank.id, media, [], q.id)
            fields = _fields(ctx, q, bank, outline)
            if isinstance(fields, str):
                summary.left_out.append(LeftOut(path, q.id, fields))
                continue
            seen.add(q.id)
            summary.notes.extend(f"{path}: {q.id}: {p}" for p in ctx.problems)
            domain = outline.domain_of(q.tasks[0]) if outline else None
            name = f"{DECK_ROOT}::{bank.bank.exam}::{_deck_part(domain.name if domain else '')}"
            tags = [
                _tag(t) for t in (bank.bank.exam, f"type:{q.type}", *q.tasks, *q.tags) if t.strip()
            ]
            deck(name).add_note(
                genanki.Note(
                    model=QUESTION_MODEL,
                    fields=fields,
                    guid=question_guid(q.id),
                    tags=list(dict.fromkeys(tags)),
                )
            )
            summary.decks[name] = summary.decks.get(name, 0) + 1

    if glossary is not None:
        names = {t.id: t.term for t in glossary.terms}
        gdeck = deck(GLOSSARY_DECK)
        for term in glossary.terms:
            related = ", ".join(html.escape(names.get(r, r)) for r in term.related)
            gdeck.add_note(
                genanki.Note(
                    model=GLOSSARY_MODEL,
                    fields=[
                        html.escape(term.term),
                        markdown_to_html(term.definition),
                        markdown_to_html(term.example),
                        related,
                    ],
                    guid=term_guid(term.id),
                    tags=[_tag(e) for e in term.exams],
                )
            )
            summary.decks[GLOSSARY_DECK] = summary.decks.get(GLOSSARY_DECK, 0) + 1

    _write(list(decks.values()), media, out, clock().timestamp())
    summary.media = sorted(media.by_path.values())
    return summary


def _write(decks: list[genanki.Deck], media: _Media, out: Path, timestamp: float) -> None:
    try:
        with tempfile.TemporaryDirectory(prefix="studyapp-anki-") as tmp:
            files = []
            for source, name in media.by_path.items():
                target = Path(tmp) / name
                shutil.copyfile(source, target)
                files.append(str(target))
            package = genanki.Package(decks, media_files=files)
            out.parent.mkdir(parents=True, exist_ok=True)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                package.write_to_file(str(out), timestamp=timestamp)
    except OSError as exc:
        raise AnkiExportError(f"{out}: cannot write the Anki package: {exc}") from exc
