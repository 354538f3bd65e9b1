"""Load bank files: bytes → YAML → pydantic → checks, every problem with ``file:line:col``.

A bank whose bytes have not changed since it last validated cleanly is read from the
:class:`~studyapp.banks.cache.BankCache` instead, so start-up does not pay for YAML parsing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from studyapp.banks import model as m
from studyapp.banks.cache import BankCache, CachedWarning, CacheEntry
from studyapp.banks.checks import (
    Finding,
    check_bank,
    check_image_files,
    check_images_exist,
    check_parts,
)
from studyapp.banks.glossary import Glossary, check_glossary
from studyapp.banks.problems import Problem
from studyapp.banks.pydantic_errors import message_for
from studyapp.banks.yamlio import (
    MAX_FILE_BYTES,
    Document,
    Loc,
    Mark,
    YamlProblem,
    compose,
    decode,
    parse,
)
from studyapp.outlines import Outline, load_outlines

BANK_SUFFIXES = (".yaml", ".yml")


@dataclass
class LoadedBank:
    """The outcome of loading one file: the bank (when it validated) and its problems."""

    path: Path
    bank: m.Bank | None
    problems: list[Problem] = field(default_factory=list)
    glossary: Glossary | None = None
    sha256: str = ""
    from_cache: bool = False
    _document: Document | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        loaded = self.bank is not None or self.glossary is not None
        return loaded and not any(p.is_error for p in self.problems)

    def locate(self, loc: Loc, *, key: bool = False) -> Mark:
        """Where ``loc`` is in the file; parses the node tree lazily for cached banks."""
        if self._document is None:
            try:
                text = decode(self.path.read_bytes())
                self._document = Document(None, compose(text), [])
            except (OSError, YamlProblem, ValueError):
                return Mark(1, 1)
        return self._document.locate(loc, key=key)

    def add(self, finding: Finding) -> None:
        mark = self.locate(finding.loc, key=finding.on_key)
        self.problems.append(
            Problem(self.path, mark.line, mark.col, finding.message, finding.severity)
        )


def iter_bank_files(paths: Iterable[Path]) -> tuple[list[Path], list[Problem]]:
    """Expand folders (recursively, ``*.yaml`` / ``*.yml``) and report paths that do not exist."""
    files: list[Path] = []
    problems: list[Problem] = []
    seen: set[Path] = set()

    def add(found: Path) -> None:
        key = found.resolve()
        if key not in seen:  # the same file named twice (a folder and a file in it) loads once
            seen.add(key)
            files.append(found)

    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.suffix.lower() in BANK_SUFFIXES and p.is_file()
            )
            if not found:
                problems.append(
                    Problem(path, 1, 1, "no .yaml bank files in this folder", "warning")
                )
            for f in found:
                add(f)
        elif path.is_file():
            add(path)
        else:
            problems.append(Problem(path, 1, 1, "no such file or folder"))
    return files, problems


#: Above this size a loaded bank's objects are moved out of the collector's sight (gc.freeze).
_FREEZE_ABOVE_BYTES = 1_000_000


@contextlib.contextmanager
def _gc_paused(freeze: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector while building a large acyclic object tree.

    Loading a big bank allocates hundreds of thousands of containers, none of them in cycles.
    Without this, repeated collections take more than half of the load time, and the first
    collection afterwards scans them all again; ``gc.freeze()`` spares the app that rescan for
    objects that live as long as the app does (reference counting still frees them).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()


def load_bank_file(
    path: Path,
    *,
    outlines: Mapping[str, Outline] | None = None,
    cache: BankCache | None = None,
) -> LoadedBank:
    """Load and check one bank file. Never raises for bad content: problems are returned."""
    outlines = load_outlines() if outlines is None else outlines
    result = LoadedBank(path, None)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            result.problems.append(
                Problem(
                    path,
                    1,
                    1,
                    f"file is {size / 1e6:.1f} MB; bank files are limited to "
                    f"{MAX_FILE_BYTES // (1024 * 1024)} MiB (split it into several files)",
                )
            )
            return result
        data = path.read_bytes()
    except OSError as exc:
        result.problems.append(Problem(path, 1, 1, f"cannot read the file: {exc.strerror or exc}"))
        return result

    result.sha256 = hashlib.sha256(data).hexdigest()
    with _gc_paused(freeze=len(data) > _FREEZE_ABOVE_BYTES):
        return _load_content(result, data, outlines, cache)


def _load_content(
    result: LoadedBank, data: bytes, outlines: Mapping[str, Outline], cache: BankCache | None
) -> LoadedBank:
    path = result.path
    if cache is not None:
        cached = cache.get(result.sha256)
        if cached is not None:
            result.bank = cached.bank
            result.from_cache = True
            result.problems.extend(
                Problem(path, w.line, w.col, w.message, "warning") for w in cached.warnings
            )
            for finding in check_images_exist(cached.bank, path):
                result.add(finding)
            return result

    try:
        doc = parse(decode(data))
    except YamlProblem as exc:
        result.problems.append(Problem(path, exc.mark.line, exc.mark.col, exc.message))
        return result
    result._document = doc
    for mark, key in doc.duplicate_keys:
        result.problems.append(
            Problem(path, mark.line, mark.col, f"key '{key}' appears twice in the same mapping")
        )
    if not _check_top_level(result, doc):
        return result
    if "glossary" in doc.data and "bank" not in doc.data:
        return _load_glossary(result, doc, outlines)
    try:
        bank = m.Bank.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message, on_key = message_for(err)
            result.add(Finding(tuple(err["loc"]), message, on_key=on_key))
        for finding in _check_valid_parts(path, doc.data, outlines):
            result.add(finding)
        return result
    result.bank = bank
    for finding in check_bank(bank, outlines):
        result.add(finding)
    cacheable = not any(p.is_error for p in result.problems)
    warnings = [CachedWarning(line=p.line, col=p.col, message=p.message) for p in result.problems]
    for finding in check_images_exist(bank, path):
        result.add(finding)
    if cache is not None and cacheable:
        cache.put(result.sha256, CacheEntry(bank=bank, warnings=warnings))
    return result


_QUESTION = TypeAdapter(m.Question)


def _load_glossary(
    result: LoadedBank, doc: Document, outlines: Mapping[str, Outline]
) -> LoadedBank:
    """A glossary file: its own schema, the same kind of located messages."""
    try:
        glossary = Glossary.model_validate(doc.data)
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            message, on_key = message_for(err)
            result.add(Finding(tuple(err["loc"]), message, on_key=on_key))
        return result
    result.glossary = glossary
    for finding in check_glossary(glossary, outlines):
        result.add(finding)
    return result


def _check_valid_parts(
    path: Path, data: dict[str, Any], outlines: Mapping[str, Outline]
) -> list[Finding]:
    """Run the bank rules on whichever parts of a malformed bank are well formed."""
    try:
        header: m.BankHeader | None = m.BankHeader.model_validate(data.get("bank"))
    except ValidationError:
        header = None
    scenarios: list[tuple[int, m.Scenario]] = []
    raw_scenarios = data.get("scenarios")
    for i, raw in enumerate(raw_scenarios if isinstance(raw_scenarios, list) else []):
        try:
            scenarios.append((i, m.Scenario.model_validate(raw)))
        except ValidationError:
            continue
    questions: list[tuple[int, m.Question]] = []
    raw_questions = data.get("questions")
    for i, raw in enumerate(raw_questions if isinstance(raw_questions, list) else []):
        try:
            questions.append((i, _QUESTION.validate_python(raw)))
        except ValidationError:
            continue
    return [
        *check_parts(header, scenarios, questions, outlines),
        *check_image_files(path, scenarios, questions),
    ]


def _check_top_level(result: LoadedBank, doc: Document) -> bool:
    """The file must be a mapping of a format version this app reads."""
    path = result.path
    if doc.root is None:
        result.problems.append(
            Problem(
                path, 1, 1, "the file is empty; a bank needs format_version, bank and questions"
            )
        )
        return False
    if not isinstance(doc.data, dict):
        kind = "a list" if isinstance(doc.data, list) else "a single value"
        mark = doc.locate(())
        result.problems.append(
            Problem(
                path,
                mark.line,
                mark.col,
                f"a bank file must be a mapping (format_version, bank, questions), not {kind}",
            )
        )
        return False
    version = doc.data.get("format_version")
    if isinstance(version, int) and not isinstance(version, bool) and version > m.FORMAT_VERSION:
        mark = doc.locate(("format_version",))
        result.problems.append(
            Problem(
                path,
                mark.line,
                mark.col,
                f"bank format version {version} is newer than this StudyApp reads "
                f"(up to {m.FORMAT_VERSION}); update StudyApp to use this bank",
            )
        )
        return False
    return True
