"""Spreadsheets (CSV, TSV, semicolon-separated) of questions: import and export.

Reading
    A file with a header row and one question per data row. The separator is sniffed from the
    header line among comma, semicolon and tab (a mapping file may fix it). The text may be UTF-8
    with or without a byte-order mark, or UTF-16 with a byte-order mark (Excel's "Unicode text");
    when it is not valid UTF-8 it is read as Windows-1252 (cp1252) and a note says so. Quoted
    fields may hold separators, doubled quotes and line breaks; every skip and note gives the
    physical line where the row *starts*. Blank rows are ignored. Excel workbooks (.xlsx/.xls)
    are refused with a message asking for "Save as CSV UTF-8".

Default columns (names matched case-insensitively after trimming; order does not matter)

    ===================== =================================================================
    ``id``                question id (default ``<bank>-<n>``; invalid or repeated ids are
                          made valid / unique, with a note)
    ``type``              ``single``, ``multiple`` or ``numeric``; empty: ``numeric`` when there
                          are no options and the answer is a number, ``multiple`` when the
                          answer names several letters, else ``single``
    ``stem``              the question (Markdown, taken as written)
    ``option_a`` ..       the options, also accepted as ``a`` .. ``j`` (option ids are the
    ``option_j``          letters, so a gap leaves that letter out)
    ``rationale_a`` ..    why each option is right or wrong
    ``rationale_j``
    ``answer``            option letters (``b``, or ``a,c`` / ``a;c`` / ``a c`` for multiple);
                          for numeric the value (``2.5``; ``2,5`` is read as 2.5 too)
    ``tolerance``         numeric only, default 0
    ``unit``              numeric only, at most 20 characters
    ``explanation``       why the answer is right (Markdown)
    ``task``              outline task code(s), separated by ``;`` / ``,`` / spaces
    ``approach``          predictive, agile, hybrid or any (default any)
    ``difficulty``        1, 2 or 3 (default 2)
    ``tags``              separated by ``;``
    ``references``        separated by ``;``
    ``note``              written by the export; ignored on import
    ===================== =================================================================

    ``tasks``, ``tag`` and ``reference`` are accepted for ``task``, ``tags`` and ``references``.
    Other columns are not imported (one note per column, on the header line).

Mapping file (YAML, :func:`load_mapping`) for other layouts::

    columns:                 # header in the file -> default column (or null to ignore it)
      Question: stem
      Correct: answer
      Choice 1: option_a
      Comments: null
    defaults:                # used when a row's cell is empty or the column is missing
      approach: agile
      task: PMP26.PEO.1
    delimiter: ";"           # optional: ",", ";" or "tab"

Skipped rows (with the line and the reason): no stem; a type other than single, multiple or
numeric (matching, hotspot and ordering cannot be edited in a spreadsheet); fewer than 2 options
(3 for multiple); an answer letter with no such option; no answer; a single-answer row with
several letters; every option marked correct; a numeric answer, tolerance or unit that is not
usable. Notes: unknown columns, cells beyond the header, unusable approach or difficulty (the
default is used), ids changed, options of a numeric row, a multiple-answer stem that does not say
how many to choose, cp1252 decoding.

Writing (:func:`questions_to_csv`)
    The default columns plus ``note``. Single, multiple and numeric questions come back unchanged
    when the file is imported again (options get the ids a, b, c… in their order; leading and
    trailing white space of texts is not kept). Matching, hotspot and ordering questions are
    written with what fits (id, type, stem, explanation, task, approach, difficulty, tags,
    references) and a ``note`` that they cannot be edited in a spreadsheet; importing skips them
    with that reason. Case-set scenarios, images and lint waivers are not exported (the ``note``
    says so for each question that has them). Encode the text as ``utf-8-sig`` so that Excel
    recognises UTF-8.

Not supported: .xlsx/.ods workbooks (save as CSV), formulas (cells are read as the text saved),
matching/hotspot/ordering questions, scenarios and images.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from studyapp.banks import model as m
from studyapp.banks.yamlio import YamlProblem, decode, parse
from studyapp.errors import StudyAppError
from studyapp.interop.common import ImportOptions, ImportResult, finish, slug, unique_id

#: Spreadsheets larger than this are refused (a 5,000-question file is a few megabytes).
MAX_TABLE_BYTES = 64 * 1024 * 1024
#: Mapping files larger than this are refused.
MAX_MAPPING_BYTES = 256 * 1024
#: Longest cell accepted (the bank format allows 20,000 characters of text).
MAX_CELL_CHARS = 100_000

LETTERS = "abcdefghij"
OPTION_COLUMNS = tuple(f"option_{c}" for c in LETTERS)
RATIONALE_COLUMNS = tuple(f"rationale_{c}" for c in LETTERS)
#: The default column set, in the order the export writes it.
COLUMNS: tuple[str, ...] = (
    "id",
    "type",
    "stem",
    *OPTION_COLUMNS,
    *RATIONALE_COLUMNS,
    "answer",
    "tolerance",
    "unit",
    "explanation",
    "task",
    "approach",
    "difficulty",
    "tags",
    "references",
    "note",
)
_ALIASES = {
    **{c: f"option_{c}" for c in LETTERS},
    "tasks": "task",
    "tag": "tags",
    "reference": "references",
}
_EDITABLE_TYPES = ("single", "multiple", "numeric")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
_CHOOSE = re.compile(
    r"\b(?:choose|select|pick)\s+(\d|two|three|four|five|six|seven|eight|nine)\b", re.I
)
_DELIMITERS = {",": ",", ";": ";", "\t": "\t", "tab": "\t", "\\t": "\t"}


class SpreadsheetError(StudyAppError):
    """A spreadsheet or a mapping file cannot be read at all (the message says where and why)."""


def not_editable_reason(qtype: str) -> str:
    """The note the export writes, and the reason the import gives, for a type it cannot hold."""
    return (
        f"{qtype} questions cannot be edited in a spreadsheet (only single, multiple and "
        "numeric can); edit them in the bank's YAML file"
    )


def canonical_column(name: str) -> str | None:
    """The default column a header name stands for (case-insensitive, trimmed), or None."""
    key = name.strip().lower()
    key = _ALIASES.get(key, key)
    return key if key in COLUMNS else None


# ---------------------------------------------------------------------------- mapping file


@dataclass
class TableMapping:
    """How another spreadsheet layout maps onto the default columns."""

    #: Header name (trimmed, lower case) → default column, or None to ignore that column.
    columns: dict[str, str | None] = field(default_factory=dict)
    #: Default column → value used when a row's cell is empty or the column is missing.
    defaults: dict[str, str] = field(default_factory=dict)
    #: Fixed separator (",", ";" or "\t"), or None to sniff it.
    delimiter: str | None = None


def load_mapping(path: Path) -> TableMapping:
    """Read and check a mapping file; raises :class:`SpreadsheetError` with ``file:line``."""
    try:
        size = path.stat().st_size
        if size > MAX_MAPPING_BYTES:
            raise SpreadsheetError(
                f"{path}:1: mapping file is {size} bytes; at most {MAX_MAPPING_BYTES} allowed"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SpreadsheetError(
            f"{path}:1: cannot read the mapping file: {exc.strerror or exc}"
        ) from None
    try:
        doc = parse(decode(data))
    except YamlProblem as exc:
        raise SpreadsheetError(f"{path}:{exc.mark.line}: {exc.message}") from None

    def fail(loc: tuple[int | str, ...], message: str, *, key: bool = False) -> SpreadsheetError:
        return SpreadsheetError(f"{path}:{doc.locate(loc, key=key).line}: {message}")

    if doc.duplicate_keys:
        mark, dup = doc.duplicate_keys[0]
        raise SpreadsheetError(f"{path}:{mark.line}: key '{dup}' appears twice")
    raw = doc.data
    if not isinstance(raw, dict):
        raise fail((), "a mapping file must be a YAML mapping with 'columns' and/or 'defaults'")
    for key in raw:
        if key not in ("columns", "defaults", "delimiter"):
            raise fail(
                (str(key),),
                f"unknown key {key!r}; a mapping file has columns, defaults and delimiter",
                key=True,
            )
    known = (
        "id, type, stem, option_a..option_j, rationale_a..rationale_j, answer, tolerance, unit, "
        "explanation, task, approach, difficulty, tags, references"
    )
    mapping = TableMapping()

    columns = raw.get("columns", {}) or {}
    if not isinstance(columns, dict):
        raise fail(("columns",), "'columns' must map header names to column names")
    targets: dict[str, str] = {}
    for source, target in columns.items():
        if not isinstance(source, (str, int, float)) or not str(source).strip():
            raise fail(("columns",), f"header name {source!r} must be non-empty text")
        loc: tuple[int | str, ...] = ("columns", str(source))
        if target is None or (isinstance(target, str) and target.strip().lower() == "ignore"):
            mapping.columns[str(source).strip().lower()] = None
            continue
        canon = canonical_column(target) if isinstance(target, str) else None
        if canon is None or canon == "note":
            raise fail(loc, f"{target!r} is not a column; columns are: {known} (or null to ignore)")
        if canon in targets:
            raise fail(loc, f"headers {targets[canon]!r} and {source!r} both map to {canon!r}")
        targets[canon] = str(source)
        mapping.columns[str(source).strip().lower()] = canon

    defaults = raw.get("defaults", {}) or {}
    if not isinstance(defaults, dict):
        raise fail(("defaults",), "'defaults' must map column names to values")
    for column, value in defaults.items():
        loc = ("defaults", str(column))
        canon = canonical_column(column) if isinstance(column, str) else None
        if canon is None or canon in ("id", "note"):
            raise fail(loc, f"{column!r} cannot have a default; columns are: {known}", key=True)
        if isinstance(value, list) and canon in ("task", "tags", "references"):
            value = ";".join(str(v) for v in value)
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail(loc, f"the default for {column!r} must be a single value")
        mapping.defaults[canon] = str(value)

    if "delimiter" in raw:
        delim = raw["delimiter"]
        if not isinstance(delim, str) or delim.lower() not in _DELIMITERS:
            raise fail(("delimiter",), "delimiter must be ',', ';' or 'tab'")
        mapping.delimiter = _DELIMITERS[delim.lower()]
    return mapping


# ---------------------------------------------------------------------------- reading


def _decode(data: bytes, path: Path, result: ImportResult) -> str:
    if data.startswith(b"PK\x03\x04") or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SpreadsheetError(
            f"{path}:1: this is a spreadsheet workbook (.xlsx, .xls or .ods), not a text file; "
            "save it as 'CSV UTF-8' and import that"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise SpreadsheetError(f"{path}:1: the file says it is UTF-16 but is not") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        text = data.decode("cp1252", errors="replace")
        message = (
            f"the file is not UTF-8 (byte 0x{data[exc.start]:02X} on line {line}); "
            "read it as Windows-1252 (cp1252): check accented letters and symbols"
        )
        if "\ufffd" in text:
            message += "; some bytes are not cp1252 either and became '\ufffd'"
        result.note(1, message)
        return text


def _sniff(text: str, path: Path) -> str:
    """The separator that appears most often outside quotes in the header line."""
    counts = {"\t": 0, ";": 0, ",": 0}
    quoted = False
    started = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif quoted:
            continue
        elif ch in "\r\n":
            if started:
                break
        elif ch in counts:
            counts[ch] += 1
            started = True
        elif not ch.isspace():
            started = True
    best = max(counts, key=lambda c: counts[c])  # ties: tab, then ';', then ','
    if counts[best] == 0:
        return "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    if path.suffix.lower() in (".tsv", ".tab") and counts["\t"] == counts[best]:
        return "\t"
    return best


def _rows(text: str, delimiter: str, path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line where the row starts, cells) for every row, quoted line breaks included."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise SpreadsheetError(f"{path}:{start}: cannot read this row: {exc}") from None
        yield start, row


def _number(text: str) -> float | None:
    s = text.strip().replace(" ", "").replace("\u00a0", "")
    if _DECIMAL_COMMA.match(s):
        s = s.replace(",", ".")
    if not _NUMBER.match(s):
        return None
    value = float(s)
    return value if math.isfinite(value) else None


def _split(text: str, seps: str) -> list[str]:
    return [p.strip() for p in re.split(f"[{re.escape(seps)}]", text) if p.strip()]


def _text(cell: str) -> str:
    return cell.replace("\r\n", "\n").replace("\r", "\n").strip()


class _Header:
    """Which default column each cell of a row feeds."""

    def __init__(
        self, cells: list[str], line: int, mapping: TableMapping | None, result: ImportResult
    ) -> None:
        self.columns: list[str | None] = []
        self.unnamed: set[int] = set()
        seen: dict[str, str] = {}
        path = result.source
        for i, cell in enumerate(cells):
            name = cell.strip()
            key = name.lower()
            target: str | None
            if mapping is not None and key in mapping.columns:
                target = mapping.columns[key]
            elif not name:
                target = None
                self.unnamed.add(i)
            else:
                target = canonical_column(name)
                if target is None:
                    result.note(
                        line,
                        f"column {name!r} is not a known column; its cells are not imported "
                        "(map it in a mapping file, or rename it)",
                    )
            if target is not None:
                if target in seen:
                    raise SpreadsheetError(
                        f"{path}:{line}: columns {seen[target]!r} and {name!r} both give "
                        f"{target!r}; keep one (or map one to null in a mapping file)"
                    )
                seen[target] = name
            self.columns.append(target)
        self.defaults = mapping.defaults if mapping is not None else {}
        for needed in ("stem", "answer"):
            if needed not in seen and needed not in self.defaults:
                found = ", ".join(repr(c.strip()) for c in cells if c.strip()) or "none"
                raise SpreadsheetError(
                    f"{path}:{line}: no {needed!r} column (columns found: {found}); name the "
                    "columns as in the default set or give a mapping file"
                )
        self.width = len(cells)


def parse_table(
    data: bytes, path: Path, options: ImportOptions, mapping: TableMapping | None = None
) -> ImportResult:
    """Import a spreadsheet of questions (see the module docstring for the columns)."""
    result = ImportResult(path)
    if len(data) > MAX_TABLE_BYTES:
        raise SpreadsheetError(
            f"{path}:1: file is {len(data) / 1e6:.1f} MB; at most "
            f"{MAX_TABLE_BYTES // (1024 * 1024)} MiB (split it)"
        )
    text = _decode(data, path, result)
    delimiter = mapping.delimiter if mapping and mapping.delimiter else _sniff(text, path)
    header: _Header | None = None
    taken: set[str] = set()
    prefix = slug(options.bank_id or path.stem, "q")
    noted_unnamed: set[int] = set()
    for line, cells in _rows(text, delimiter, path):
        if not any(c.strip() for c in cells):
            continue
        if header is None:
            header = _Header(cells, line, mapping, result)
            continue
        result.read += 1
        row: dict[str, str] = {}
        for i, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                raise SpreadsheetError(
                    f"{path}:{line}: a cell is longer than {MAX_CELL_CHARS} characters"
                )
            if i >= header.width:
                if cell.strip():
                    result.note(
                        line,
                        f"the row has {len(cells)} cells but the header has {header.width}; "
                        f"cell {i + 1} ({cell.strip()[:30]!r}) is not imported",
                    )
                continue
            target = header.columns[i]
            if target is None:
                if i in header.unnamed and cell.strip() and i not in noted_unnamed:
                    noted_unnamed.add(i)
                    result.note(line, f"column {i + 1} has no header; its cells are not imported")
                continue
            row[target] = cell
        for key, value in header.defaults.items():
            if not row.get(key, "").strip():
                row[key] = value
        question = _question(row, line, result, taken, prefix)
        if question is not None:
            result.questions.append(finish(question, options))
    if header is None:
        raise SpreadsheetError(f"{path}:1: the file is empty (no header row)")
    return result


def _question(
    row: dict[str, str], line: int, result: ImportResult, taken: set[str], prefix: str
) -> dict[str, Any] | None:
    stem = _text(row.get("stem", ""))
    qtype = row.get("type", "").strip().lower()
    if qtype and qtype not in _EDITABLE_TYPES:
        if qtype in m.QUESTION_TYPES:
            result.skip(line, not_editable_reason(qtype))
        else:
            result.skip(line, f"unknown type {qtype!r} (single, multiple or numeric)")
        return None
    if not stem:
        result.skip(line, "no stem (the question text is empty)")
        return None
    answer = row.get("answer", "").strip()
    if not answer:
        result.skip(line, "no answer")
        return None

    options = []
    for letter, ocol, rcol in zip(LETTERS, OPTION_COLUMNS, RATIONALE_COLUMNS, strict=True):
        text = _text(row.get(ocol, ""))
        rationale = _text(row.get(rcol, ""))
        if text:
            options.append({"id": letter, "text": text, "rationale": rationale})
        elif rationale:
            result.note(line, f"{rcol} has no option {letter.upper()}; that rationale is dropped")

    if not qtype:
        qtype = "numeric" if not options and _number(answer) is not None else "single"

    q: dict[str, Any] = {"type": qtype, "stem": stem}
    if qtype == "numeric":
        if not _numeric(q, row, answer, line, result):
            return None
        if options:
            result.note(line, "a numeric question has no options; the option cells are dropped")
    else:
        letters = [a.lower() for a in _split(answer, ",; /")]
        if not letters or any(len(a) != 1 or not a.isalpha() for a in letters):
            result.skip(line, f"answer {answer!r} is not option letters (a to j)")
            return None
        if len(set(letters)) != len(letters):
            result.note(line, f"answer {answer!r} names a letter twice; counted once")
            letters = list(dict.fromkeys(letters))
        if len(options) < 2:
            result.skip(line, f"fewer than 2 options ({len(options)})")
            return None
        ids = {o["id"] for o in options}
        missing = [a for a in letters if a not in ids]
        if missing:
            result.skip(line, f"answer letter {missing[0].upper()!r} has no such option")
            return None
        if len(letters) > 1 and row.get("type", "").strip().lower() == "single":
            result.skip(line, f"type single but the answer names {len(letters)} options")
            return None
        if len(letters) > 1:
            qtype = q["type"] = "multiple"
        if qtype == "multiple":
            if len(letters) < 2:
                result.skip(line, "type multiple needs at least 2 answer letters")
                return None
            if len(options) < 3:
                result.skip(line, "a multiple-answer question needs at least 3 options")
                return None
            if len(letters) >= len(options):
                result.skip(line, "every option is marked correct; leave at least one wrong")
                return None
            q["choose"] = len(letters)
            q["answer"] = letters
            if not _CHOOSE.search(stem):
                result.note(
                    line, f"the stem does not say how many to pick; add 'Choose {len(letters)}.'"
                )
        else:
            q["answer"] = letters[0]
        q["options"] = options

    q["id"] = _id(row.get("id", "").strip(), line, result, taken, prefix)
    explanation = _text(row.get("explanation", ""))
    if explanation:
        q["explanation"] = explanation
    tasks = _split(row.get("task", ""), ";, \t\n")
    if tasks:
        q["tasks"] = tasks
    approach = row.get("approach", "").strip().lower()
    if approach:
        if approach in ("predictive", "agile", "hybrid", "any"):
            q["approach"] = approach
        else:
            result.note(line, f"approach {approach!r} is not predictive/agile/hybrid/any; any used")
    difficulty = row.get("difficulty", "").strip()
    if difficulty:
        value = _number(difficulty)
        if value is not None and value in (1.0, 2.0, 3.0):
            q["difficulty"] = int(value)
        else:
            result.note(line, f"difficulty {difficulty!r} is not 1, 2 or 3; 2 used")
    tags = []
    for tag in _split(row.get("tags", ""), ";\n"):
        if len(tag) > 60:
            result.note(line, f"tag {tag[:30]!r}… is longer than 60 characters; shortened")
        tags.append(tag[:60])
    if tags:
        q["tags"] = list(dict.fromkeys(tags))
    references = _split(row.get("references", ""), ";\n")
    if references:
        q["references"] = references
    return q


def _numeric(
    q: dict[str, Any], row: dict[str, str], answer: str, line: int, result: ImportResult
) -> bool:
    value = _number(answer)
    if value is None:
        result.skip(line, f"numeric answer {answer!r} is not a number")
        return False
    tolerance_text = row.get("tolerance", "").strip()
    tolerance = _number(tolerance_text) if tolerance_text else 0.0
    if tolerance is None or tolerance < 0:
        result.skip(line, f"tolerance {tolerance_text!r} is not a number of at least 0")
        return False
    unit = row.get("unit", "").strip()
    if len(unit) > 20:
        result.skip(line, f"unit {unit[:30]!r} is longer than 20 characters")
        return False
    numeric: dict[str, Any] = {"value": value, "tolerance": tolerance}
    if unit:
        numeric["unit"] = unit
    q["answer"] = numeric
    return True


def _id(wanted: str, line: int, result: ImportResult, taken: set[str], prefix: str) -> str:
    if not wanted:
        return unique_id(f"{prefix}-{line}", taken)
    candidate = wanted if _ID.match(wanted) else slug(wanted, f"{prefix}-{line}")
    final = unique_id(candidate, taken)
    if final != wanted:
        why = "is already used" if candidate == wanted else "is not a valid id"
        result.note(line, f"id {wanted!r} {why}; the question is {final!r}")
    return final


# ---------------------------------------------------------------------------- writing


def _format_number(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def questions_to_csv(bank: m.Bank) -> str:
    """The bank's questions as CSV text with the default columns (see the module docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for q in bank.questions:
        cells: dict[str, str] = {
            "id": q.id,
            "type": q.type,
            "stem": q.stem,
            "explanation": q.explanation,
            "task": ";".join(q.tasks),
            "approach": q.approach,
            "difficulty": str(q.difficulty),
            "tags": ";".join(q.tags),
            "references": ";".join(q.references),
        }
        notes: list[str] = []
        if isinstance(q, (m.SingleQuestion, m.MultipleQuestion)):
            letter_of = {}
            for letter, opt in zip(LETTERS, q.options, strict=False):
                letter_of[opt.id] = letter
                cells[f"option_{letter}"] = opt.text
                cells[f"rationale_{letter}"] = opt.rationale
            if isinstance(q, m.SingleQuestion):
                cells["answer"] = letter_of.get(q.answer, q.answer)
            else:
                cells["answer"] = ",".join(letter_of.get(a, a) for a in q.answer)
        elif isinstance(q, m.NumericQuestion):
            cells["answer"] = _format_number(q.answer.value)
            cells["tolerance"] = _format_number(q.answer.tolerance)
            cells["unit"] = q.answer.unit
        else:
            notes.append(not_editable_reason(q.type))
        if q.scenario:
            notes.append(f"part of case set {q.scenario!r}; the case text is not exported")
        if q.images:
            notes.append(f"images not exported: {', '.join(q.images)}")
        if q.waive:
            notes.append(f"lint waivers not exported: {', '.join(q.waive)}")
        cells["note"] = "; ".join(notes)
        writer.writerow([cells.get(c, "") for c in COLUMNS])
    return out.getvalue()
