"""The study database's tables (SQLAlchemy 2 typed ORM).

History is keyed by the *question id*, never by a row of a particular bank version: when a
trainer edits a question, its ``content_hash`` changes but every answer stays linked to it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[dt.datetime]):
    """Stored as naive UTC (SQLite has no time zones), always returned timezone-aware."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware UTC time")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(
        self, value: dt.datetime | None, dialect: Dialect
    ) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class BankRow(Base):
    """A bank file as last loaded."""

    __tablename__ = "bank"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    title: Mapped[str] = mapped_column(String(2000))
    exam: Mapped[str] = mapped_column(String(10))
    outline: Mapped[str] = mapped_column(String(20))
    version: Mapped[str] = mapped_column(String(40))
    source_path: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime]


class QuestionRow(Base):
    """A question id and the hash of its current content."""

    __tablename__ = "question"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    bank_id: Mapped[str] = mapped_column(ForeignKey("bank.id"), index=True)
    type: Mapped[str] = mapped_column(String(20))
    tasks: Mapped[list[Any]]
    content_hash: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    # Kept so that answers to a question whose bank is gone still inform task mastery.
    difficulty: Mapped[int] = mapped_column(Integer, default=2, server_default="2")
    guess: Mapped[float] = mapped_column(Float, default=0.25, server_default="0.25")


class StudySessionRow(Base):
    """One sitting: a scheduled study session, a practice set or a mock exam."""

    __tablename__ = "study_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))  # study | practice | mock | flashcards
    exam: Mapped[str] = mapped_column(String(10))
    started_at: Mapped[dt.datetime]
    ended_at: Mapped[dt.datetime | None]
    planned: Mapped[int] = mapped_column(Integer, default=0)


class AnswerRow(Base):
    """One answer, committed the moment it is given."""

    __tablename__ = "answer"
    __table_args__ = (Index("ix_answer_question_time", "question_id", "answered_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    content_hash: Mapped[str] = mapped_column(String(64))
    session_id: Mapped[int | None] = mapped_column(ForeignKey("study_session.id"), index=True)
    answered_at: Mapped[dt.datetime]
    response: Mapped[Any] = mapped_column(JSON)
    correct: Mapped[bool] = mapped_column(Boolean)
    score: Mapped[float] = mapped_column(Float)
    duration_s: Mapped[float] = mapped_column(Float)
    confidence: Mapped[int | None] = mapped_column(Integer)
    # How much this answer says about the task (below 1 for a repeat the learner may remember).
    evidence_weight: Mapped[float] = mapped_column(Float, default=1.0, server_default="1.0")


class SettingRow(Base):
    """Study settings (exam, exam date, daily goal...), one JSON value per key."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_at: Mapped[dt.datetime]


class MockExamRow(Base):
    """A mock exam, in progress or finished; saved on every answer so it can resume."""

    __tablename__ = "mock_exam"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int | None] = mapped_column(ForeignKey("study_session.id"))
    exam: Mapped[str] = mapped_column(String(10))
    outline: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(10))  # full | mini
    spec: Mapped[dict[str, Any]]  # questions, pretest, minutes, breaks
    status: Mapped[str] = mapped_column(String(20), index=True)  # in_progress | on_break | done
    started_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]
    finished_at: Mapped[dt.datetime | None]
    position: Mapped[int] = mapped_column(Integer, default=0)
    section: Mapped[int] = mapped_column(Integer, default=0)
    time_used_s: Mapped[float] = mapped_column(Float, default=0.0)
    breaks_taken: Mapped[int] = mapped_column(Integer, default=0)
    break_started: Mapped[dt.datetime | None]

    items: Mapped[list[MockExamItemRow]] = relationship(
        back_populates="exam_row", order_by="MockExamItemRow.position", cascade="all, delete-orphan"
    )


class MockExamItemRow(Base):
    """One question slot of a mock exam and the learner's work on it."""

    __tablename__ = "mock_exam_item"

    mock_exam_id: Mapped[int] = mapped_column(ForeignKey("mock_exam.id"), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    pretest: Mapped[bool] = mapped_column(Boolean, default=False)
    response: Mapped[Any | None] = mapped_column(JSON)
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    struck: Mapped[list[Any]] = mapped_column(JSON, default=list)
    answered_at: Mapped[dt.datetime | None]
    time_s: Mapped[float] = mapped_column(Float, default=0.0)

    exam_row: Mapped[MockExamRow] = relationship(back_populates="items")


class CardRow(Base):
    """The FSRS memory state of one question for this learner."""

    __tablename__ = "card"

    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), primary_key=True)
    state: Mapped[dict[str, Any]]
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime]


class ReviewLogRow(Base):
    """FSRS's review log: one row per answer, with the rating it was given."""

    __tablename__ = "review_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answer.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[dt.datetime]
    duration_ms: Mapped[int] = mapped_column(Integer)


class FlashcardRow(Base):
    """The FSRS memory state of one glossary term."""

    __tablename__ = "flashcard"

    term_id: Mapped[str] = mapped_column(String(80), primary_key=True)
    state: Mapped[dict[str, Any]]
    due: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    updated_at: Mapped[dt.datetime]


class FlashcardReviewRow(Base):
    """Every flashcard review, with the rating the learner gave."""

    __tablename__ = "flashcard_review"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term_id: Mapped[str] = mapped_column(String(80), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    reviewed_at: Mapped[dt.datetime]
