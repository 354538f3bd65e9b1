"""Bringing banks in from other tools and sending them out again.

Import: GIFT (:mod:`.gift`), Moodle XML (:mod:`.moodle_xml`), CSV/TSV spreadsheets
(:mod:`.spreadsheet`). Export: GIFT, Moodle XML, CSV, Anki (:mod:`.anki`), printable HTML/PDF
(:mod:`.printable`), and a learner's history as CSV (:mod:`.history`). User banks and bank packs:
:mod:`.packs`. Shared pieces: :mod:`.common`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from studyapp.banks.problems import Problem
from studyapp.errors import StudyAppError
from studyapp.interop.common import TO_FILL, ImportOptions, ImportResult, write_bank

#: Import formats and the file endings that select them.
IMPORT_FORMATS: dict[str, tuple[str, ...]] = {
    "gift": (".gift", ".txt"),
    "xml": (".xml",),
    "csv": (".csv", ".tsv", ".tab"),
}
MAX_IMPORT_BYTES = 64 * 1024 * 1024


class ImportError_(StudyAppError):
    """An import source that cannot be read at all (not one bad question: those are skipped)."""


def detect_format(path: Path) -> str:
    suffix = path.suffix.lower()
    for fmt, endings in IMPORT_FORMATS.items():
        if suffix in endings:
            return fmt
    known = ", ".join(e for endings in IMPORT_FORMATS.values() for e in endings)
    raise ImportError_(
        f"{path}: cannot tell the format from {suffix or 'no ending'!r} ({known}); "
        "name it with --format gift|xml|csv"
    )


def load_category_map(path: Path) -> dict[str, str]:
    """A YAML mapping file: source category → outline task code."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ImportError_(f"{path}: cannot read the category mapping ({exc})") from exc
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise ImportError_(
            f"{path}:1:1: the category mapping must map category names to task codes, e.g. "
            '"Risk: PMP26.BUS.5"'
        )
    return {k: v for k, v in data.items()}


def import_file(
    path: Path, options: ImportOptions, fmt: str | None = None, columns: Path | None = None
) -> ImportResult:
    """Read ``path`` in format ``fmt`` (by default from its ending) into bank questions."""
    fmt = fmt or detect_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise ImportError_(f"{path}: {size:,} bytes; files up to 64 MiB are imported")
        data = path.read_bytes()
    except OSError as exc:
        raise ImportError_(f"{path}: cannot read ({exc.strerror or exc})") from exc
    if fmt == "gift":
        from studyapp.interop.gift import parse_gift

        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise ImportError_(
                f"{path}:{line}: the file is not UTF-8 text (byte {exc.start}); save it as UTF-8"
            ) from exc
        return parse_gift(text, path, options)
    if fmt == "xml":
        from studyapp.interop.moodle_xml import parse_moodle_xml

        return parse_moodle_xml(data, path, options)
    if fmt == "csv":
        from studyapp.interop.spreadsheet import load_mapping, parse_table

        mapping = load_mapping(columns) if columns is not None else None
        return parse_table(data, path, options, mapping)
    raise ImportError_(f"unknown import format {fmt!r}: gift, xml or csv")


def merge_moodle_quizzes(docs: list[str]) -> str:
    """Several Moodle XML ``<quiz>`` documents (written by this app) as one."""
    import xml.etree.ElementTree as ET

    if len(docs) == 1:
        return docs[0]
    first = ET.fromstring(docs[0])
    for doc in docs[1:]:
        first.extend(list(ET.fromstring(doc)))
    ET.indent(first)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(first, encoding="unicode")


@dataclass
class WrittenBank:
    """An imported bank written to disk, with what must still be done by hand."""

    out: Path
    to_fill: list[str] = field(default_factory=list)  # "OUT:line: fill in by hand: key"
    problems: list[Problem] = field(default_factory=list)  # others, from validation
    tasks_missing: bool = False  # some question still has no task code


def write_imported(result: ImportResult, options: ImportOptions, out: Path) -> WrittenBank:
    """Write ``result`` as a bank at ``out``, then point at every placeholder by line and list
    what validation still finds (the command line and the Banks screen both report this)."""
    from studyapp.banks import load_bank_file

    write_bank(result, options, out)
    lines = out.read_text(encoding="utf-8").splitlines()
    keys = {n: _yaml_key(lines, n - 1) for n, line in enumerate(lines, 1) if TO_FILL in line}
    return WrittenBank(
        out,
        [f"{out}:{n}: fill in by hand: {key}" for n, key in keys.items()],
        [p for p in load_bank_file(out).problems if TO_FILL not in p.message],
        "tasks" in keys.values(),
    )


def _yaml_key(lines: list[str], index: int) -> str:
    """The key a line of a written bank belongs to (a list item's key is on a line above)."""
    line = lines[index]
    if not line.lstrip().startswith("- "):
        return line.split(":")[0].strip(" -")
    indent = len(line) - len(line.lstrip())
    for above in reversed(lines[:index]):
        stripped = above.lstrip()
        if len(above) - len(stripped) <= indent and stripped.endswith(":"):
            return stripped.rstrip(":").strip(" -")
    return "value"
