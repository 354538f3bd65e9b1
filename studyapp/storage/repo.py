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
from studyapp.exam.mock import ExamBreakRule, MockItem, MockSpec, MockState
from studyapp.storage.db import Database
from studyapp.storage.models import (
    AnswerRow,
    BankRow,
    CardRow,
    FlashcardReviewRow,
    FlashcardRow,
    MockExamItemRow,
    MockExamRow,
    QuestionRow,
    ReviewLogRow,
    SettingRow,
    StudySessionRow,
)


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
                        guess=m.guess_rate(q),
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
                qrow.guess = m.guess_rate(q)
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


def answered_question_ids(db: Database) -> set[str]:
    """Every question id the learner has answered at least once."""
    with db.transaction() as s:
        return set(s.scalars(select(AnswerRow.question_id).distinct()))


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


# ---------------------------------------------------------------------------- study history


@dataclass(frozen=True)
class QuestionMeta:
    """What the history of a question needs even when its bank is no longer loaded."""

    tasks: tuple[str, ...]
    difficulty: int
    guess: float


@dataclass(frozen=True)
class HistoryRow:
    question_id: str
    answered_at: dt.datetime
    score: float
    correct: bool
    evidence_weight: float


@dataclass(frozen=True)
class StudyHistory:
    questions: dict[str, QuestionMeta]
    answers: list[HistoryRow]  # oldest first
    cards: dict[str, dict[str, Any]]  # question id → FSRS card state


def load_history(db: Database) -> StudyHistory:
    """Everything the study engine replays when it opens, in one read transaction."""
    with db.transaction() as s:
        questions = {
            qid: QuestionMeta(tuple(tasks), int(difficulty), float(guess))
            for qid, tasks, difficulty, guess in s.execute(
                select(QuestionRow.id, QuestionRow.tasks, QuestionRow.difficulty, QuestionRow.guess)
            )
        }
        answers = [
            HistoryRow(qid, at, float(score), bool(correct), float(weight))
            for qid, at, score, correct, weight in s.execute(
                select(
                    AnswerRow.question_id,
                    AnswerRow.answered_at,
                    AnswerRow.score,
                    AnswerRow.correct,
                    AnswerRow.evidence_weight,
                ).order_by(AnswerRow.answered_at, AnswerRow.id)
            )
        ]
        cards = {
            qid: dict(state) for qid, state in s.execute(select(CardRow.question_id, CardRow.state))
        }
    return StudyHistory(questions, answers, cards)


def start_study_session(db: Database, *, kind: str, exam: str, planned: int) -> int:
    with db.transaction() as s:
        row = StudySessionRow(kind=kind, exam=exam, started_at=db.clock(), planned=planned)
        s.add(row)
        s.flush()
        return row.id


@dataclass(frozen=True)
class ReviewedAnswer:
    """An answer with the FSRS card state and review it produced, stored together."""

    question_id: str
    content_hash: str
    session_id: int | None
    answered_at: dt.datetime
    response: Any
    correct: bool
    score: float
    duration_s: float
    confidence: int | None
    evidence_weight: float
    card_state: dict[str, Any]
    card_due: dt.datetime
    rating: int
    duration_ms: int


def save_reviewed_answer(db: Database, a: ReviewedAnswer) -> int:
    """Answer, card and review log in one transaction: all on disk, or none. Returns the id."""
    with db.transaction() as s:
        answer = AnswerRow(
            question_id=a.question_id,
            content_hash=a.content_hash,
            session_id=a.session_id,
            answered_at=a.answered_at,
            response=a.response,
            correct=a.correct,
            score=a.score,
            duration_s=a.duration_s,
            confidence=a.confidence,
            evidence_weight=a.evidence_weight,
        )
        s.add(answer)
        s.flush()
        card = s.get(CardRow, a.question_id)
        if card is None:
            s.add(
                CardRow(
                    question_id=a.question_id,
                    state=a.card_state,
                    due=a.card_due,
                    updated_at=a.answered_at,
                )
            )
        else:
            card.state, card.due, card.updated_at = a.card_state, a.card_due, a.answered_at
        s.add(
            ReviewLogRow(
                answer_id=answer.id,
                question_id=a.question_id,
                rating=a.rating,
                reviewed_at=a.answered_at,
                duration_ms=a.duration_ms,
            )
        )
        return answer.id


# ---------------------------------------------------------------------------- mock exams


def _spec_to_json(spec: MockSpec) -> dict[str, Any]:
    return {
        "questions": spec.questions,
        "pretest": spec.pretest,
        "minutes": spec.minutes,
        "kind": spec.kind,
        "breaks": [
            {"after_question": b.after_question, "minutes": b.minutes, "optional": b.optional}
            for b in spec.breaks
        ],
    }


def _spec_from_json(data: dict[str, Any]) -> MockSpec:
    return MockSpec(
        questions=int(data["questions"]),
        pretest=int(data["pretest"]),
        minutes=float(data["minutes"]),
        breaks=tuple(
            ExamBreakRule(int(b["after_question"]), int(b["minutes"]), bool(b["optional"]))
            for b in data["breaks"]
        ),
        kind=str(data["kind"]),
    )


def create_mock(db: Database, *, exam: str, outline: str, state: MockState) -> int:
    with db.transaction() as s:
        row = MockExamRow(
            exam=exam,
            outline=outline,
            kind=state.spec.kind,
            spec=_spec_to_json(state.spec),
            status=state.status,
            started_at=state.started_at,
            updated_at=db.clock(),
            position=state.position,
            section=state.section,
            time_used_s=state.time_used_s,
            breaks_taken=state.breaks_taken,
        )
        row.items = [
            MockExamItemRow(
                position=i,
                question_id=item.question_id,
                pretest=item.pretest,
                response=None,
                flagged=False,
                struck=[],
                time_s=0.0,
            )
            for i, item in enumerate(state.items)
        ]
        s.add(row)
        s.flush()
        return row.id


