"""The glossary: project-management terms studied as flashcards.

A glossary file has its own schema (``glossary:`` instead of ``bank:`` at the top) and is checked
by the same ``studyapp bank validate`` with the same ``file:line:col`` messages.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from studyapp.banks.checks import Finding
from studyapp.outlines import Outline

MAX_DEFINITION_WORDS = 60

TermId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,79}$")]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GlossaryHeader(_Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")]
    title: Text
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    licence: Text = "All rights reserved"
    authors: list[Text] = Field(default_factory=list)


class Term(_Strict):
    id: TermId
    term: Text
    definition: Text = Field(description=f"At most {MAX_DEFINITION_WORDS} words (Markdown).")
    example: Text = Field(description="A short example in an IT project.")
    exams: list[Literal["PMP", "CAPM"]] = Field(min_length=1)
    related: list[TermId] = Field(default_factory=list)
    tasks: list[Annotated[str, StringConstraints(pattern=r"^[A-Z][A-Z0-9]*\.[A-Z]+\.[0-9]+$")]] = (
        Field(default_factory=list)
    )
    references: list[Text] = Field(default_factory=list)


class Glossary(_Strict):
    format_version: int = Field(ge=1)
    glossary: GlossaryHeader
    terms: list[Term] = Field(default_factory=list)


def check_glossary(g: Glossary, outlines: Mapping[str, Outline]) -> list[Finding]:
    return list(_check(g, outlines))


def _check(g: Glossary, outlines: Mapping[str, Outline]) -> Iterator[Finding]:
    ids: dict[str, int] = {}
    names: dict[str, int] = {}
    known_tasks = {t.code for o in outlines.values() for _, t in o.tasks()}
    for i, t in enumerate(g.terms):
        base = ("terms", i)
        if t.id in ids:
            yield Finding((*base, "id"), f"duplicate term id {t.id!r}")
        ids.setdefault(t.id, i)
        key = " ".join(t.term.casefold().split())
        if key in names:
            yield Finding((*base, "term"), f"term {t.term!r} is defined twice")
        names.setdefault(key, i)
        words = len(t.definition.split())
        if words > MAX_DEFINITION_WORDS:
            yield Finding(
                (*base, "definition"),
                f"definition has {words} words; keep it to {MAX_DEFINITION_WORDS}",
            )
        for j, code in enumerate(t.tasks):
            if code not in known_tasks:
                yield Finding((*base, "tasks", j), f"unknown task code {code!r}")
    for i, t in enumerate(g.terms):
        for j, rel in enumerate(t.related):
            if rel == t.id:
                yield Finding(("terms", i, "related", j), "a term cannot be related to itself")
            elif rel not in ids:
                yield Finding(("terms", i, "related", j), f"related term {rel!r} is not defined")
