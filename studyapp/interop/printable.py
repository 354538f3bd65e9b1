"""A printable exam as one self-contained HTML page, plus the safe Markdown → HTML converter the
exporters share.

:func:`printable_html` lays out a chosen set of questions for paper:

- a cover line (title, subtitle, number of questions);
- the questions, numbered, each kept on one page where possible: single and multiple choice with
  lettered options (multiple says how many to choose), matching as two lists (numbered prompts
  with a blank, lettered options), ordering as a lettered list of steps to number, numeric with an
  answer line (and the unit), hotspot with the picture inline (a ``data:`` URI) and its regions as
  lettered options;
- on a new page the answer key (question number → answer);
- on another new page the answer, every option's rationale, the explanation and the references.

What is supported and what is not:

- Bank text is untrusted: it is HTML-escaped *before* the Markdown is interpreted, so no raw HTML
  from a bank reaches the page. Markdown supported: paragraphs, hard line breaks, bullet and
  numbered lists (one level; deeper items are flattened), ``**bold**``, ``*italic*``/``_italic_``,
  `` `code` ``, headings (as bold paragraphs), backslash escapes. Links keep their text only.
- Images (a hotspot's ``image``, the question's ``images`` and Markdown images in its text) are
  read only from inside the bank's own folder, only SVG/PNG/JPEG/GIF, at most
  :data:`MAX_INLINE_IMAGE_BYTES` each; any other image (remote, absolute, ``..``, too big,
  missing) becomes the text "[image not included: …]" so nothing disappears silently.
- Case-set scenarios are not printed (a question does not carry its scenario's text).
"""

from __future__ import annotations

import base64
import hashlib
import html
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path

from studyapp.banks import model as m

#: Largest image embedded in a printable page (bytes).
MAX_INLINE_IMAGE_BYTES = 1024 * 1024

IMAGE_TYPES = {
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
}

#: ``image(path, alt)`` → the ``src`` to use (not yet escaped), or None to leave the image out.
ImageResolver = Callable[[str, str], str | None]

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# ---------------------------------------------------------------------------- Markdown → HTML

_ESCAPABLE = "\\`*_{}[]()#+-.!|<>"
_PLACEHOLDER = "\x00{}\x00"


def bank_folder(path: Path) -> Path:
    """The folder images are read from: ``path`` itself, or its parent when it names a file."""
    return path.parent if path.suffix.lower() in (".yaml", ".yml") or path.is_file() else path


def safe_image_file(
    folder: Path, rel: str, max_bytes: int = MAX_INLINE_IMAGE_BYTES
) -> tuple[Path | None, str]:
    """The image file ``rel`` names inside ``folder``, or None with the reason it is refused."""
    if not rel or re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", rel) or rel.startswith(("/", "\\")):
        return None, f"{rel!r} is not a relative path inside the bank folder"
    try:
        base = folder.resolve()
        target = (base / rel).resolve()
    except (OSError, RuntimeError, ValueError):
        return None, f"{rel!r} cannot be resolved"
    if not target.is_relative_to(base):
        return None, f"{rel!r} points outside the bank folder"
    if target.suffix.lower() not in IMAGE_TYPES:
        return None, f"{rel!r} is not an SVG, PNG, JPEG or GIF image"
    try:
        size = target.stat().st_size if target.is_file() else -1
    except OSError:
        size = -1
    if size < 0:
        return None, f"{rel!r} does not exist"
    if size > max_bytes:
        return None, f"{rel!r} is larger than {max_bytes} bytes"
    return target, ""


