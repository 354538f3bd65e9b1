"""The question-bank format, version 1, as pydantic models.

A bank file is a YAML mapping::

    format_version: 1
    bank: {id, title, exam, outline, version, language, authors, licence}
    scenarios: [{id, title, text, images}]        # optional: case sets
    questions: [{id, type, stem, options, answer, explanation, tasks, approach, ...}]

The models check the *shape* of a bank (types, required fields, allowed values). Rules that need
more context (answer among the options, task codes known to the outline, image files present, ids
unique across banks) live in :mod:`studyapp.banks.checks`, so that every problem can be reported
with its own location.
"""

from __future__ import annotations

import math
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: The newest bank format this version of the app reads.
FORMAT_VERSION = 1

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$"),
    Field(
        description="Stable identifier: letters, digits, '.', '_' or '-', at most 80 characters."
    ),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
TaskCode = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Z][A-Z0-9]*\.[A-Z]+\.[0-9]+$"),
    Field(description="Outline task code, for example PMP26.PEO.1 or CAPM23.BAF.3."),
]
ImagePath = Annotated[
    str,
    StringConstraints(min_length=1, max_length=500),
    Field(description="Image file path relative to the bank file (SVG, PNG or JPEG)."),
]

Approach = Literal["predictive", "agile", "hybrid", "any"]
Exam = Literal["PMP", "CAPM"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class BankHeader(_Strict):
    """Who wrote the bank, for which exam and outline."""

    id: Id
    title: ShortText
    exam: Exam
    outline: Annotated[str, Field(description="Outline id: PMP2026, PMP2021 or CAPM2023.")]
    version: Annotated[str, StringConstraints(min_length=1, max_length=40)] = "1.0.0"
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2})?$")] = "en"
    authors: list[ShortText] = Field(default_factory=list)
    licence: ShortText = "All rights reserved"
    description: Text | None = None
    waive: dict[str, ShortText] = Field(
        default_factory=dict,
        description="Lint rules waived for the whole file, each with the reason.",
    )


class Option(_Strict):
    """One answer option with the reason it is right or wrong in this question."""

    id: Id
    text: Text
    rationale: Text


class Rect(_Strict):
    shape: Literal["rect"]
    x: float = Field(ge=0)
    y: float = Field(ge=0)
    width: float = Field(gt=0)
    height: float = Field(gt=0)

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.x + self.width and self.y <= py <= self.y + self.height


class Circle(_Strict):
    shape: Literal["circle"]
    cx: float = Field(ge=0)
    cy: float = Field(ge=0)
    r: float = Field(gt=0)

    def contains(self, px: float, py: float) -> bool:
        return (px - self.cx) ** 2 + (py - self.cy) ** 2 <= self.r**2


class Polygon(_Strict):
    shape: Literal["polygon"]
    points: list[tuple[float, float]] = Field(min_length=3)

    def contains(self, px: float, py: float) -> bool:
        # Even-odd rule ray casting.
        inside = False
        pts = self.points
        j = len(pts) - 1
        for i, (xi, yi) in enumerate(pts):
            xj, yj = pts[j]
            if (yi > py) != (yj > py) and px < (xj - xi) * (py - yi) / (yj - yi) + xi:
                inside = not inside
            j = i
        return inside


Region = Annotated[Rect | Circle | Polygon, Field(discriminator="shape")]


class HotspotOption(Option):
    """A clickable region of the question's image, in image pixels."""

    region: Region


class _QuestionBase(_Strict):
    id: Id
    stem: Text = Field(description="The question text (Markdown).")
    explanation: Text = Field(description="Why the answer is right (Markdown).")
    tasks: list[TaskCode] = Field(min_length=1, description="Outline task code(s) it tests.")
    approach: Approach = Field(description="Delivery approach the question assumes.")
    difficulty: Literal[1, 2, 3]
    references: list[ShortText] = Field(
        default_factory=list, description="Sections by name, e.g. 'PMBOK Guide 8th ed., Risk'."
    )
    tags: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        default_factory=list
    )
    images: list[ImagePath] = Field(default_factory=list)
    scenario: Id | None = Field(default=None, description="Id of a shared case-set scenario.")
    waive: dict[str, ShortText] = Field(
        default_factory=dict, description="Lint rules waived for this question, with the reason."
    )


