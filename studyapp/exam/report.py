"""A finished mock exam as files: a CSV for spreadsheets and a printable HTML report.

Both are built from a :class:`~studyapp.exam.scoring.MockResult`, the questions of the mock
(id → anything with a ``model`` and a ``scenario``, such as the engine's ``QuestionView``) and
the outline. Bank text is untrusted: every piece of it is HTML-escaped, and the report holds no
scripts, links, images or other outside resources, so it is safe to open in a browser and to
hand to ``QTextDocument.setHtml`` for a PDF.

PMI publishes no passing score and no rating thresholds: the report says on its first page that
the pass/fail verdict and the domain ratings are estimates, and which thresholds it used.
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import os
import re
import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Protocol

from studyapp.banks import model as m
from studyapp.exam.scoring import ItemResult, MockResult
from studyapp.outlines import Outline

__all__ = [
    "CSV_COLUMNS",
    "ReportQuestion",
    "correct_text",
    "format_duration",
    "item_status",
    "response_text",
    "result_csv",
    "result_html",
    "write_atomic",
]

LETTERS = "ABCDEFGHIJKL"

#: Columns of the question rows of :func:`result_csv`.
CSV_COLUMNS = (
    "position",
    "id",
    "domain",
    "task",
    "pretest",
    "answered",
    "correct",
    "score",
    "seconds",
)


class ReportQuestion(Protocol):
    """What a report needs of a question (the engine's ``QuestionView`` has it)."""

    @property
    def model(self) -> m.Question: ...

    @property
    def scenario(self) -> m.Scenario | None: ...


# --------------------------------------------------------------------------- wording


def format_duration(seconds: float) -> str:
    """``1 h 02 min``, ``12 min 05 s`` or ``42 s``."""
    total = max(0, round(seconds))
    h, rest = divmod(total, 3600)
    mins, s = divmod(rest, 60)
    if h:
        return f"{h} h {mins:02d} min"
    if mins:
        return f"{mins} min {s:02d} s" if s else f"{mins} min"
    return f"{s} s"


def item_status(item: ItemResult) -> str:
    """``Right``, ``Partly right``, ``Wrong`` or ``Not answered``, in words."""
    if not item.answered:
        return "Not answered"
    if item.correct:
        return "Right"
    return "Partly right" if item.score > 0 else "Wrong"


def pace_text(result: MockResult) -> str:
    """How the learner's average time per question compares with the real exam's pace."""
    mine, pace = result.seconds_per_question, result.exam_pace_s
    if pace <= 0 or not result.items:
        return ""
    if mine <= pace * 0.9:
        return "faster than the exam's pace"
    if mine <= pace * 1.05:
        return "about the exam's pace"
    return "slower than the exam's pace: practise answering faster"


def plain(markdown: str) -> str:
    """Short option text: Markdown emphasis markers removed, whitespace collapsed."""
    return " ".join(re.sub(r"(\*\*|__|`)", "", markdown).split())


def _option_label(q: m.Question, option_id: str) -> str:
    for i, opt in enumerate(getattr(q, "options", [])):
        if opt.id == option_id:
            return f"{LETTERS[i]}. {plain(opt.text)}"
    return option_id


def _position(order: list[str], option_id: str) -> int:
    return order.index(option_id) if option_id in order else len(order)


def _prompt_text(q: m.MatchingQuestion, prompt_id: str) -> str:
    return next((plain(p.text) for p in q.prompts if p.id == prompt_id), prompt_id)


def _number(value: float, unit: str) -> str:
    return f"{value:g} {unit}".strip()


def response_text(q: m.Question, response: Any, sep: str = "; ") -> str:
    """A learner's response in words (plain text, not escaped); ``sep`` joins the parts of a
    multiple-response or matching answer."""
    if response is None:
        return "Not answered"
    try:
        if isinstance(q, m.SingleQuestion):
            return _option_label(q, str(response))
        if isinstance(q, m.MultipleQuestion):
            order = [o.id for o in q.options]
            chosen = sorted((str(r) for r in response), key=lambda r: _position(order, r))
            return sep.join(_option_label(q, r) for r in chosen)
        if isinstance(q, m.OrderingQuestion):
            return " → ".join(_option_label(q, str(r)) for r in response)
        if isinstance(q, m.MatchingQuestion):
            return sep.join(
                f"{_prompt_text(q, str(k))} → {_option_label(q, str(v))}"
                for k, v in dict(response).items()
            )
        if isinstance(q, m.NumericQuestion):
            return _number(float(response), q.answer.unit)
        x, y = float(response[0]), float(response[1])
        hit = next((o for o in q.options if o.region.contains(x, y)), None)
        if hit is None:
            return f"a point outside every answer region ({x:.0f}, {y:.0f})"
        return _option_label(q, hit.id)
    except (TypeError, ValueError, IndexError, KeyError):
        return str(response)


def correct_text(q: m.Question, sep: str = "; ") -> str:
    """The correct answer in words (plain text, not escaped); ``sep`` as in
    :func:`response_text`."""
    if isinstance(q, (m.SingleQuestion, m.HotspotQuestion)):
        return _option_label(q, q.answer)
    if isinstance(q, m.MultipleQuestion):
        order = [o.id for o in q.options]
        return sep.join(
            _option_label(q, a) for a in sorted(q.answer, key=lambda a: _position(order, a))
        )
    if isinstance(q, m.OrderingQuestion):
        return " → ".join(_option_label(q, a) for a in q.answer)
    if isinstance(q, m.MatchingQuestion):
        return sep.join(
            f"{_prompt_text(q, k)} → {_option_label(q, v)}" for k, v in q.answer.items()
        )
    text = _number(q.answer.value, q.answer.unit)
    if q.answer.tolerance:
        text += f" (± {q.answer.tolerance:g})"
    return text


# --------------------------------------------------------------------------- CSV


def result_csv(
    result: MockResult,
    questions: Mapping[str, ReportQuestion],
    outline: Outline,
) -> str:
    """One row per question (see :data:`CSV_COLUMNS`), then a summary per domain and overall.

    Flags are ``1``/``0`` so a spreadsheet can add them up; ``position`` counts from 1. The
    summary block follows an empty row and has its own header row starting with ``summary``.
    ``questions`` is accepted for symmetry with :func:`result_html`; only ids are written.
    """
    del questions  # the CSV names questions by id only
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for item in result.items:
        w.writerow(
            [
                item.index + 1,
                item.question_id,
                item.domain,
                item.task,
                int(item.pretest),
                int(item.answered),
                int(item.correct),
                f"{item.score:.2f}",
                f"{item.time_s:.1f}",
            ]
        )
    w.writerow([])
    w.writerow(["summary", "code", "name", "weight", "correct", "total", "percent", "rating"])
    for d in result.domains:
        w.writerow(
            ["domain", d.code, d.name, d.weight, d.correct, d.total, f"{d.percent:.1f}", d.rating]
        )
    verdict = "Estimated pass" if result.estimated_pass else "Estimated fail"
    w.writerow(
        [
            "overall",
            outline.id,
            outline.title,
            100,
            result.correct,
            result.scored,
            f"{result.percent:.1f}",
            verdict,
        ]
    )
    w.writerow(["note", result.note])
    return out.getvalue()


# --------------------------------------------------------------------------- HTML

_STYLE = """
body { font-family: 'Helvetica Neue', Helvetica, Arial, sans-serif; color: #1d2330;
  font-size: 10pt; }
h1 { font-size: 18pt; margin-top: 0px; margin-bottom: 2px; }
h2 { font-size: 13pt; margin-top: 18px; margin-bottom: 6px; }
h3 { font-size: 11pt; margin-top: 6px; margin-bottom: 2px; }
p { margin-top: 3px; margin-bottom: 3px; }
table.data { border-collapse: collapse; margin-top: 6px; margin-bottom: 6px; }
th { text-align: left; background-color: #eef1f5; font-weight: bold; }
th, td { border: 1px solid #c9ced6; padding: 4px; vertical-align: top; }
.num { text-align: right; }
.muted { color: #5b6474; }
.big { font-size: 16pt; font-weight: bold; }
.note { background-color: #fff4d6; }
.bar { color: #2f6fdb; }
.track { color: #d5dae1; }
.right { color: #1f7a4d; font-weight: bold; }
.wrong { color: #b3261e; font-weight: bold; }
.scenario { color: #3d4554; }
ul { margin-top: 2px; margin-bottom: 4px; }
hr { color: #dde1e7; }
"""


def _md(text: str, lead: str = "") -> str:
    """Bank Markdown as safe HTML: escaped first, then only paragraphs, line breaks, **bold**
    and `code` are turned back into markup. Images become a bracketed note, links their text.

    ``lead`` (already HTML) starts the first paragraph."""
    out = []
    for para in re.split(r"\n\s*\n", text.strip()):
        s = html.escape(para, quote=True)
        s = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"[image: \1]", s)
        s = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", s)
        s = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", s)
        s = re.sub(r"`([^`]+)`", r"<code>\1</code>", s)
        s = s.replace("\n", "<br>")
        out.append(f"<p>{lead}{s}</p>")
        lead = ""
    return "".join(out)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _bar(percent: float, cells: int = 12) -> str:
    """A text bar (block characters): prints the same in browsers and in QTextDocument."""
    filled = max(0, min(cells, round(cells * percent / 100)))
    return (
        f'<span class="bar">{"█" * filled}</span>'
        f'<span class="track">{"█" * (cells - filled)}</span>'
    )