def save_mock(db: Database, mock_id: int, state: MockState, items: Iterable[int] = ()) -> None:
    """Save the exam's clock and position, and the listed items, in one transaction."""
    with db.transaction() as s:
        row = s.get(MockExamRow, mock_id)
        if row is None:
            raise KeyError(f"no mock exam {mock_id}")
        row.status = state.status
        row.updated_at = db.clock()
        row.finished_at = state.finished_at
        row.position = state.position
        row.section = state.section
        row.time_used_s = state.time_used_s
        row.breaks_taken = state.breaks_taken
        row.break_started = state.break_started
        for i in set(items) | {state.position}:
            item = state.items[i]
            irow = s.get(MockExamItemRow, (mock_id, i))
            if irow is None:
                continue
            irow.response = item.response
            irow.flagged = item.flagged
            irow.struck = list(item.struck)
            irow.answered_at = item.answered_at
            irow.time_s = item.time_s


def _state(row: MockExamRow) -> MockState:
    return MockState(
        spec=_spec_from_json(row.spec),
        items=[
            MockItem(
                question_id=i.question_id,
                pretest=i.pretest,
                response=i.response,
                flagged=i.flagged,
                struck=list(i.struck),
                answered_at=i.answered_at,
                time_s=i.time_s,
            )
            for i in row.items
        ],
        started_at=row.started_at,
        status=row.status,
        position=row.position,
        time_used_s=row.time_used_s,
        running_since=None,
        section=row.section,
        breaks_taken=row.breaks_taken,
        break_started=row.break_started,
        finished_at=row.finished_at,
    )


def load_unfinished_mock(db: Database, exam: str) -> tuple[int, MockState] | None:
    """The newest mock exam of ``exam`` that was not finished, if any."""
    with db.transaction() as s:
        row = s.scalars(
            select(MockExamRow)
            .where(MockExamRow.exam == exam, MockExamRow.status.in_(("in_progress", "on_break")))
            .order_by(MockExamRow.started_at.desc(), MockExamRow.id.desc())
            .limit(1)
        ).first()
        return None if row is None else (row.id, _state(row))


def load_mock(db: Database, mock_id: int) -> MockState:
    with db.transaction() as s:
        row = s.get(MockExamRow, mock_id)
        if row is None:
            raise KeyError(f"no mock exam {mock_id}")
        return _state(row)


def last_mock_question_ids(db: Database, exam: str) -> frozenset[str]:
    """The questions of the learner's previous mock (to avoid repeating them)."""
    with db.transaction() as s:
        last = s.scalars(
            select(MockExamRow.id)
            .where(MockExamRow.exam == exam)
            .order_by(MockExamRow.started_at.desc(), MockExamRow.id.desc())
            .limit(1)
        ).first()
        if last is None:
            return frozenset()
        return frozenset(
            s.scalars(
                select(MockExamItemRow.question_id).where(MockExamItemRow.mock_exam_id == last)
            )
        )


# ---------------------------------------------------------------------------- flashcards


def load_flashcards(db: Database) -> dict[str, dict[str, Any]]:
    """Term id → FSRS card state."""
    with db.transaction() as s:
        return {
            tid: dict(state)
            for tid, state in s.execute(select(FlashcardRow.term_id, FlashcardRow.state))
        }


def save_flashcard_review(
    db: Database, term_id: str, *, state: dict[str, Any], due: dt.datetime, rating: int
) -> None:
    """The card and its review in one transaction."""
    now = db.clock()
    with db.transaction() as s:
        row = s.get(FlashcardRow, term_id)
        if row is None:
            s.add(FlashcardRow(term_id=term_id, state=state, due=due, updated_at=now))
        else:
            row.state, row.due, row.updated_at = state, due, now
        s.add(FlashcardReviewRow(term_id=term_id, rating=rating, reviewed_at=now))


@dataclass(frozen=True)
class AnswerExportRow:
    """One answer with what is known of its question and sitting, for a learner's export."""

    answered_at: dt.datetime
    question_id: str
    bank_id: str
    question_type: str
    tasks: tuple[str, ...]
    correct: bool
    score: float
    duration_s: float
    confidence: int | None
    session_kind: str | None
    exam: str | None


def answer_export_rows(db: Database) -> list[AnswerExportRow]:
    """Every answer, oldest first, with its question's bank, type and tasks and the kind of
    sitting it was given in (study, practice, mock) — also for questions whose bank is gone."""
    with db.transaction() as s:
        stmt = (
            select(
                AnswerRow.answered_at,
                AnswerRow.question_id,
                QuestionRow.bank_id,
                QuestionRow.type,
                QuestionRow.tasks,
                AnswerRow.correct,
                AnswerRow.score,
                AnswerRow.duration_s,
                AnswerRow.confidence,
                StudySessionRow.kind,
                StudySessionRow.exam,
            )
            .join(QuestionRow, QuestionRow.id == AnswerRow.question_id)
            .outerjoin(StudySessionRow, StudySessionRow.id == AnswerRow.session_id)
            .order_by(AnswerRow.answered_at, AnswerRow.id)
        )
        return [
            AnswerExportRow(
                at,
                qid,
                bank,
                qtype,
                tuple(tasks or ()),
                bool(ok),
                float(score),
                float(dur),
                conf,
                kind,
                exam,
            )
            for at, qid, bank, qtype, tasks, ok, score, dur, conf, kind, exam in s.execute(stmt)
        ]