class SingleQuestion(_QuestionBase):
    """One correct option."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=10)
    answer: Id


class MultipleQuestion(_QuestionBase):
    """Several correct options; the stem says how many ("choose N")."""

    type: Literal["multiple"]
    choose: int = Field(ge=2, le=9)
    options: list[Option] = Field(min_length=3, max_length=10)
    answer: list[Id]


class MatchingPrompt(_Strict):
    id: Id
    text: Text


class MatchingQuestion(_QuestionBase):
    """Each prompt (left) matches one option (right); options may outnumber prompts."""

    type: Literal["matching"]
    prompts: list[MatchingPrompt] = Field(min_length=2, max_length=10)
    options: list[Option] = Field(min_length=2, max_length=12)
    answer: dict[Id, Id]


class NumericAnswer(_Strict):
    value: float
    tolerance: float = Field(default=0.0, ge=0)
    unit: Annotated[str, StringConstraints(max_length=20)] = ""


class NumericQuestion(_QuestionBase):
    """A number typed in; right when within the tolerance."""

    type: Literal["numeric"]
    answer: NumericAnswer


class HotspotQuestion(_QuestionBase):
    """Click the right region of an image."""

    type: Literal["hotspot"]
    image: ImagePath
    image_size: tuple[int, int] = Field(description="Width and height of the image in pixels.")
    options: list[HotspotOption] = Field(min_length=2, max_length=12)
    answer: Id


class OrderingQuestion(_QuestionBase):
    """Put every option in the right order."""

    type: Literal["ordering"]
    options: list[Option] = Field(min_length=3, max_length=10)
    answer: list[Id]


Question = Annotated[
    SingleQuestion
    | MultipleQuestion
    | MatchingQuestion
    | NumericQuestion
    | HotspotQuestion
    | OrderingQuestion,
    Field(discriminator="type"),
]

QUESTION_TYPES: tuple[str, ...] = (
    "single",
    "multiple",
    "matching",
    "numeric",
    "hotspot",
    "ordering",
)


class Scenario(_Strict):
    """A case shared by several questions (a case set)."""

    id: Id
    title: ShortText
    text: Text
    images: list[ImagePath] = Field(default_factory=list)


class GeneratorEntry(_Strict):
    """A family of formula questions drawn from a named generator of the app (no code in banks)."""

    id: Id
    generator: Annotated[str, Field(description="A generator name, e.g. evm.eac_typical.")]
    form: Literal["numeric", "choice"] = Field(
        default="numeric", description="Typed-in number, or single choice among distractors."
    )
    tasks: list[TaskCode] = Field(
        default_factory=list, description="Outline task codes (default: the generator's own)."
    )
    difficulty: Literal[1, 2, 3] = 2
    params: dict[str, tuple[float, float] | float] = Field(
        default_factory=dict,
        description=(
            "Ranges the generator draws its numbers from, by parameter name: [low, high], or one "
            "number to fix it (see `studyapp bank generators`)."
        ),
    )

    def ranges(self) -> dict[str, tuple[float, float]]:
        """``params`` with single numbers turned into one-point ranges."""
        return {
            k: (v, v) if isinstance(v, (int, float)) else (float(v[0]), float(v[1]))
            for k, v in self.params.items()
        }


class Bank(_Strict):
    """A whole bank file."""

    format_version: int = Field(ge=1, description="Bank format version; this app reads 1.")
    bank: BankHeader
    scenarios: list[Scenario] = Field(default_factory=list)
    questions: list[Question] = Field(default_factory=list)
    generators: list[GeneratorEntry] = Field(default_factory=list)


def guess_rate(q: Question) -> float:
    """The chance of answering right by blind guessing (the 'c' of a 3-parameter IRT model)."""
    if isinstance(q, (SingleQuestion, HotspotQuestion)):
        return 1.0 / len(q.options)
    if isinstance(q, MultipleQuestion):
        return 1.0 / math.comb(len(q.options), q.choose)
    if isinstance(q, OrderingQuestion):
        return 1.0 / math.factorial(len(q.options))
    if isinstance(q, MatchingQuestion):
        n, k = len(q.options), len(q.prompts)
        return 1.0 / math.perm(n, k)
    return 0.0