def _threshold_text(result: MockResult) -> str:
    t = result.thresholds
    return (
        f"Above Target from {t['above_target']:.0f} %, Target from {t['target']:.0f} %, "
        f"Below Target from {t['below_target']:.0f} %, Needs Improvement below "
        f"{t['below_target']:.0f} %."
    )


_NUM = ' class="num"'


def _table(widths: Sequence[int], header: Sequence[str], numeric: Sequence[int] = ()) -> str:
    cells = "".join(
        f'<th width="{w}%"{_NUM if i in numeric else ""}>{_e(h)}</th>'
        for i, (w, h) in enumerate(zip(widths, header, strict=True))
    )
    return (
        '<table class="data" width="100%" cellspacing="0" cellpadding="4" border="1">'
        f"<thead><tr>{cells}</tr></thead>"
    )


def _summary(result: MockResult, outline: Outline) -> list[str]:
    verdict = "Estimated pass" if result.estimated_pass else "Estimated fail"
    css = "right" if result.estimated_pass else "wrong"
    n = len(result.items)
    fmt = outline.exam_format
    pace = pace_text(result)
    return [
        _table((33, 33, 34), ("Score", "Result (an estimate)", "Time per question")),
        "<tr>",
        f'<td><span class="big">{result.percent:.0f} %</span><br>'
        f'<span class="muted">{result.correct} of {result.scored} scored questions right; '
        f"{result.answered} of {n} answered.</span></td>",
        f'<td><span class="big {css}">{verdict}</span><br>'
        f'<span class="muted">An estimate: PMI publishes no passing score. '
        f"Pass mark used: {result.pass_mark:.0f} %.</span></td>",
        f'<td><span class="big">{result.seconds_per_question:.0f} s</span> on average<br>'
        f'<span class="muted">The exam allows about {result.exam_pace_s:.0f} s '
        f"({fmt.minutes} min for {fmt.questions} questions)"
        + (f": {_e(pace)}" if pace else "")
        + f". Time used: {_e(format_duration(result.time_used_s))}.</span></td>",
        "</tr></table>",
        '<table class="data" width="100%" cellspacing="0" cellpadding="6" border="1">'
        f'<tr><td class="note"><b>These figures are estimates.</b> {_e(result.note)}</td>'
        "</tr></table>",
    ]


