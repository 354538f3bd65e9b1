"""Words the screens show for bank values, and one-line question starts."""

from __future__ import annotations

from studyapp.gui.widgets.question_view import plain

TYPE_NAMES = {
    "single": "Single answer",
    "multiple": "Multiple answers",
    "matching": "Matching",
    "numeric": "Numeric",
    "hotspot": "Hotspot (image)",
    "ordering": "Ordering",
}
DIFFICULTY_NAMES = {1: "1 · easier", 2: "2 · medium", 3: "3 · harder"}
APPROACH_NAMES = {
    "predictive": "Predictive",
    "agile": "Agile",
    "hybrid": "Hybrid",
    "any": "Any approach",
}


def stem_start(markdown: str, limit: int = 140) -> str:
    """The first words of a question stem on one line, Markdown markers removed."""
    text = " ".join(plain(markdown).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
