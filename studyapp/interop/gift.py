"""GIFT (Moodle's plain-text question format): import into bank questions, export a bank.

Import (:func:`parse_gift`) reads GIFT the way Moodle does:

- questions separated by blank lines; ``//`` comment lines; a UTF-8 byte-order mark; questions
  over several lines;
- ``::title::`` (the question id is a slug of it, else ``<file stem>-<n>``);
- ``[html]``, ``[markdown]``, ``[plain]`` and ``[moodle]`` text formats (HTML is converted to safe
  Markdown; plain text is escaped; ``[moodle]``, the default, is treated as HTML when it holds
  tags and as plain text otherwise); answers and feedback inherit the question's format;
- escapes ``\\~ \\= \\# \\{ \\} \\: \\\\`` and ``\\n`` (a new line);
- ``// [id:x] [tag:y]`` in a question's comment lines (Moodle's idnumber and tags): the id
  (when it is a valid bank id) and tags;
- ``$CATEGORY:`` lines: the category becomes a tag, and the task code comes from
  ``options.category_tasks`` (or from a last category part that is itself a task code, as
  :func:`to_gift` writes it), else ``options.default_task``;
- multiple choice with ``=``/``~`` answers and ``%n%`` weights: with a ``=`` answer it is single
  choice (the 100 % answer is right); without one, every positively weighted answer is right
  (single when only one is, else ``multiple`` with ``choose`` = number of right answers).
  Negative weights and partial credit are imported as plain right/wrong with a note;
- ``#`` per-answer feedback → the option's rationale; ``####`` general feedback → explanation;
- true/false ``{T}``, ``{TRUE}``, ``{F}``, ``{FALSE}`` (upper case only, as in Moodle: ``{true}``
  is a short answer there) with ``#wrong feedback#right feedback`` → single choice between
  "True" and "False";
- matching ``{=a -> b ...}`` (identical right-hand sides share an option; ``= -> x`` is an extra
  option);
- numerical ``{#3.14:0.01}``, ``{#1..5}`` (midpoint and half-width), and several answers (the
  first at 100 % is used, with a note); ``~#feedback`` for any other answer is noted, not kept.

Skipped, with the line where the question starts: short answer (``{=a =b}``), essay (``{}``),
description (no answer block), missing word (answer block inside the text), and malformed
questions (unclosed brace, empty answer block, bad weight, bad number...). Images in HTML are not
kept (GIFT only links to files inside Moodle): a note says so.

Export (:func:`to_gift`) writes single, multiple (right answers share +100 %; each wrong answer
takes one right answer's share back, the app's own scoring, so ticking every box does not score
full marks in Moodle), matching (extra options as
``= -> option``) and numeric (``value:tolerance``) questions; rationales as ``#`` feedback and the
explanation as ``####``; texts as ``[markdown]``; a ``$CATEGORY: <bank id>/<first task>`` line
per group. Hotspot and ordering questions are not exported, and what else GIFT cannot hold
(matching rationales, units, further tasks, images, scenarios written into the stem) is listed
as ``(question id, reason)``. Tags, approach, difficulty and references are bank metadata GIFT has
no place for and are not written.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from studyapp.banks import model as m
from studyapp.interop.common import (
    ImportOptions,
    ImportResult,
    finish,
    html_to_markdown,
    plain_to_markdown,
    slug,
    unique_id,
)

# Escaped characters become private-use placeholders while the question is taken apart.
_ESCAPES = {"\\": "\ue000", ":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004"}
_ESCAPES.update({"}": "\ue005", "~": "\ue006", "n": "\ue007"})
_RESTORE = {v: ("\n" if k == "n" else k) for k, v in _ESCAPES.items()}
_FORMAT = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
_WEIGHT = re.compile(r"^%([^%]*)%")
_TASK = re.compile(r"^[A-Z][A-Z0-9]*\.[A-Z]+\.[0-9]+$")
_TF = {"T": True, "TRUE": True, "F": False, "FALSE": False}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class _Bad(Exception):
    """A question that cannot be imported; the message is the skip reason."""


def _pre(text: str) -> str:
    return re.sub(r"\\([\\:#={}~n])", lambda mt: _ESCAPES[mt.group(1)], text)


def _post(text: str) -> str:
    return "".join(_RESTORE.get(c, c) for c in text)


def _blocks(lines: list[str]) -> list[tuple[int, list[str], str]]:
    """Blank-line separated blocks without comment lines, each with its first line number and
    the comment lines that went with it (Moodle reads ``[id:..]`` and ``[tag:..]`` there)."""
    blocks: list[tuple[int, list[str], str]] = []
    current: list[str] = []
    comments: list[str] = []
    start = 0
    for number, line in enumerate(lines, 1):
        if not line.strip():
            if current:
                blocks.append((start, current, "\n".join(comments)))
            current, comments = [], []
            continue
        if line.strip().startswith("//"):
            comments.append(line.strip())
            continue
        if not current:
            start = number
        current.append(line)
    if current:
        blocks.append((start, current, "\n".join(comments)))
    return blocks


# Moodle's extract_idnumber_and_tags_from_comment: "[id:x]" (first one) and "[tag:y]" tokens in a
# question's comment lines, "]" escaped as "\]", no control characters (so not across lines).
_ID_TOKEN = re.compile(r"\[id:((?:\\\]|[^\]\x00-\x1f\x7f])+)\]")
_TAG_TOKEN = re.compile(r"\[tag:((?:\\\]|[^\]<>`\x00-\x1f\x7f])+)\]")
_ID_OK = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")


def _id_and_tags(comments: str) -> tuple[str, list[str]]:
    found = _ID_TOKEN.search(comments)
    idnumber = found.group(1).strip().replace("\\]", "]") if found else ""
    tags = [t.strip().replace("\\]", "]") for t in _TAG_TOKEN.findall(comments)]
    return idnumber, [t for t in tags if t]


class _Parser:
    def __init__(self, path: Path, options: ImportOptions) -> None:
        self.path = path
        self.options = options
        self.result = ImportResult(path)
        self.taken: set[str] = set()
        self.category: str | None = None
        self.line = 0

    # ------------------------------------------------------------------ text

    def text(self, raw: str, fmt: str) -> str:
        """Markdown from a piece of question text in the given GIFT format."""
        if "<img" in raw.lower() and fmt in ("html", "moodle"):
            self.result.note(self.line, "image not kept (GIFT images point into Moodle's files)")
        s = _post(raw).strip()
        if fmt == "markdown":
            return s
        if fmt == "html":
            return html_to_markdown(s)
        if fmt == "plain":
            return plain_to_markdown(s)
        if re.search(r"</?[A-Za-z][^>]*>", s):  # moodle auto-format with tags: HTML, lines kept
            return html_to_markdown(s.replace("\n", "<br>"))
        return plain_to_markdown(s)

    @staticmethod
    def split_format(raw: str, default: str) -> tuple[str, str]:
        found = _FORMAT.match(raw)
        if found:
            return found.group(1).lower(), raw[found.end() :]
        return default, raw

    # ------------------------------------------------------------------ blocks

    def run(self, text: str) -> ImportResult:
        text = text.removeprefix("\ufeff")
        for start, lines, comments in _blocks(text.splitlines()):
            first = lines[0].strip()
            if first.startswith("$CATEGORY:"):
                self.category = _post(_pre(first[len("$CATEGORY:") :])).strip() or None
                lines = lines[1:]
                start += 1
                if not lines:
                    continue
            self.line = start
            self.result.read += 1
            idnumber, tags = _id_and_tags(comments)
            try:
                q = self.question("\n".join(lines), idnumber)
            except _Bad as exc:
                self.result.skip(start, str(exc))
                continue
            if self.category and not _mapped(self.category, self.options):
                last = self.category.rstrip("/").rsplit("/", 1)[-1].strip()
                if _TASK.match(last):
                    q["tasks"] = [last]
            if tags:
                q["tags"] = [t[:60] for t in tags]
            self.result.questions.append(finish(q, self.options, self.category))
        return self.result

    def question(self, raw: str, idnumber: str = "") -> dict[str, Any]:
        s = _pre(raw).strip()
        title = None
        if s.startswith("::"):
            end = s.find("::", 2)
            if end < 0:
                raise _Bad("malformed title: '::' is not closed")
            title = _post(s[2:end]).strip()
            s = s[end + 2 :].lstrip()
        n = self.result.read
        wanted = slug(title, "") if title else ""
        if idnumber:
            if _ID_OK.match(idnumber):
                wanted = idnumber
            else:
                self.result.note(self.line, f"idnumber {idnumber!r} is not a valid id; not used")
        qid = unique_id(wanted or f"{slug(self.path.stem, 'gift')}-{n}", self.taken)
        fmt, s = self.split_format(s, "moodle")
        open_at = s.find("{")
        if open_at < 0:
            if "}" in s:
                raise _Bad("malformed answer block: '}' without '{'")
            raise _Bad("description: no answer block, nothing to answer")
        if "}" in s[:open_at]:
            raise _Bad("malformed answer block: '}' without '{'")
        close_at = s.find("}", open_at)
        if close_at < 0:
            raise _Bad("malformed answer block: '{' is not closed by '}'")
        inner = s[open_at + 1 : close_at]
        if "{" in inner:
            raise _Bad("malformed answer block: '{' inside an answer block (write \\{)")
        after = s[close_at + 1 :].strip()
        if after:
            if "{" in after or "}" in after:
                raise _Bad("malformed question: more than one answer block")
            raise _Bad("missing word: the answer block is inside the text, not after it")
        stem = self.text(s[:open_at], fmt)
        if not stem:
            raise _Bad("malformed question: the question text is empty")
        q: dict[str, Any] = {"id": qid, "stem": stem}
        answers = inner.strip()
        if "####" in answers:
            answers, general = answers.rsplit("####", 1)
            f, general = self.split_format(general, fmt)
            if self.text(general, f):
                q["explanation"] = self.text(general, f)
            answers = answers.strip()
        if not answers:
            raise _Bad("essay: no answers to mark")
        if answers.startswith("#"):
            self.numeric(q, answers[1:], fmt)
        elif "~" in answers:
            self.choice(q, answers, fmt)
        elif "->" in answers and "=" in answers:
            self.matching(q, answers, fmt)
        elif answers.split("#", 1)[0].strip() in _TF:  # case-sensitive, as in Moodle
            self.truefalse(q, answers, fmt)
        elif answers.startswith("="):
            if not all(p.strip() for p in answers.split("=")[1:]):
                raise _Bad("malformed answer block: an answer is empty")
            raise _Bad("short answer: typed-in text answers cannot be held by the bank format")
        elif answers.split("#", 1)[0].strip().upper() in _TF:
            # Moodle compares T/TRUE/F/FALSE case-sensitively: anything else is a short answer.
            raise _Bad(
                "short answer: Moodle reads a lower-case true/false as a typed-text answer "
                "(write T, TRUE, F or FALSE)"
            )
        else:
            raise _Bad(f"malformed answer block: no '=' or '~' answers in {{{_post(answers)}}}")
        return q

    # ------------------------------------------------------------------ types

    def feedback(self, raw: str, fmt: str) -> tuple[str, str]:
        """Answer text and its feedback (both Markdown)."""
        text, _, fb = raw.partition("#")
        f1, text = self.split_format(text.strip(), fmt)
        f2, fb = self.split_format(fb.strip(), fmt)
        return self.text(text, f1), self.text(fb, f2)

    def weight(self, raw: str) -> tuple[float | None, str]:
        found = _WEIGHT.match(raw)
        if not found:
            return None, raw
        try:
            value = float(found.group(1))
        except ValueError:
            raise _Bad(f"bad weight: '%{_post(found.group(1))}%' is not a number") from None
        if not math.isfinite(value) or not -100 <= value <= 100:
            raise _Bad(f"bad weight: '%{_post(found.group(1))}%' is not between -100 and 100")
        return value, raw[found.end() :]

    def truefalse(self, q: dict[str, Any], answers: str, fmt: str) -> None:
        bits = answers.split("#", 2)
        right = _TF[bits[0].strip()]
        fb = [self.text(*reversed(self.split_format(b, fmt))) for b in bits[1:]] + ["", ""]
        wrong_fb, right_fb = fb[0], fb[1]
        q["type"] = "single"
        q["options"] = [
            {"id": "true", "text": "True", "rationale": right_fb if right else wrong_fb},
            {"id": "false", "text": "False", "rationale": wrong_fb if right else right_fb},
        ]
        q["answer"] = "true" if right else "false"

    def choice(self, q: dict[str, Any], answers: str, fmt: str) -> None:
        single_mode = "=" in answers
        parts = [p.strip() for p in re.split(r"(?=[~=])", answers) if p.strip()]
        options: list[dict[str, Any]] = []
        weights: list[float] = []
        for part in parts:
            if part[0] not in "~=":
                raise _Bad(f"malformed answer block: text before the first answer: {_post(part)!r}")
            body = part[1:].strip()
            w, body = self.weight(body)
            weight = w if w is not None else (100.0 if part[0] == "=" else 0.0)
            text, rationale = self.feedback(body, fmt)
            if not text:
                raise _Bad("malformed answer block: an answer is empty")
            options.append(
                {"id": _LETTERS[len(options) % 26], "text": text, "rationale": rationale}
            )
            weights.append(weight)
        if len(options) > 10:
            raise _Bad(f"too many answers: {len(options)} (the bank format holds 10)")
        if len(options) < 2:
            raise _Bad("malformed answer block: a choice question needs two answers or more")
        if single_mode:
            right = [i for i, w in enumerate(weights) if w >= 100]
        else:
            right = [i for i, w in enumerate(weights) if w > 0]
        if not right:
            raise _Bad("no right answer: no answer has a positive weight")
        q["options"] = options
        negative = [w for w in weights if w < 0]
        if negative and not _same_as_app(negative, len(right)):
            self.result.note(self.line, "negative weights: partial credit/penalties are not kept")
        partial = [w for i, w in enumerate(weights) if w > 0 and i not in right]
        if partial or (not single_mode and len({weights[i] for i in right}) > 1):
            self.result.note(self.line, "partial credit is not kept: right answers score alike")
        if len(right) == 1:
            if not single_mode:
                self.result.note(
                    self.line,
                    "multiple-response question with one right answer imported as single choice",
                )
            q["type"] = "single"
            q["answer"] = options[right[0]]["id"]
            return
        if single_mode:
            raise _Bad("malformed answer block: several '=' answers in a choice question")
        if len(options) < 3 or len(right) > 9 or len(right) == len(options):
            raise _Bad(
                f"unsupported choice: {len(right)} right of {len(options)} answers cannot be held"
            )
        q["type"] = "multiple"
        q["choose"] = len(right)
        q["answer"] = [options[i]["id"] for i in right]

    def matching(self, q: dict[str, Any], answers: str, fmt: str) -> None:
        parts = [p.strip() for p in answers.split("=") if p.strip()]
        prompts: list[dict[str, str]] = []
        options: list[dict[str, str]] = []
        by_text: dict[str, str] = {}
        answer: dict[str, str] = {}
        for part in parts:
            if "->" not in part:
                raise _Bad(f"malformed matching pair: no '->' in {_post(part)!r}")
            left, right = part.split("->", 1)
            if "#" in right:
                right = right.split("#", 1)[0]
                self.result.note(self.line, "feedback on a matching pair is not kept")
            lf, left = self.split_format(left.strip(), fmt)
            rf, right = self.split_format(right.strip(), fmt)
            ltext, rtext = self.text(left, lf), self.text(right, rf)
            if not rtext:
                raise _Bad("malformed matching pair: nothing after '->'")
            if rtext not in by_text:
                by_text[rtext] = _LETTERS[len(options) % 26]
                options.append({"id": by_text[rtext], "text": rtext, "rationale": ""})
            if ltext:
                pid = f"p{len(prompts) + 1}"
                prompts.append({"id": pid, "text": ltext})
                answer[pid] = by_text[rtext]
        if not 2 <= len(prompts) <= 10 or not 2 <= len(options) <= 12:
            raise _Bad(
                f"unsupported matching: {len(prompts)} pairs and {len(options)} options "
                "cannot be held (2-10 pairs, 2-12 options)"
            )
        q.update(type="matching", prompts=prompts, options=options, answer=answer)

    def numeric(self, q: dict[str, Any], answers: str, fmt: str) -> None:
        answers = answers.strip()
        if "~" in answers:  # "~#feedback": Moodle's catch-all wrong answer ("*") and its feedback
            answers = answers.split("~", 1)[0].strip()
            self.result.note(self.line, "numerical: feedback for any other answer (~) not kept")
        if answers.startswith("="):
            parts = [p.strip() for p in answers.split("=") if p.strip()]
        else:
            parts = [answers]
        chosen: tuple[float, float, str] | None = None
        others = 0
        for part in parts:
            w, body = self.weight(part)
            weight = 100.0 if w is None else w
            value_text, _, fb = body.partition("#")
            value, tolerance = _number(_post(value_text))
            if chosen is None and weight >= 100:
                f, fb = self.split_format(fb.strip(), fmt)
                chosen = (value, tolerance, self.text(fb, f))
            else:
                others += 1
        if chosen is None:
            raise _Bad("numerical: no answer at 100 %")
        if others:
            self.result.note(
                self.line, f"numerical: {others} other answer(s) (partial credit) not kept"
            )
        value, tolerance, fb = chosen
        if fb:
            if q.get("explanation"):
                self.result.note(self.line, "numerical: answer feedback not kept")
            else:
                q["explanation"] = fb
        q["type"] = "numeric"
        q["answer"] = {"value": value, "tolerance": tolerance}


def _mapped(category: str, options: ImportOptions) -> bool:
    last = category.rstrip("/").rsplit("/", 1)[-1]
    return category in options.category_tasks or last in options.category_tasks


def _number(text: str) -> tuple[float, float]:
    """Value and tolerance from ``3.14``, ``3.14:0.01`` or ``1..5``."""
    s = text.strip()
    try:
        if ".." in s:
            low_s, high_s = s.split("..", 1)
            low, high = float(low_s), float(high_s)
            if low > high:
                raise ValueError
            value, tolerance = (low + high) / 2, (high - low) / 2
        elif ":" in s:
            v, t = s.split(":", 1)
            value, tolerance = float(v), abs(float(t))
        else:
            value, tolerance = float(s), 0.0
    except ValueError:
        raise _Bad(f"bad numeric answer: {s!r}") from None
    if not (math.isfinite(value) and math.isfinite(tolerance)):
        raise _Bad(f"bad numeric answer: {s!r}")
    return value, tolerance


def _same_as_app(negative: list[float], right: int) -> bool:
    """Penalties equal to one right answer's share: the app's own multiple-response scoring
    (each wrong tick cancels a right one), so nothing is lost."""
    return all(abs(w + 100 / max(1, right)) < 0.01 for w in negative)


def parse_gift(text: str, path: Path, options: ImportOptions) -> ImportResult:
    """Questions from GIFT text; ``path`` names the source in ids, skips and notes."""
    return _Parser(path, options).run(text)


# ---------------------------------------------------------------------------- export


def _esc(text: str) -> str:
    """GIFT-escaped text on one line (new lines written as ``\\n``)."""
    s = re.sub(r"([\\~=#{}:])", r"\\\1", text.replace("\r\n", "\n").strip())
    return s.replace("\n", "\\n")


def _pct(value: float) -> str:
    return f"{value:.5f}".rstrip("0").rstrip(".")


def _num(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def to_gift(bank: m.Bank) -> tuple[str, list[tuple[str, str]]]:
    """GIFT for ``bank``, and the (question id, reason) of everything GIFT could not hold."""
    lost: list[tuple[str, str]] = []
    scenarios = {s.id: s for s in bank.scenarios}
    out: list[str] = [f"// {bank.bank.title} ({bank.bank.id}), exported by StudyApp", ""]
    category = None
    for q in bank.questions:
        if isinstance(q, (m.HotspotQuestion, m.OrderingQuestion)):
            lost.append((q.id, f"{q.type} questions cannot be held by GIFT: not exported"))
            continue
        body = _answers(q, lost)
        if body is None:
            continue
        wanted = f"{bank.bank.id}/{q.tasks[0]}"
        if wanted != category:
            category = wanted
            out += [f"$CATEGORY: {category}", ""]
        stem = q.stem
        if q.scenario and q.scenario in scenarios:
            sc = scenarios[q.scenario]
            stem = f"**{sc.title}**\n\n{sc.text.strip()}\n\n---\n\n{stem}"
            lost.append((q.id, "scenario written into the stem (GIFT has no shared cases)"))
        if len(q.tasks) > 1:
            lost.append((q.id, f"tasks after the first not kept: {', '.join(q.tasks[1:])}"))
        if q.images or (q.scenario and scenarios.get(q.scenario) and scenarios[q.scenario].images):
            lost.append((q.id, "images not exported (GIFT cannot embed them)"))
        out.append(f"::{_esc(q.id)}::[markdown]{_esc(stem)} {{")
        out += body
        out.append(f"\t####{_esc(q.explanation)}")
        out += ["}", ""]
    return "\n".join(out), lost


def _answers(q: m.Question, lost: list[tuple[str, str]]) -> list[str] | None:
    if isinstance(q, m.SingleQuestion):
        return [
            f"\t{'=' if o.id == q.answer else '~'}{_esc(o.text)}#{_esc(o.rationale)}"
            for o in q.options
        ]
    if isinstance(q, m.MultipleQuestion):
        right = set(q.answer)
        lines = []
        for o in q.options:
            w = 100 / len(right) if o.id in right else -100 / len(right)
            lines.append(f"\t~%{_pct(w)}%{_esc(o.text)}#{_esc(o.rationale)}")
        return lines
    if isinstance(q, m.MatchingQuestion):
        texts = [p.text for p in q.prompts] + [o.text for o in q.options]
        if any("->" in t for t in texts):
            lost.append((q.id, "a matching text holds '->', which GIFT cannot escape"))
            return None
        opts = {o.id: o.text for o in q.options}
        lines = [f"\t={_esc(p.text)} -> {_esc(opts[q.answer[p.id]])}" for p in q.prompts]
        used = set(q.answer.values())
        lines += [f"\t= -> {_esc(o.text)}" for o in q.options if o.id not in used]
        lost.append((q.id, "option rationales of a matching question not kept"))
        return lines
    if isinstance(q, m.NumericQuestion):
        if q.answer.unit:
            lost.append((q.id, f"unit '{q.answer.unit}' not kept"))
        return [f"\t#{_num(q.answer.value)}:{_num(q.answer.tolerance)}"]
    return None
