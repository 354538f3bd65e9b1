"""Turn pydantic's validation errors into sentences a trainer can act on."""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from studyapp.banks import model as m
from studyapp.banks.yamlio import Loc

_TYPE_TAGS = ", ".join(m.QUESTION_TYPES)


def _fields_at(loc: Loc) -> list[str]:
    """The field names allowed in the mapping that holds ``loc[-1]`` (for did-you-mean hints)."""
    cls: type[BaseModel] | None = m.Bank
    parts = list(loc[:-1])
    i = 0
    while cls is not None and i < len(parts):
        part = parts[i]
        if isinstance(part, int):
            i += 1
            continue
        if part in _QUESTION_CLASSES and cls is not m.Bank:
            cls = _QUESTION_CLASSES[part]
            i += 1
            continue
        if part in _REGION_CLASSES:
            cls = _REGION_CLASSES[part]
            i += 1
            continue
        info = cls.model_fields.get(part)
        if info is None:
            return []
        cls = _model_in(info.annotation, part)
        i += 1
    return list(cls.model_fields) if cls is not None else []


_QUESTION_CLASSES: dict[str, type[BaseModel]] = {
    "single": m.SingleQuestion,
    "multiple": m.MultipleQuestion,
    "matching": m.MatchingQuestion,
    "numeric": m.NumericQuestion,
    "hotspot": m.HotspotQuestion,
    "ordering": m.OrderingQuestion,
}
_REGION_CLASSES: dict[str, type[BaseModel]] = {
    "rect": m.Rect,
    "circle": m.Circle,
    "polygon": m.Polygon,
}
_FIELD_MODELS: dict[str, type[BaseModel]] = {
    "bank": m.BankHeader,
    "scenarios": m.Scenario,
    "prompts": m.MatchingPrompt,
    "options": m.Option,
    "answer": m.NumericAnswer,
}


def _model_in(annotation: Any, name: str) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if name == "questions":
        return m.SingleQuestion  # refined by the type tag that follows in the loc
    return _FIELD_MODELS.get(name)


def field_name(loc: Loc) -> str:
    for part in reversed(loc):
        if isinstance(part, str) and part not in _QUESTION_CLASSES and part != "[key]":
            return part
    return "value"


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def message_for(err: ErrorDetails) -> tuple[str, bool]:
    """A sentence for one error, and whether it is about a mapping *key* (unknown field)."""
    kind = err["type"]
    loc: Loc = tuple(err["loc"])
    name = field_name(loc)
    given = err.get("input")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{name}'", False
    if kind == "extra_forbidden":
        hint = ""
        close = difflib.get_close_matches(name, _fields_at(loc), n=1, cutoff=0.6)
        if close:
            hint = f" (did you mean '{close[0]}'?)"
        return f"unknown field '{name}'{hint}", True
    if kind == "union_tag_invalid":
        tag = ctx.get("tag")
        what = "question type" if ctx.get("discriminator") == "'type'" else "shape"
        expected = _TYPE_TAGS if what == "question type" else "rect, circle, polygon"
        return f"unknown {what} {tag!r}; expected one of: {expected}", False
    if kind == "union_tag_not_found":
        if ctx.get("discriminator") == "'type'":
            return f"missing required field 'type' (one of: {_TYPE_TAGS})", False
        return "missing required field 'shape' (one of: rect, circle, polygon)", False
    if kind == "string_pattern_mismatch":
        if name in ("id", "answer", "scenario", "outline") or name.endswith("id"):
            return (
                f"{name} {_short(given)} may only use letters, digits, '.', '_' and '-' "
                "(at most 80 characters, starting with a letter or digit)",
                False,
            )
        if name == "tasks":
            return f"{_short(given)} is not a task code like PMP26.PEO.1 or CAPM23.BAF.3", False
        if name == "language":
            return f"language {_short(given)} should be a code like 'en' or 'en-GB'", False
    if kind == "string_too_short":
        return f"'{name}' must not be empty", False
    if kind == "too_short":
        return f"'{name}' needs at least {ctx.get('min_length')} item(s)", False
    if kind == "too_long":
        return f"'{name}' allows at most {ctx.get('max_length')} item(s)", False
    if kind == "string_too_long":
        return f"'{name}' is longer than {ctx.get('max_length')} characters", False
    if kind == "literal_error":
        return f"{name}: {_short(given)} is not allowed; {err['msg'].replace('Input', 'it')}", False
    if kind in ("model_type", "dict_type"):
        return f"'{name}' should be a mapping (key: value), not {_kind_of(given)}", False
    if kind == "list_type":
        return f"'{name}' should be a list, not {_kind_of(given)}", False
    if kind == "string_type":
        hint = ""
        if isinstance(given, (bool, int, float)):
            hint = (
                " (YAML reads yes/no/on/off as true/false and digits as numbers: "
                "put the text in quotes)"
            )
        return f"'{name}' should be text, not {_kind_of(given)}{hint}", False
    return f"{name}: {err['msg']} (got {_short(given)})", False


def _kind_of(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {_short(value)}"
    return type(value).__name__