def _inline(text: str, image: ImageResolver) -> str:
    """Inline Markdown of one block; ``text`` is raw (unescaped) bank text."""
    saved: list[str] = []

    def keep(fragment: str) -> str:
        saved.append(fragment)
        return _PLACEHOLDER.format(len(saved) - 1)

    text = text.replace("\x00", "")
    # Backslash escapes and code spans first: their content is literal.
    text = re.sub(
        r"\\([" + re.escape(_ESCAPABLE) + r"])", lambda mt: keep(html.escape(mt.group(1))), text
    )
    text = re.sub(r"`([^`\n]+)`", lambda mt: keep(f"<code>{html.escape(mt.group(1))}</code>"), text)

    def img(mt: re.Match[str]) -> str:
        alt, src = mt.group(1), mt.group(2)
        resolved = image(src, alt)
        if resolved is None:
            label = alt or src
            return keep(html.escape(f"[image not included: {label}]"))
        return keep(f'<img src="{html.escape(resolved)}" alt="{html.escape(alt)}">')

    text = re.sub(r"!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)", img, text)
    # Links keep their text only: no remote resources from banks.
    text = re.sub(r"\[([^\]\n]+)\]\([^)\n]*\)", r"\1", text)
    text = html.escape(text, quote=True)
    text = re.sub(r"\*\*(?=\S)(.+?)(?<=\S)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![\w])__(?=\S)(.+?)(?<=\S)__(?![\w])", r"<strong>\1</strong>", text)
    text = re.sub(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])", r"<em>\1</em>", text)
    text = re.sub(r"(?<![\w])_(?=\S)([^_]+?)(?<=\S)_(?![\w])", r"<em>\1</em>", text)
    text = re.sub(r" {2,}\n|\\\n", "<br>\n", text)
    return re.sub("\x00(\\d+)\x00", lambda mt: saved[int(mt.group(1))], text)


_BULLET = re.compile(r"^\s{0,8}[-*+]\s+(.*)$")
_NUMBER = re.compile(r"^\s{0,8}\d{1,9}[.)]\s+(.*)$")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")


def markdown_to_html(text: str, image: ImageResolver | None = None) -> str:
    """Simple, safe HTML from bank Markdown (see the module docstring for what is kept)."""
    resolver: ImageResolver = image or (lambda _src, _alt: None)
    out: list[str] = []
    para: list[str] = []
    items: list[list[str]] = []
    list_kind = ""

    def flush_para() -> None:
        if para:
            out.append(f"<p>{_inline(chr(10).join(para), resolver)}</p>")
            para.clear()

    def flush_list() -> None:
        nonlocal list_kind
        if items:
            body = "".join(f"<li>{_inline(chr(10).join(it), resolver)}</li>" for it in items)
            out.append(f"<{list_kind}>{body}</{list_kind}>")
            items.clear()
        list_kind = ""

    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if not line.strip():
            flush_para()
            flush_list()
            continue
        bullet, number, heading = _BULLET.match(line), _NUMBER.match(line), _HEADING.match(line)
        if bullet or number:
            kind = "ul" if bullet else "ol"
            flush_para()
            if list_kind and list_kind != kind and not line.startswith((" ", "\t")):
                flush_list()
            if not list_kind:
                list_kind = kind
            items.append([(bullet or number).group(1)])  # type: ignore[union-attr]
        elif heading:
            flush_para()
            flush_list()
            out.append(f"<p><strong>{_inline(heading.group(1), resolver)}</strong></p>")
        elif items and (line.startswith((" ", "\t")) or not para):
            items[-1].append(line.strip())  # continuation of the list item
        else:
            flush_list()
            para.append(line.strip() if not line.endswith("  ") else line.lstrip())
    flush_para()
    flush_list()
    return "".join(out)


def inline_markdown(text: str, image: ImageResolver | None = None) -> str:
    """Like :func:`markdown_to_html` but without the outer ``<p>`` for a one-paragraph text."""
    rendered = markdown_to_html(text, image)
    if rendered.startswith("<p>") and rendered.endswith("</p>") and rendered.count("<p>") == 1:
        return rendered[3:-4]
    return rendered


# ---------------------------------------------------------------------------- answers as text


def format_number(x: float) -> str:
    return f"{x:g}" if abs(x) < 1e15 else repr(x)


def numeric_answer(a: m.NumericAnswer) -> str:
    """``12.5 ± 0.1 days`` (plain text)."""
    text = format_number(a.value)
    if a.tolerance:
        text += f" ± {format_number(a.tolerance)}"
    if a.unit:
        text += f" {a.unit}"
    return text


def letter(i: int) -> str:
    return LETTERS[i] if i < len(LETTERS) else str(i + 1)


# ---------------------------------------------------------------------------- the printable page

