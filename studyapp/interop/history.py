"""A learner's answer history as CSV: one row per answer, for a spreadsheet or a trainer.

Columns: ``answered_at`` (local time, ISO 8601 with its offset), ``date``, ``question_id``,
``bank``, ``type``, ``task`` (the first outline task), ``domain``, ``correct`` (yes/no),
``score`` (0–1, partial credit for multiple/matching/ordering), ``seconds``, ``confidence``
(1 guess, 2 fairly sure, 3 certain, empty when not given) and ``sitting`` (study, practice,
mock, ...). Questions whose bank has since been removed keep their rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import TYPE_CHECKING

from studyapp.storage.repo import answer_export_rows

if TYPE_CHECKING:
    from studyapp.engine import StudyEngine

COLUMNS = (
    "answered_at",
    "date",
    "question_id",
    "bank",
    "type",
    "task",
    "domain",
    "correct",
    "score",
    "seconds",
    "confidence",
    "sitting",
)


def history_csv(engine: StudyEngine, tz: dt.tzinfo | None = None) -> str:
    """The answers recorded in ``engine``'s database, oldest first, as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in answer_export_rows(engine.db):
        at = row.answered_at
        if at.tzinfo is None:
            at = at.replace(tzinfo=dt.UTC)
        local = at.astimezone(tz) if tz is not None else at.astimezone()
        task = row.tasks[0] if row.tasks else ""
        domain = engine.outline.domain_of(task) if task else None
        writer.writerow(
            (
                local.isoformat(timespec="seconds"),
                local.date().isoformat(),
                row.question_id,
                row.bank_id,
                row.question_type,
                task,
                domain.code if domain is not None else "",
                "yes" if row.correct else "no",
                f"{row.score:.2f}",
                f"{row.duration_s:.0f}",
                "" if row.confidence is None else row.confidence,
                row.session_kind or "",
            )
        )
    return out.getvalue()
