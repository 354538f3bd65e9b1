"""Units of work on the study database. Callers get plain dataclasses, never live ORM rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from studyapp.banks import model as m
from studyapp.storage.db import Database
from studyapp.storage.models import AnswerRow, BankRow, QuestionRow, SettingRow


def question_hash(question: m.Question) -> str:
    """A hash of a question's content: changes whenever a trainer edits it."""
    payload = json.dumps(question.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass(frozen=True)
class SyncResult:
    added: int
    changed: int
    unchanged: int
    retired: int


def _guess(q: m.Question) -> float:
    from studyapp.scheduler.grading import guess_rate

    return guess_rate(q)


def sync_bank(db: Database, bank: m.Bank, *, source_path: str, sha256: str) -> SyncResult:
    """Record a loaded bank and its questions.

    New questions are added; edited ones keep their id (and so their history) with a new content
    hash; questions no longer in the bank are marked retired, never deleted.
    """
    now = db.clock()
    added = changed = unchanged = 0
    with db.transaction() as s:
        row = s.get(BankRow, bank.bank.id)
        if row is None:
            row = BankRow(id=bank.bank.id)
            s.add(row)
        row.title = bank.bank.title
        row.exam = bank.bank.exam
        row.outline = bank.bank.outline
        row.version = bank.bank.version
        row.source_path = source_path
        row.sha256 = sha256
        row.loaded_at = now
        s.flush()
        existing = {
            q.id: q for q in s.scalars(select(QuestionRow).where(QuestionRow.bank_id == row.id))
        }
        present: set[str] = set()
        for q in bank.questions:
            present.add(q.id)
            h = question_hash(q)
            qrow = existing.get(q.id) or s.get(QuestionRow, q.id)
            if qrow is None:
                s.add(
                    QuestionRow(
                        id=q.id,
                        bank_id=row.id,
                        type=q.type,
                        tasks=list(q.tasks),
                        content_hash=h,
                        first_seen=now,
                        updated_at=now,
                        retired=False,
                        difficulty=q.difficulty,
                        guess=_guess(q),
                    )
                )
                added += 1
            elif qrow.content_hash != h or qrow.retired or qrow.bank_id != row.id:
                qrow.bank_id = row.id
                qrow.type = q.type
                qrow.tasks = list(q.tasks)
                qrow.content_hash = h
                qrow.updated_at = now
                qrow.retired = False
                qrow.difficulty = q.difficulty
                qrow.guess = _guess(q)
                changed += 1
            else:
                unchanged += 1
        retired = 0
        for qid, qrow in existing.items():
            if qid not in present and not qrow.retired:
                qrow.retired = True
                qrow.updated_at = now
                retired += 1
    return SyncResult(added, changed, unchanged, retired)


@dataclass(frozen=True)
class AnswerRecord:
    id: int
    question_id: str
    content_hash: str
    answered_at: dt.datetime
    response: Any
    correct: bool
    score: float
    duration_s: float
    confidence: int | None
    session_id: int | None


def record_answer(
    db: Database,
    question_id: str,
    *,
    response: Any,
    correct: bool,
    score: float,
    duration_s: float,
    confidence: int | None = None,
    session_id: int | None = None,
) -> AnswerRecord:
    """Store one answer in its own transaction: once this returns, the answer is on disk."""
    with db.transaction() as s:
        qrow = s.get(QuestionRow, question_id)
        if qrow is None:
            raise KeyError(f"unknown question {question_id!r}")
        row = AnswerRow(
            question_id=question_id,
            content_hash=qrow.content_hash,
            session_id=session_id,
            answered_at=db.clock(),
            response=response,
            correct=correct,
            score=score,
            duration_s=duration_s,
            confidence=confidence,
        )
        s.add(row)
        s.flush()
        return _answer(row)


def _answer(row: AnswerRow) -> AnswerRecord:
    return AnswerRecord(
        row.id,
        row.question_id,
        row.content_hash,
        row.answered_at,
        row.response,
        row.correct,
        row.score,
        row.duration_s,
        row.confidence,
        row.session_id,
    )


def answers_for(db: Database, question_ids: Iterable[str] | None = None) -> list[AnswerRecord]:
    with db.transaction() as s:
        stmt = select(AnswerRow).order_by(AnswerRow.answered_at, AnswerRow.id)
        if question_ids is not None:
            stmt = stmt.where(AnswerRow.question_id.in_(list(question_ids)))
        return [_answer(r) for r in s.scalars(stmt)]


def answer_count(db: Database) -> int:
    with db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(AnswerRow)) or 0)


def get_setting(db: Database, key: str, default: Any = None) -> Any:
    with db.transaction() as s:
        row = s.get(SettingRow, key)
        return default if row is None else row.value


def set_setting(db: Database, key: str, value: Any) -> None:
    with db.transaction() as s:
        row = s.get(SettingRow, key)
        if row is None:
            s.add(SettingRow(key=key, value=value, updated_at=db.clock()))
        else:
            row.value = value
            row.updated_at = db.clock()