def _domains(result: MockResult) -> list[str]:
    rows = [
        "<h2>Domains</h2>",
        _table(
            (28, 9, 11, 9, 22, 21),
            ("Domain", "Weight", "Right", "Score", "", "Rating (estimate)"),
            numeric=(1, 2, 3),
        ),
    ]
    for d in result.domains:
        rows.append(
            f"<tr><td>{_e(d.name)}</td><td class='num'>{d.weight} %</td>"
            f"<td class='num'>{d.correct} of {d.total}</td>"
            f"<td class='num'>{d.percent:.0f} %</td><td style='white-space: nowrap;'>"
            f"{_bar(d.percent)}</td>"
            f"<td><b>{_e(d.rating)}</b></td></tr>"
        )
    rows.append("</table>")
    rows.append(
        f'<p class="muted">Rating thresholds used (estimates, PMI publishes none): '
        f"{_e(_threshold_text(result))}</p>"
    )
    return rows


def _tasks(result: MockResult, outline: Outline) -> list[str]:
    domain_of = {t.code: d.name for d, t in outline.tasks()}
    rows = [
        "<h2>Tasks</h2>",
        _table((16, 46, 22, 8, 8), ("Task", "Name", "Domain", "Right", "Score"), numeric=(3, 4)),
    ]
    for t in result.tasks:
        rows.append(
            f"<tr><td>{_e(t.code)}</td><td>{_e(t.name)}</td>"
            f"<td>{_e(domain_of.get(t.code, ''))}</td>"
            f"<td class='num'>{t.correct} of {t.total}</td>"
            f"<td class='num'>{t.percent:.0f} %</td></tr>"
        )
    rows.append("</table>")
    rows.append(
        '<p class="muted">A task with one or two questions in a mock says little on its own: '
        "look for tasks that stay low across several mocks.</p>"
    )
    return rows


