"""What every importer and exporter shares: the result of an import, safe HTML → Markdown, and
writing a bank file that a trainer can read and edit.

Importers turn a foreign file into *question dicts in the bank format* (the YAML a trainer would
write: ``{"id", "type", "stem", "options": [{"id", "text", "rationale"}], "answer", ...}``).
Whatever the bank format cannot hold is never dropped silently: it is recorded as a
:class:`Skipped` entry (the whole question could not be carried) or a :class:`Note` (the question
came across but something in it did not, e.g. negative partial credit), each with ``file:line``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import yaml

#: Largest embedded image an import writes out (bytes); bigger ones are skipped with a note.
MAX_IMAGE_BYTES = 2 * 1024 * 1024
#: Placeholder for a field the source did not have; `bank validate` and the import summary
#: point at every one left, so a trainer knows what to fill in by hand.
TO_FILL = "TO FILL IN"


@dataclass(frozen=True)
class Skipped:
    """A question that could not be imported."""

    path: Path
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: skipped: {self.reason}"


@dataclass(frozen=True)
class Note:
    """Something inside an imported question that did not come across (or was filled in)."""

    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: note: {self.message}"


@dataclass
class ImportOptions:
    exam: str = "PMP"
    outline: str = "PMP2026"
    bank_id: str | None = None
    title: str | None = None
    #: Task code for questions whose category does not map to one.
    default_task: str | None = None
    #: Category (as written in the source, e.g. "$course$/Risk") → outline task code.
    category_tasks: dict[str, str] = field(default_factory=dict)
    max_image_bytes: int = MAX_IMAGE_BYTES


@dataclass
class ImportResult:
    source: Path
    read: int = 0  # questions found in the source, imported or not
    questions: list[dict[str, Any]] = field(default_factory=list)
    #: Files to write next to the bank, by path relative to it (e.g. ``images/q3-1.png``).
    images: dict[str, bytes] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(Skipped(self.source, line, reason))

    def note(self, line: int, message: str) -> None:
        self.notes.append(Note(self.source, line, message))

    def summary(self) -> str:
        text = f"{self.read} read, {len(self.questions)} imported, {len(self.skipped)} skipped"
        if self.skipped:
            reasons: dict[str, int] = {}
            for s in self.skipped:
                key = s.reason.split(":")[0]
                reasons[key] = reasons.get(key, 0) + 1
            text += ": " + ", ".join(f"{n} {r}" for r, n in reasons.items())
        return text


def task_for(category: str | None, options: ImportOptions) -> str | None:
    """The task code a category maps to (exact, then by its last path part), else the default."""
    if category:
        if category in options.category_tasks:
            return options.category_tasks[category]
        last = category.rstrip("/").rsplit("/", 1)[-1]
        if last in options.category_tasks:
            return options.category_tasks[last]
    return options.default_task


def finish(
    q: dict[str, Any], options: ImportOptions, category: str | None = None
) -> dict[str, Any]:
    """Fill the bank fields an import source never has, so the question reads naturally.

    Fields the source could not give and nobody can guess (the task code when no mapping or
    default applies, a rationale, the explanation) are set to :data:`TO_FILL`.
    """
    task = task_for(category, options)
    out: dict[str, Any] = {"id": q["id"], "type": q["type"], "stem": q["stem"]}
    for key in ("choose", "prompts", "options", "answer", "image", "image_size"):
        if key in q:
            out[key] = q[key]
    for opt in out.get("options", []):
        if not str(opt.get("rationale") or "").strip():
            opt["rationale"] = TO_FILL
    out["explanation"] = q.get("explanation") or TO_FILL
    out["tasks"] = q.get("tasks") or [task or TO_FILL]
    out["approach"] = q.get("approach", "any")
    out["difficulty"] = q.get("difficulty", 2)
    tags = list(q.get("tags", []))
    if category:
        tags.append(_tag(category))
    if tags:
        out["tags"] = list(dict.fromkeys(t for t in tags if t))
    if q.get("references"):
        out["references"] = q["references"]
    return out


def _tag(category: str) -> str:
    text = re.sub(r"^\$(course|cat\d|module|system)\$/?", "", category.strip())
    return re.sub(r"\s+", "-", text.strip("/").replace("/", ":"))[:60] or "imported"


def slug(text: str, fallback: str) -> str:
    """An id-safe version of ``text`` (letters, digits, '-', '_', '.'), at most 60 characters."""
    s = re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-.").lower()[:60]
    return s or fallback


def unique_id(wanted: str, taken: set[str]) -> str:
    candidate, n = wanted, 2
    while candidate in taken:
        candidate = f"{wanted}-{n}"
        n += 1
    taken.add(candidate)
    return candidate


# ---------------------------------------------------------------------------- HTML → Markdown

_DROP_WITH_CONTENT = {"script", "style", "iframe", "object", "embed", "noscript", "template"}
_BLOCK = {"p", "div", "section", "article", "blockquote", "table", "tr", "h1", "h2", "h3", "h4"}


class _ToMarkdown(HTMLParser):
    def __init__(self, keep_image: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.drop = 0
        self.lists: list[list[int]] = []  # per open list: [is_ordered, counter]
        self.keep_image = keep_image
        self.href: list[str] = []
        self.marks: list[tuple[str, int]] = []  # open emphasis: (marker, its index in out)

    def _open(self, marker: str) -> None:
        self.marks.append((marker, len(self.out)))
        self.out.append(marker)

    def _close(self, marker: str) -> None:
        if not self.marks or self.marks[-1][0] != marker:
            return
        _, at = self.marks.pop()
        if not "".join(self.out[at + 1 :]).strip():
            del self.out[at]  # empty emphasis: drop the opening marker, write nothing
        else:
            self.out.append(marker)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.drop += 1
            return
        if self.drop:
            return
        a = {k.lower(): v or "" for k, v in attrs}
        if tag in ("b", "strong"):
            self._open("**")
        elif tag in ("i", "em"):
            self._open("*")
        elif tag == "code":
            self._open("`")
        elif tag == "br":
            self.out.append("  \n")
        elif tag in ("ul", "ol"):
            self.lists.append([1 if tag == "ol" else 0, 0])
            self.out.append("\n")
        elif tag == "li":
            indent = "  " * max(0, len(self.lists) - 1)
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self.out.append(f"\n{indent}{self.lists[-1][1]}. ")
            else:
                self.out.append(f"\n{indent}- ")
        elif tag in _BLOCK:
            self.out.append("\n\n")
        elif tag in ("td", "th"):
            self.out.append(" ")
        elif tag == "img":
            src = a.get("src", "")
            kept = self.keep_image(src) if src else None
            alt = a.get("alt", "").replace("]", "")
            if kept:
                self.out.append(f"![{alt}]({kept})")
            elif alt:
                self.out.append(f"[image: {alt}]")
        elif tag == "a":
            self.href.append(a.get("href", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_WITH_CONTENT:
            self.drop = max(0, self.drop - 1)
            return
        if self.drop:
            return
        if tag in ("b", "strong"):
            self._close("**")
        elif tag in ("i", "em"):
            self._close("*")
        elif tag == "code":
            self._close("`")
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.out.append("\n\n")
        elif tag in _BLOCK:
            self.out.append("\n\n")
        elif tag == "a" and self.href:
            self.href.pop()  # links keep their text only: no remote resources from banks

    def handle_data(self, data: str) -> None:
        if not self.drop:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_markdown(text: str, keep_image: Any = None) -> str:
    """Markdown from HTML question text: paragraphs, line breaks, lists, emphasis and code kept;
    scripts, styles, frames, event attributes and links' targets dropped. ``keep_image(src)``
    returns the relative path to use for an image (after saving it), or None to leave it out
    (remote and local-file images are always left out by the importers)."""
    parser = _ToMarkdown(keep_image or (lambda _src: None))
    parser.feed(text)
    parser.close()
    md = "".join(parser.out)
    md = re.sub(r"[ \t]+\n", lambda m: "  \n" if m.group(0).startswith("  ") else "\n", md)
    md = re.sub(r"\n{3,}", "\n\n", md)
    return md.strip()


def plain_to_markdown(text: str) -> str:
    """Plain text as Markdown: characters Markdown would interpret are escaped."""
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", html.unescape(text)).strip()


# ---------------------------------------------------------------------------- writing a bank


class _BankDumper(yaml.CSafeDumper):  # libyaml: 4× faster than the Python dumper, same text
    pass


def _str(dumper: _BankDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value or len(value) > 80:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_BankDumper.add_representer(str, _str)


def bank_document(result: ImportResult, options: ImportOptions) -> dict[str, Any]:
    bank_id = options.bank_id or slug(result.source.stem, "imported")
    return {
        "format_version": 1,
        "bank": {
            "id": bank_id,
            "title": options.title or f"Imported from {result.source.name}",
            "exam": options.exam,
            "outline": options.outline,
            "version": "1.0.0",
            "language": "en",
            "description": (
                f"Imported from {result.source.name}: {result.summary()}. Fields the source did "
                "not have are marked for you to fill in."
            ),
        },
        "questions": result.questions,
    }


def schema_comment() -> str:
    """The first line of a bank written by the app: editors with the YAML language server then
    check and complete its fields (the schema file shipped with this installation)."""
    from studyapp.paths import resources_dir

    return f"# yaml-language-server: $schema={(resources_dir() / 'bank.schema.json').as_uri()}\n"


def dump_bank(doc: dict[str, Any]) -> str:
    """A bank as YAML a person can edit: long and multi-line texts as block scalars."""
    body = yaml.dump(doc, Dumper=_BankDumper, sort_keys=False, allow_unicode=True, width=100)
    return schema_comment() + body


def write_bank(result: ImportResult, options: ImportOptions, out: Path) -> list[Path]:
    """Write the bank YAML and its images; returns the files written."""
    out.parent.mkdir(parents=True, exist_ok=True)
    written = []
    for rel, data in result.images.items():
        target = out.parent / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written.append(target)
    out.write_text(dump_bank(bank_document(result, options)), encoding="utf-8")
    written.append(out)
    return written