_CSS = """
@page { margin: 18mm 16mm; }
body { font-family: "Helvetica", "Arial", sans-serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 18pt; margin: 0 0 4pt 0; }
h2 { font-size: 14pt; margin: 0 0 8pt 0; }
h3 { font-size: 11pt; margin: 0 0 4pt 0; }
.cover { margin-bottom: 14pt; border-bottom: 1px solid #888; }
.question, .rationale { page-break-inside: avoid; break-inside: avoid; margin: 0 0 14pt 0; }
.options { margin: 4pt 0 0 0; }
.option { margin: 2pt 0 2pt 12pt; }
.blank { font-family: monospace; }
.newpage { page-break-before: always; break-before: page; }
table { border-collapse: collapse; }
td, th { padding: 2pt 8pt 2pt 0; vertical-align: top; text-align: left; }
img { max-width: 100%; }
.meta { color: #555; font-size: 9pt; }
@media print { body { margin: 0; } }
"""


def _image_resolver(folder: Path) -> ImageResolver:
    def resolve(src: str, _alt: str) -> str | None:
        return data_uri(folder, src)

    return resolve


def data_uri(folder: Path, rel: str) -> str | None:
    """The image ``rel`` (inside ``folder``) as a ``data:`` URI, or None when refused."""
    target, _reason = safe_image_file(folder, rel)
    if target is None:
        return None
    try:
        payload = target.read_bytes()
    except OSError:
        return None
    if len(payload) > MAX_INLINE_IMAGE_BYTES:
        return None
    mime = IMAGE_TYPES[target.suffix.lower()]
    return f"data:{mime};base64,{base64.b64encode(payload).decode('ascii')}"


def _missing(rel: str) -> str:
    return f'<p class="meta">{html.escape(f"[image not included: {rel}]")}</p>'


def _images(q: m.Question, folder: Path) -> str:
    parts = []
    for rel in [q.image] if isinstance(q, m.HotspotQuestion) else []:
        uri = data_uri(folder, rel)
        parts.append(
            f'<p><img src="{html.escape(uri)}" alt="picture for the question"></p>'
            if uri
            else _missing(rel)
        )
    for rel in q.images:
        uri = data_uri(folder, rel)
        parts.append(f'<p><img src="{html.escape(uri)}" alt=""></p>' if uri else _missing(rel))
    return "".join(parts)


def _question_block(n: int, q: m.Question, folder: Path) -> str:
    md = _image_resolver(folder)
    body = [f"<h3>Question {n}</h3>", markdown_to_html(q.stem, md), _images(q, folder)]
    if isinstance(q, (m.SingleQuestion, m.MultipleQuestion, m.HotspotQuestion)):
        box = "☐ " if isinstance(q, m.MultipleQuestion) else ""
        body.append('<div class="options">')
        for i, opt in enumerate(q.options):
            body.append(
                f'<p class="option">{box}<strong>{letter(i)}.</strong> '
                f"{inline_markdown(opt.text, md)}</p>"
            )
        body.append("</div>")
    elif isinstance(q, m.MatchingQuestion):
        body.append("<p><em>Write the letter of the matching option next to each item.</em></p>")
        body.append('<table class="options"><tr><td>')
        for i, p in enumerate(q.prompts, start=1):
            body.append(
                f'<p class="option"><strong>{i}.</strong> {inline_markdown(p.text, md)} '
                '<span class="blank">____</span></p>'
            )
        body.append("</td><td>")
        for i, opt in enumerate(q.options):
            body.append(
                f'<p class="option"><strong>{letter(i)}.</strong> '
                f"{inline_markdown(opt.text, md)}</p>"
            )
        body.append("</td></tr></table>")
    elif isinstance(q, m.OrderingQuestion):
        body.append("<p><em>Number the steps in order (1 = first).</em></p>")
        body.append('<div class="options">')
        for i, opt in enumerate(shuffled_steps(q)):
            body.append(
                f'<p class="option"><span class="blank">____</span> <strong>{letter(i)}.</strong> '
                f"{inline_markdown(opt.text, md)}</p>"
            )
        body.append("</div>")
    elif isinstance(q, m.NumericQuestion):
        unit = f" {html.escape(q.answer.unit)}" if q.answer.unit else ""
        body.append(
            f'<p class="options">Answer: <span class="blank">______________</span>{unit}</p>'
        )
    return f'<div class="question">{"".join(body)}</div>'


