"""Moodle XML (``<quiz><question type=...>``): import into bank-format question dicts, and export
a bank as a file Moodle's "Moodle XML format" importer reads.

Import (:func:`parse_moodle_xml`):

- ``multichoice`` → ``single`` (``<single>true</single>``, Moodle's default) or ``multiple``
  (``<single>false</single>``: every answer with a fraction above 0 is right, ``choose`` is their
  number). Partial credit in a single-answer question, unequal weights and negative fractions do
  not come across: each is a note. A multiple-answer question with one right answer becomes
  ``single`` (note).
- ``truefalse`` → ``single`` with options True / False.
- ``matching`` → ``matching``; a ``<subquestion>`` with empty text is an extra (distractor) option;
  answers with the same text are one option (as in Moodle).
- ``numerical`` → ``numeric`` with the value, ``<tolerance>`` and the unit whose multiplier is 1;
  with several answers the first 100 % one is kept (note).
- ``category`` pseudo-questions set the category of the questions after them: it becomes a tag,
  and a task code through ``options.category_tasks`` / ``options.default_task`` (a category whose
  last part is a task code, as this module exports, gives that code). ``<tags>`` are kept.
- Text in ``html``, ``moodle_auto_format``, ``plain_text`` and ``markdown`` formats becomes
  Markdown; scripts, event attributes, raw HTML in Markdown and remote or local-file images are
  dropped. Per-answer feedback is the option's rationale, general feedback the explanation.
- Images embedded as ``<file name=.. encoding="base64">`` and referenced as
  ``@@PLUGINFILE@@/name`` are written as ``images/<question-id>-<name>`` (PNG, JPEG, GIF or SVG by
  their first bytes, at most ``options.max_image_bytes``); any other image is left out (note).
- Skipped with the reason: shortanswer (typed text answers), essay, description, cloze
  (multianswer), calculated*, drag-and-drop, random… and questions the bank cannot hold (no right
  answer, too many options).
- Refused with :class:`MoodleXmlError` (``file:line:col``): a DOCTYPE (entity expansion attacks),
  malformed XML, a root other than ``<quiz>``, files over :data:`MAX_INPUT_BYTES`.

Export (:func:`to_moodle_xml`): a category per bank and first task, ``multichoice`` (single and
multiple: the right answers share 100 %, wrong ones 0), ``matching`` (option rationales go to the
general feedback: Moodle's matching has no per-option feedback), ``numerical`` with tolerance and
unit. Markdown is turned into simple HTML (paragraphs, bold, italic, code, lists, line breaks,
images); a case-set scenario is put before the stem; images are embedded as base64 ``<file>``
elements. Approach, difficulty, references and other task codes are not carried. Hotspot and
ordering questions cannot be held and are returned with the reason.
"""

from __future__ import annotations

import base64
import binascii
import html
import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote
from xml.parsers import expat

from studyapp.banks import model as m
from studyapp.errors import StudyAppError
from studyapp.interop.common import (
    ImportOptions,
    ImportResult,
    finish,
    html_to_markdown,
    plain_to_markdown,
    slug,
    unique_id,
)

#: Largest Moodle XML file read (bytes).
MAX_INPUT_BYTES = 64 * 1024 * 1024
_PLUGINFILE = "@@PLUGINFILE@@/"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_TASK_RE = re.compile(r"^[A-Z][A-Z0-9]*\.[A-Z]+\.[0-9]+$")
_OPTION_IDS = "abcdefghijkl"
_SKIP_REASONS = {
    "shortanswer": "short answer: the bank format cannot hold typed-text answers",
    "essay": "essay: no automatic answer to hold",
    "description": "description: not a question",
    "multianswer": "cloze (embedded answers): the bank format cannot hold answers inside text",
    "calculated": "calculated: formula questions cannot be held",
    "calculatedsimple": "calculated: formula questions cannot be held",
    "calculatedmulti": "calculated: formula questions cannot be held",
    "ddwtos": "drag and drop into text: answers inside text cannot be held",
    "gapselect": "select missing words: answers inside text cannot be held",
    "ddimageortext": "drag and drop onto image: cannot be held",
    "ddmarker": "drag markers: cannot be held",
    "randomsamatch": "random short-answer matching: cannot be held",
    "random": "random question: a placeholder, not a question",
}
_DEFAULT_COMBINED = {
    "",
    "Your answer is correct.",
    "Your answer is partially correct.",
    "Your answer is incorrect.",
}