def _review_item(
    item: ItemResult,
    q: ReportQuestion | None,
    answer: str,
    outline: Outline,
    total: int,
) -> list[str]:
    task = outline.task(item.task)
    domain = outline.domain_of(item.task)
    status = item_status(item)
    css = "right" if item.correct else "wrong"
    extra = []
    if item.pretest:
        extra.append("pretest, not scored")
    if item.flagged:
        extra.append("flagged")
    extra.append(f"{item.time_s:.0f} s")
    out = [
        "" if item.index == 0 else "<hr>",
        f'<h3>Question {item.index + 1} of {total} · <span class="{css}">{_e(status)}</span></h3>',
        f'<p class="muted">{_e(domain.name if domain else item.domain)} · '
        f"{_e(item.task)} {_e(task.name if task else '')} · {_e(', '.join(extra))}</p>",
    ]
    if q is None:
        out.append(f'<p class="muted">Question {_e(item.question_id)} is no longer available.</p>')
        return out
    model = q.model
    if q.scenario is not None:
        lead = f"<b>Case: {_e(q.scenario.title)}.</b> "
        out.append(f'<div class="scenario">{_md(q.scenario.text, lead)}</div>')
    out.append(_md(model.stem))
    if isinstance(model, m.MatchingQuestion):
        out.append("<p>Match each of:</p><ul>")
        out.extend(f"<li>{_e(plain(p.text))}</li>" for p in model.prompts)
        out.append("</ul><p>with one of:</p>")
    options = getattr(model, "options", [])
    if options:
        out.append("<ul>")
        out.extend(f"<li>{LETTERS[i]}. {_e(plain(o.text))}</li>" for i, o in enumerate(options))
        out.append("</ul>")
    out.append(
        f"<p><b>Your answer:</b> {_e(answer)}"
        + (f' <span class="{css}">({_e(status.lower())})</span>' if item.answered else "")
        + "</p>"
    )
    out.append(f"<p><b>Correct answer:</b> {_e(correct_text(model))}</p>")
    out.append(_md(model.explanation, "<b>Explanation.</b> "))
    if model.references:
        out.append(f'<p class="muted">References: {_e("; ".join(model.references))}</p>')
    return out


def result_html(
    result: MockResult,
    questions: Mapping[str, ReportQuestion],
    outline: Outline,
    title: str,
    *,
    responses: Sequence[Any] | None = None,
) -> str:
    """A printable report: summary, domains, tasks, then every question with its answer.

    ``responses`` are the learner's responses by position in the mock (``MockItem.response``);
    without them the review says only whether each question was answered right.
    """
    total = len(result.items)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="muted">{_e(outline.title)} · {total} questions, {result.scored} scored</p>',
        *_summary(result, outline),
        *_domains(result),
        *_tasks(result, outline),
        '<h2 style="page-break-before: always;">Question by question</h2>',
    ]
    for item in result.items:
        q = questions.get(item.question_id)
        if responses is not None:
            answer = None if q is None else response_text(q.model, responses[item.index])
        else:
            answer = "answered (the response is not in this report)" if item.answered else None
        parts.extend(_review_item(item, q, answer or "Not answered", outline, total))
    parts.append("</body></html>")
    return "\n".join(parts)


# --------------------------------------------------------------------------- files


def write_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` so the file is either the old one or the whole new one.

    The bytes go to a temporary file in the same folder, are flushed to disk and then renamed
    over ``path`` (``os.replace``); on any error the temporary file is removed.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