def shuffled_steps(q: m.OrderingQuestion) -> list[m.Option]:
    """The steps of an ordering question in a fixed, deterministic order that differs from the
    answer (when there is more than one step): the same question always prints the same way."""
    seed = int.from_bytes(hashlib.sha256(q.id.encode("utf-8")).digest()[:8], "big")
    steps = list(q.options)
    random.Random(seed).shuffle(steps)
    order = [o.id for o in steps]
    if len(steps) > 1 and order == list(q.answer):
        steps = steps[1:] + steps[:1]
    return steps


def answer_text(q: m.Question) -> str:
    """The answer in plain text, with option letters as printed (``B``, ``A, C``, ``1-C, 2-A``)."""
    if isinstance(q, m.NumericQuestion):
        return numeric_answer(q.answer)
    if isinstance(q, m.MatchingQuestion):
        letters = {o.id: letter(i) for i, o in enumerate(q.options)}
        return ", ".join(
            f"{i}-{letters.get(q.answer.get(p.id, ''), '?')}"
            for i, p in enumerate(q.prompts, start=1)
        )
    if isinstance(q, m.OrderingQuestion):
        letters = {o.id: letter(i) for i, o in enumerate(shuffled_steps(q))}
        return ", ".join(letters.get(a, "?") for a in q.answer)
    letters = {o.id: letter(i) for i, o in enumerate(q.options)}
    answers = [q.answer] if isinstance(q.answer, str) else list(q.answer)
    return ", ".join(letters.get(a, "?") for a in answers)


def _rationale_block(n: int, q: m.Question, folder: Path) -> str:
    md = _image_resolver(folder)
    body = [f"<h3>Question {n}: {html.escape(answer_text(q))}</h3>"]
    if isinstance(q, m.OrderingQuestion):
        by_id = {o.id: o for o in q.options}
        steps = [by_id[a] for a in q.answer if a in by_id]
        body.append(
            "<ol>" + "".join(f"<li>{inline_markdown(o.text, md)}</li>" for o in steps) + "</ol>"
        )
        options: Sequence[m.Option] = shuffled_steps(q)
    elif isinstance(q, m.NumericQuestion):
        options = []
    else:
        options = q.options
    for i, opt in enumerate(options):
        body.append(
            f'<p class="option"><strong>{letter(i)}.</strong> '
            f"{inline_markdown(opt.rationale, md)}</p>"
        )
    body.append(markdown_to_html(q.explanation, md))
    if q.references:
        refs = "; ".join(html.escape(r) for r in q.references)
        body.append(f'<p class="meta">References: {refs}</p>')
    return f'<div class="rationale">{"".join(body)}</div>'


def printable_html(
    questions: Sequence[tuple[m.Question, Path]], title: str, subtitle: str = ""
) -> str:
    """A self-contained printable exam: questions, then the answer key and the rationales each on a
    new page. Each path is the question's bank file (or its folder), where its images live."""
    cover = [f"<h1>{html.escape(title)}</h1>"]
    if subtitle:
        cover.append(f"<p>{html.escape(subtitle)}</p>")
    count = len(questions)
    cover.append(f'<p class="meta">{count} question{"s" if count != 1 else ""}</p>')
    blocks = [_question_block(n, q, bank_folder(p)) for n, (q, p) in enumerate(questions, start=1)]
    key_rows = "".join(
        f"<tr><td><strong>{n}</strong></td><td>{html.escape(answer_text(q))}</td></tr>"
        for n, (q, _p) in enumerate(questions, start=1)
    )
    rationales = [
        _rationale_block(n, q, bank_folder(p)) for n, (q, p) in enumerate(questions, start=1)
    ]
    newpage = 'class="newpage" style="page-break-before: always; break-before: page"'
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_CSS}</style></head><body>"
        f'<div class="cover">{"".join(cover)}</div>'
        f"{''.join(blocks)}"
        f'<div {newpage} id="answer-key"><h2>Answer key</h2>'
        f"<table><tr><th>Question</th><th>Answer</th></tr>{key_rows}</table></div>"
        f'<div {newpage} id="rationales"><h2>Answers explained</h2>{"".join(rationales)}</div>'
        "</body></html>\n"
    )