class MoodleXmlError(StudyAppError):
    """A Moodle XML file that cannot be read at all."""


# ---------------------------------------------------------------------------- parsing


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Node] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts)

    def find(self, tag: str) -> _Node | None:
        for child in self.children:
            if child.tag == tag:
                return child
        return None

    def findall(self, tag: str) -> list[_Node]:
        return [c for c in self.children if c.tag == tag]

    def value(self, tag: str, default: str = "") -> str:
        """The text of child ``tag`` (or of its ``<text>`` child), stripped."""
        child = self.find(tag)
        if child is None:
            return default
        inner = child.find("text")
        return (inner.text if inner is not None else child.text).strip()


class _Refused(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line, self.col = line, col


def _parse_tree(data: bytes, path: Path) -> _Node:
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[_Node] = []
    stack: list[_Node] = []

    def refuse(*_args: object) -> None:
        raise _Refused(
            "a DOCTYPE is not allowed in Moodle XML (entity declarations can be used to attack "
            "the reader)",
            parser.CurrentLineNumber,
            parser.CurrentColumnNumber + 1,
        )

    def start(tag: str, attrs: dict[str, str]) -> None:
        node = _Node(tag, attrs, parser.CurrentLineNumber)
        if stack:
            stack[-1].children.append(node)
        else:
            root.append(node)
        stack.append(node)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(text: str) -> None:
        if stack:
            stack[-1].parts.append(text)

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except _Refused as exc:
        raise MoodleXmlError(f"{path}:{exc.line}:{exc.col}: {exc}") from None
    except expat.ExpatError as exc:
        message = expat.errors.messages.get(exc.code, str(exc))
        raise MoodleXmlError(
            f"{path}:{exc.lineno}:{exc.offset + 1}: not well-formed XML: {message}"
        ) from None
    except (LookupError, ValueError) as exc:  # the XML declaration names an unusable encoding
        raise MoodleXmlError(
            f"{path}:1: cannot read the text: the declared encoding is not supported ({exc})"
        ) from None
    if not root or root[0].tag != "quiz":
        tag = root[0].tag if root else "nothing"
        raise MoodleXmlError(
            f"{path}:1: not a Moodle XML question file: the root element is <{tag}>, not <quiz>"
        )
    return root[0]


def _image_kind(data: bytes) -> str | None:
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if (head.startswith(b"<?xml") or head.startswith(b"<svg")) and b"<svg" in head:
        return "svg"
    return None


_SUFFIXES = {"png": (".png",), "jpg": (".jpg", ".jpeg"), "gif": (".gif",), "svg": (".svg",)}


class _Question:
    """Reads one <question>: texts to Markdown, images out, notes with its line."""

    def __init__(self, node: _Node, qid: str, result: ImportResult, options: ImportOptions):
        self.node, self.qid, self.result, self.options = node, qid, result, options
        self.line = node.line
        self.saved: dict[str, str] = {}  # file name → bank-relative path

    def note(self, message: str) -> None:
        self.result.note(self.line, message)

    def markdown(self, holder: _Node | None, what: str) -> str:
        """The Markdown of a text holder (questiontext, feedback, answer…)."""
        if holder is None:
            return ""
        inner = holder.find("text")
        raw = (inner.text if inner is not None else holder.text).strip()
        if not raw:
            return ""
        files = {f.attrs.get("name", ""): f for f in holder.findall("file")}
        fmt = holder.attrs.get("format", "html")

        def keep(src: str) -> str | None:
            return self.image(src, files, what)

        if fmt == "plain_text":
            return plain_to_markdown(raw)
        if fmt == "markdown":
            return self.safe_markdown(raw, keep, what)
        if fmt == "moodle_auto_format":
            raw = raw.replace("\r\n", "\n").replace("\n", "<br>")
        elif fmt != "html":
            self.note(f"{what}: unknown text format {fmt!r} read as HTML")
        if re.search(r"<\s*(script|iframe|object|embed)\b|\son\w+\s*=|javascript:", raw, re.I):
            self.note(f"{what}: scripts or active content removed")
        return html_to_markdown(raw, keep)

    def safe_markdown(self, text: str, keep: Callable[[str], str | None], what: str) -> str:
        cleaned = re.sub(
            r"<(script|style|iframe|object|embed)\b.*?</\1\s*>", "", text, flags=re.I | re.S
        )
        cleaned = re.sub(r"</?[A-Za-z][^>]*>", "", cleaned)
        if cleaned != text:
            self.note(f"{what}: raw HTML in Markdown removed")

        def image(match: re.Match[str]) -> str:
            alt, src = match.group(1), match.group(2).strip().split(" ")[0].strip("<>")
            kept = keep(src)
            if kept:
                return f"![{alt}]({kept})"
            return f"[image: {alt}]" if alt else ""

        return re.sub(r"!\[([^\]]*)\]\(([^)]*)\)", image, cleaned).strip()

    def image(self, src: str, files: dict[str, _Node], what: str) -> str | None:
        if not src.startswith(_PLUGINFILE):
            self.note(f"{what}: image {src[:80]!r} left out (only embedded images are imported)")
            return None
        name = unquote(src[len(_PLUGINFILE) :].split("?")[0])
        if name in self.saved:
            return self.saved[name]
        node = files.get(name)
        if node is None:
            for holder in _walk(self.node):
                if holder.tag == "file" and holder.attrs.get("name") == name:
                    node = holder
                    break
        if node is None:
            self.note(f"{what}: image {name!r} is not embedded in the file; left out")
            return None
        if node.attrs.get("encoding", "base64") != "base64":
            self.note(f"{what}: image {name!r} is not base64-encoded; left out")
            return None
        encoded = re.sub(r"\s+", "", node.text)
        limit = self.options.max_image_bytes
        if len(encoded) * 3 // 4 > limit + 3:
            self.note(f"{what}: image {name!r} is larger than {limit // 1024} KiB; left out")
            return None
        try:
            data = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            self.note(f"{what}: image {name!r} is not valid base64; left out")
            return None
        if len(data) > limit:
            self.note(f"{what}: image {name!r} is larger than {limit // 1024} KiB; left out")
            return None
        kind = _image_kind(data)
        if kind is None:
            self.note(f"{what}: {name!r} is not a PNG, JPEG, GIF or SVG image; left out")
            return None
        if kind == "svg" and re.search(rb"<script|javascript:|\son\w+\s*=", data, re.I):
            self.note(f"{what}: SVG image {name!r} contains scripts; left out")
            return None
        base = re.sub(r"[^A-Za-z0-9_.-]+", "-", Path(name).name).strip("-.") or "image"
        if not base.lower().endswith(_SUFFIXES[kind]):
            base += _SUFFIXES[kind][0]
        rel = f"images/{self.qid}-{base}"
        n = 2
        while rel in self.result.images and self.result.images[rel] != data:
            rel = f"images/{self.qid}-{n}-{base}"
            n += 1
        self.result.images[rel] = data
        self.saved[name] = rel
        return rel


def _walk(node: _Node) -> list[_Node]:
    out = [node]
    for child in node.children:
        out.extend(_walk(child))
    return out


def _fraction(node: _Node, q: _Question) -> float:
    raw = node.attrs.get("fraction", "0")
    try:
        value = float(raw)
    except ValueError:
        q.note(f"answer fraction {raw!r} is not a number; read as 0")
        return 0.0
    return value if math.isfinite(value) else 0.0


def _answers(q: _Question) -> list[tuple[str, float, str, _Node]]:
    """(text, fraction, feedback) of each non-empty answer."""
    out = []
    for i, node in enumerate(q.node.findall("answer"), 1):
        text = q.markdown(node, f"answer {i}")
        if not text:
            continue
        feedback = q.markdown(node.find("feedback"), f"feedback of answer {i}")
        out.append((text, _fraction(node, q), feedback, node))
    return out


def _common_losses(q: _Question) -> None:
    for tag in ("correctfeedback", "partiallycorrectfeedback", "incorrectfeedback"):
        if q.node.value(tag) not in _DEFAULT_COMBINED:
            q.note(f"<{tag}> not carried (the bank has per-option rationales instead)")
    if q.node.findall("hint"):
        q.note("hints not carried")
    if q.node.find("image") is not None or q.node.find("image_base64") is not None:
        q.note("old-style <image> of the question not carried")


def _choice(q: _Question, out: dict[str, Any]) -> str | None:
    # Moodle's trans_single: "false", "0" or empty mean multiple answers; anything else single.
    single = q.node.value("single", "true") not in ("false", "0", "")
    answers = _answers(q)
    if len(answers) < 2:
        return "multichoice: fewer than two answers"
    if len(answers) > 10:
        return f"multichoice: {len(answers)} answers; the bank allows at most 10"
    options = [
        {"id": _OPTION_IDS[i], "text": text, "rationale": fb}
        for i, (text, _f, fb, _n) in enumerate(answers)
    ]
    out["options"] = options
    fractions = [f for _t, f, _fb, _n in answers]
    negative = [f for f in fractions if f < 0]
    share = 100 / max(1, sum(1 for f in fractions if f > 0))
    if negative and not all(abs(f + share) < 0.01 for f in negative):
        # Penalties equal to one right answer's share are the app's own scoring: nothing lost.
        q.note("negative marks for wrong answers not carried (the bank has no negative scoring)")
    if single:
        best = max(fractions)
        if best <= 0:
            return "multichoice: no answer gives credit"
        right = [i for i, f in enumerate(fractions) if f == best]
        if len(right) > 1:
            return "multichoice: several answers are fully right in a single-answer question"
        for i, f in enumerate(fractions):
            if 0 < f < best:
                q.note(f"partial credit {f:g}% for option {_OPTION_IDS[i]} not carried (wrong)")
        out["type"], out["answer"] = "single", _OPTION_IDS[right[0]]
        return None
    right = [i for i, f in enumerate(fractions) if f > 0]
    if not right:
        return "multichoice: no answer gives credit"
    if len(right) == 1:
        q.note("multiple-answer question with one right answer imported as single")
        out["type"], out["answer"] = "single", _OPTION_IDS[right[0]]
        return None
    if len(right) > 9:
        return f"multichoice: {len(right)} right answers; the bank allows at most 9"
    if len(options) < 3:
        return "multichoice: every answer is right"
    if len({round(fractions[i], 3) for i in right}) > 1:
        q.note("unequal weights of the right answers not carried (each right answer counts)")
    out["type"], out["choose"] = "multiple", len(right)
    out["answer"] = [_OPTION_IDS[i] for i in right]
    return None


def _truefalse(q: _Question, out: dict[str, Any]) -> str | None:
    found: dict[str, tuple[float, str]] = {}
    answers = q.node.findall("answer")
    words = [a.value("text").strip().lower() for a in answers]
    if len(answers) == 2 and not {"true", "false"} & set(words):
        # Old (localised) exports: Moodle takes the first answer as True, the second as False.
        q.note(f"answers {words[0]!r} / {words[1]!r} read as True / False (old-style file)")
        words = ["true", "false"]
    for i, (node, word) in enumerate(zip(answers, words, strict=True), 1):
        if word in ("true", "false"):
            feedback = q.markdown(node.find("feedback"), f"feedback of answer {i}")
            found[word] = (_fraction(node, q), feedback)
    if set(found) != {"true", "false"}:
        return "truefalse: the 'true' and 'false' answers are not both there"
    right = max(found, key=lambda w: found[w][0])
    if found[right][0] <= 0:
        return "truefalse: no answer gives credit"
    out["type"], out["answer"] = "single", right
    out["options"] = [
        {"id": w, "text": w.capitalize(), "rationale": found[w][1]} for w in ("true", "false")
    ]
    return None


def _matching(q: _Question, out: dict[str, Any]) -> str | None:
    prompts: list[dict[str, str]] = []
    options: list[dict[str, str]] = []
    by_text: dict[str, str] = {}
    answer: dict[str, str] = {}
    for i, sub in enumerate(q.node.findall("subquestion"), 1):
        prompt = q.markdown(sub, f"subquestion {i}")
        choice = plain_to_markdown(sub.value("answer"))
        if not choice:
            if prompt:
                q.note(f"subquestion {i} has no answer; left out")
            continue
        if choice not in by_text:
            if len(options) >= len(_OPTION_IDS):
                return f"matching: more than {len(_OPTION_IDS)} answers"
            by_text[choice] = _OPTION_IDS[len(options)]
            options.append({"id": by_text[choice], "text": choice, "rationale": ""})
        if prompt:
            pid = f"p{len(prompts) + 1}"
            prompts.append({"id": pid, "text": prompt})
            answer[pid] = by_text[choice]
    if len(prompts) < 2 or len(prompts) > 10:
        return f"matching: {len(prompts)} subquestions; the bank needs 2 to 10"
    if len(options) < 2:
        return "matching: fewer than two answers"
    out.update(type="matching", prompts=prompts, options=options, answer=answer)
    return None


def _numerical(q: _Question, out: dict[str, Any]) -> str | None:
    answers = []
    for node in q.node.findall("answer"):
        text = node.value("text")
        if text == "*":
            q.note("catch-all answer '*' and its feedback not carried")
            continue
        answers.append((node, text, _fraction(node, q)))
    full = [a for a in answers if a[2] >= 100]
    if not full:
        return "numerical: no answer gives full credit"
    node, text, _f = full[0]
    try:
        value = float(text)
        tolerance = abs(float(node.value("tolerance", "0") or "0"))
    except ValueError:
        return f"numerical: answer {text!r} or its tolerance is not a number"
    if not (math.isfinite(value) and math.isfinite(tolerance)):
        return f"numerical: answer {text!r} is not a finite number"
    if len(answers) > 1:
        q.note(f"{len(answers)} answers: only the first 100 % one ({text}) kept")
    unit = ""
    units = q.node.find("units")
    for u in units.findall("unit") if units is not None else []:
        try:
            multiplier = float(u.value("multiplier", "1") or "1")
        except ValueError:
            multiplier = math.nan
        name = u.value("unit_name")
        if multiplier == 1 and not unit and name:
            unit = name[:20]
        elif name:
            q.note(f"unit {name!r} (multiplier {u.value('multiplier')}) not carried")
    feedback = q.markdown(node.find("feedback"), "feedback of the right answer")
    if feedback:
        out["explanation"] = "\n\n".join(x for x in (out.get("explanation"), feedback) if x)
    out["type"] = "numeric"
    out["answer"] = {"value": value, "tolerance": tolerance, "unit": unit}
    return None


_READERS: dict[str, Callable[[_Question, dict[str, Any]], str | None]] = {
    "multichoice": _choice,
    "truefalse": _truefalse,
    "matching": _matching,
    "numerical": _numerical,
}


def parse_moodle_xml(data: bytes, path: Path, options: ImportOptions) -> ImportResult:
    """Read a Moodle XML file; see the module docstring for what comes across."""
    if len(data) > MAX_INPUT_BYTES:
        raise MoodleXmlError(
            f"{path}:1: file is {len(data) / 1e6:.1f} MB; Moodle XML files are limited to "
            f"{MAX_INPUT_BYTES // (1024 * 1024)} MiB"
        )
    quiz = _parse_tree(data, path)
    result = ImportResult(path)
    taken: set[str] = set()
    category: str | None = None
    for node in quiz.children:
        if node.tag != "question":
            continue
        qtype = node.attrs.get("type", "").strip().lower()
        if qtype == "category":
            category = node.value("category") or None
            continue
        result.read += 1
        if qtype not in _READERS:
            reason = _SKIP_REASONS.get(qtype, f"question type {qtype or '(none)'!r} not supported")
            result.skip(node.line, reason)
            continue
        idnumber = node.value("idnumber")
        name = node.value("name")
        wanted = idnumber if _ID_RE.match(idnumber) else slug(name, f"q{result.read}")
        q = _Question(node, unique_id(wanted, taken), result, options)
        out: dict[str, Any] = {"id": q.qid}
        out["stem"] = q.markdown(node.find("questiontext"), "question text")
        if not out["stem"]:
            result.skip(node.line, f"{qtype}: empty question text")
            continue
        out["explanation"] = q.markdown(node.find("generalfeedback"), "general feedback")
        problem = _READERS[qtype](q, out)
        if problem:
            result.skip(node.line, problem)
            continue
        _common_losses(q)
        tags = node.find("tags")
        if tags is not None:
            out["tags"] = [t.value("text")[:60] for t in tags.findall("tag") if t.value("text")]
        if category and task_in_category(category, options):
            out["tasks"] = [category.rstrip("/").rsplit("/", 1)[-1]]
        result.questions.append(finish(out, options, category))
    return result


def task_in_category(category: str, options: ImportOptions) -> bool:
    """Whether the category's last part is itself a task code that no mapping overrides."""
    last = category.rstrip("/").rsplit("/", 1)[-1]
    mapped = category in options.category_tasks or last in options.category_tasks
    return not mapped and bool(_TASK_RE.match(last))


# ---------------------------------------------------------------------------- Markdown → HTML


def markdown_to_html(text: str, image: Callable[[str, str], str | None] | None = None) -> str:
    """Simple HTML from Markdown: paragraphs, bold, italic, code, lists, line breaks, images.

    ``image(src, alt)`` returns the ``src`` to use for an image, or None to show its alt text.
    """
    lines = text.replace("\r\n", "\n").split("\n")
    out: list[str] = []
    para: list[str] = []
    lists: list[tuple[int, str]] = []  # (indent, "ul"/"ol")
    item_open = False

    def flush() -> None:
        nonlocal para
        if para:
            body = "<br>".join(_inline(p.rstrip(), image) for p in _breaks(para))
            out.append(body if lists else f"<p>{body}</p>")
            para = []

    def close_lists(to: int = -1) -> None:
        nonlocal item_open
        while lists and lists[-1][0] > to:
            flush()
            out.append(f"</li></{lists.pop()[1]}>")
            item_open = bool(lists)

    for line in lines:
        bullet = re.match(r"^(\s*)([-*+]|\d+[.)])\s+(.*)$", line)
        if not line.strip():
            flush()
            continue
        if bullet:
            indent, kind = len(bullet.group(1)), "ol" if bullet.group(2)[0].isdigit() else "ul"
            flush()
            close_lists(indent)
            if lists and lists[-1][0] == indent:
                if lists[-1][1] != kind:
                    close_lists(indent - 1)
                else:
                    out.append("</li><li>")
            if not lists or lists[-1][0] < indent:
                out.append(f"<{kind}><li>")
                lists.append((indent, kind))
            item_open = True
            para.append(bullet.group(3))
        elif lists and (line.startswith(" ") or para):
            para.append(line.strip())
        else:
            close_lists()
            para.append(line.strip() if not line.endswith("  ") else line.lstrip())
    close_lists()
    flush()
    return "".join(out)


def _breaks(lines: list[str]) -> list[str]:
    """Join soft-wrapped lines; a line ending in two spaces or a backslash is a hard break."""
    out: list[str] = []
    current = ""
    for line in lines:
        current = f"{current} {line.strip()}" if current else line.strip()
        if line.endswith("  ") or line.endswith("\\"):
            out.append(current.rstrip("\\ "))
            current = ""
    if current:
        out.append(current)
    return out


def _inline(text: str, image: Callable[[str, str], str | None] | None) -> str:
    literals: list[str] = []

    def hold(value: str) -> str:
        literals.append(value)
        return f"\x00{len(literals) - 1}\x00"

    text = re.sub(r"\\([\\`*_{}\[\]()<>#+\-.!|])", lambda mt: hold(html.escape(mt.group(1))), text)

    def img(mt: re.Match[str]) -> str:
        alt, src = mt.group(1), mt.group(2).strip()
        new = image(src, alt) if image else None
        if new is None:
            return hold(html.escape(f"[image: {alt}]" if alt else ""))
        return hold(f'<img src="{html.escape(new)}" alt="{html.escape(alt)}">')

    text = re.sub(r"!\[([^\]]*)\]\(([^)\s]+)\)", img, text)
    text = re.sub(r"`([^`]+)`", lambda mt: hold(f"<code>{html.escape(mt.group(1))}</code>"), text)
    text = re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", r"\1", text)  # links keep their text
    text = html.escape(text, quote=False)
    text = re.sub(r"\*\*(.+?)\*\*|__(.+?)__", lambda mt: f"<strong>{mt[1] or mt[2]}</strong>", text)
    text = re.sub(
        r"(?<![*\w])\*(?![\s*])(.+?)(?<![\s*])\*(?!\w)|(?<!\w)_(?!\s)(.+?)(?<!\s)_(?!\w)",
        lambda mt: f"<em>{mt[1] or mt[2]}</em>",
        text,
    )
    return re.sub(r"\x00(\d+)\x00", lambda mt: literals[int(mt.group(1))], text)


# ---------------------------------------------------------------------------- export


class _Images:
    """Images of one question: read from the bank folder, named once, embedded where used."""

    def __init__(self, base_dir: Path) -> None:
        self.base = base_dir.resolve()
        self.names: dict[str, tuple[str, bytes]] = {}  # bank path → (file name, bytes)
        self.problem: str | None = None

    def get(self, rel: str) -> str | None:
        if rel in self.names:
            return self.names[rel][0]
        if re.match(r"^[a-z][a-z0-9+.-]*:", rel, re.I) or rel.startswith(("/", "\\")):
            self.problem = f"image {rel!r} is not a file inside the bank folder"
            return None
        target = (self.base / rel).resolve()
        if not target.is_relative_to(self.base) or not target.is_file():
            self.problem = f"image {rel!r} not found next to the bank"
            return None
        try:
            data = target.read_bytes()
        except OSError as exc:
            self.problem = f"image {rel!r} cannot be read: {exc.strerror or exc}"
            return None
        name = target.name
        used = {n for n, _d in self.names.values()}
        n = 2
        while name in used:
            name = f"{n}-{target.name}"
            n += 1
        self.names[rel] = (name, data)
        return name


def _text_el(
    parent: ET.Element,
    tag: str,
    markdown: str,
    images: _Images,
    attrs: dict[str, str] | None = None,
) -> ET.Element:
    """``<tag format="html"><text>HTML</text><file…/></tag>`` with the images it uses."""
    used: list[str] = []

    def image(src: str, _alt: str) -> str | None:
        name = images.get(src)
        if name is None:
            return None
        used.append(src)
        return _PLUGINFILE + name

    el = ET.SubElement(parent, tag, {**(attrs or {}), "format": "html"})
    ET.SubElement(el, "text").text = markdown_to_html(markdown, image) if markdown else ""
    for src in dict.fromkeys(used):
        name, data = images.names[src]
        f = ET.SubElement(el, "file", {"name": name, "path": "/", "encoding": "base64"})
        f.text = base64.b64encode(data).decode("ascii")
    return el


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _question(q: m.Question, stem: str, images: _Images) -> ET.Element:
    qtype = {"single": "multichoice", "multiple": "multichoice"}.get(q.type, q.type)
    qtype = "numerical" if q.type == "numeric" else qtype
    el = ET.Element("question", {"type": qtype})
    ET.SubElement(ET.SubElement(el, "name"), "text").text = q.id
    _text_el(el, "questiontext", stem, images)
    explanation = q.explanation
    if isinstance(q, m.MatchingQuestion):
        lines = [f"- **{o.text}**: {' '.join(o.rationale.split())}" for o in q.options]
        explanation += "\n\n" + "\n".join(lines)
    _text_el(el, "generalfeedback", explanation, images)
    ET.SubElement(el, "defaultgrade").text = "1"
    ET.SubElement(el, "penalty").text = "0.3333333"
    ET.SubElement(el, "hidden").text = "0"
    ET.SubElement(el, "idnumber").text = q.id
    if isinstance(q, (m.SingleQuestion, m.MultipleQuestion)):
        single = isinstance(q, m.SingleQuestion)
        right = {q.answer} if isinstance(q, m.SingleQuestion) else set(q.answer)
        share = 100.0 / len(right)
        ET.SubElement(el, "single").text = "true" if single else "false"
        ET.SubElement(el, "shuffleanswers").text = "0"
        ET.SubElement(el, "answernumbering").text = "abc"
        ET.SubElement(el, "showstandardinstruction").text = "0"
        # Multiple answers: each wrong tick takes back one right answer's share, the app's own
        # scoring, so that ticking every box does not score full marks in Moodle.
        penalty = 0.0 if single else -share
        for opt in q.options:
            value = share if opt.id in right else penalty
            fraction = f"{value:.5f}".rstrip("0").rstrip(".") if value else "0"
            ans = _text_el(el, "answer", opt.text, images, {"fraction": fraction})
            _text_el(ans, "feedback", opt.rationale, images)
    elif isinstance(q, m.MatchingQuestion):
        ET.SubElement(el, "shuffleanswers").text = "true"
        texts = {o.id: o.text for o in q.options}
        for prompt in q.prompts:
            sub = _text_el(el, "subquestion", prompt.text, images)
            ET.SubElement(ET.SubElement(sub, "answer"), "text").text = texts[q.answer[prompt.id]]
        for opt in q.options:
            if opt.id not in q.answer.values():
                sub = _text_el(el, "subquestion", "", images)
                ET.SubElement(ET.SubElement(sub, "answer"), "text").text = opt.text
    elif isinstance(q, m.NumericQuestion):
        ans = ET.SubElement(el, "answer", {"fraction": "100", "format": "moodle_auto_format"})
        ET.SubElement(ans, "text").text = _number(q.answer.value)
        ET.SubElement(ET.SubElement(ans, "feedback", {"format": "html"}), "text").text = ""
        ET.SubElement(ans, "tolerance").text = _number(q.answer.tolerance)
        if q.answer.unit:
            unit = ET.SubElement(ET.SubElement(el, "units"), "unit")
            ET.SubElement(unit, "multiplier").text = "1"
            ET.SubElement(unit, "unit_name").text = q.answer.unit
        ET.SubElement(el, "unitgradingtype").text = "0"
        ET.SubElement(el, "unitpenalty").text = "0.1000000"
        ET.SubElement(el, "showunits").text = "3"
        ET.SubElement(el, "unitsleft").text = "0"
    if q.tags:
        tags = ET.SubElement(el, "tags")
        for tag in q.tags:
            ET.SubElement(ET.SubElement(tags, "tag"), "text").text = tag
    return el


def to_moodle_xml(bank: m.Bank, base_dir: Path) -> tuple[str, list[tuple[str, str]]]:
    """Moodle XML for a bank, and (question id, reason) for each question it cannot hold.

    ``base_dir`` is the bank file's folder: images are read from it (and only from inside it).
    """
    quiz = ET.Element("quiz")
    skipped: list[tuple[str, str]] = []
    scenarios = {s.id: s for s in bank.scenarios}
    title = bank.bank.title.replace("/", "-")
    current: str | None = None
    for q in bank.questions:
        if isinstance(q, (m.HotspotQuestion, m.OrderingQuestion)):
            skipped.append((q.id, f"{q.type}: Moodle XML has no {q.type} question type"))
            continue
        stem = q.stem
        scenario = scenarios.get(q.scenario) if q.scenario else None
        if scenario is not None:
            stem = f"**{scenario.title}**\n\n{scenario.text}\n\n{stem}"
            stem += "".join(f"\n\n![]({img})" for img in scenario.images)
        stem += "".join(f"\n\n![]({img})" for img in q.images)
        images = _Images(base_dir)
        el = _question(q, stem, images)
        if images.problem:
            skipped.append((q.id, images.problem))
            continue
        category = f"$course$/top/{title}/{q.tasks[0]}"
        if category != current:
            cat = ET.SubElement(quiz, "question", {"type": "category"})
            ET.SubElement(ET.SubElement(cat, "category"), "text").text = category
            ET.SubElement(ET.SubElement(cat, "info", {"format": "html"}), "text").text = ""
            current = category
        quiz.append(el)
    ET.indent(quiz)
    body = ET.tostring(quiz, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n", skipped
