from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from studyapp.banks import model as m
from studyapp.clock import ManualClock
from studyapp.errors import CorruptDatabaseError, DatabaseTooNewError, StorageError
from studyapp.storage.db import (
    DB_FILENAME,
    HEAD_REVISION,
    alembic_config,
    head_revision,
    make_engine,
    open_database,
)
from studyapp.storage.models import QuestionRow
from studyapp.storage.repo import (
    answer_count,
    answers_for,
    get_setting,
    question_hash,
    record_answer,
    set_setting,
    sync_bank,
)


def _bank(stem: str = "Which artifact records risks?", extra: bool = True) -> m.Bank:
    q = {
        "type": "single",
        "stem": stem,
        "options": [
            {"id": "a", "text": "Risk register", "rationale": "Right: it records risks."},
            {"id": "b", "text": "Issue log", "rationale": "Wrong: it records issues."},
        ],
        "answer": "a",
        "explanation": "Risks live in the risk register.",
        "tasks": ["PMP26.BUS.5"],
        "approach": "predictive",
        "difficulty": 1,
    }
    questions = [{**q, "id": "q1"}]
    if extra:
        questions.append({**q, "id": "q2"})
    return m.Bank.model_validate(
        {
            "format_version": 1,
            "bank": {"id": "b1", "title": "T", "exam": "PMP", "outline": "PMP2026"},
            "questions": questions,
        }
    )


def test_open_creates_a_migrated_database_with_pragmas(data_dir: Path, clock: ManualClock) -> None:
    db = open_database(data_dir, clock)
    try:
        assert (data_dir / DB_FILENAME).exists()
        assert db.revision() == head_revision()
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
    finally:
        db.close()
    again = open_database(data_dir, clock)
    assert again.backup_path is None  # nothing to upgrade, nothing backed up
    again.close()


def test_head_revision_constant_matches_the_scripts() -> None:
    assert head_revision() == HEAD_REVISION


def test_models_and_migrations_agree(data_dir: Path, clock: ManualClock) -> None:
    db = open_database(data_dir, clock)
    with db.engine.connect() as conn:
        command.check(alembic_config(conn))  # raises if autogenerate would find changes
    db.close()


def test_upgrade_from_first_revision_keeps_history_and_backs_up(
    data_dir: Path, clock: ManualClock
) -> None:
    data_dir.mkdir(parents=True)
    path = data_dir / DB_FILENAME
    engine = make_engine(path)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        now = "2026-01-01 10:00:00"
        conn.execute(
            text("INSERT INTO bank VALUES ('b1','T','PMP','PMP2026','1','x.yaml','h', :now)"),
            {"now": now},
        )
        conn.execute(
            text("INSERT INTO question VALUES ('q1','b1','single','[]','h1', :now, :now, 0)"),
            {"now": now},
        )
        conn.execute(
            text(
                "INSERT INTO answer (question_id, content_hash, answered_at, response, correct,"
                " score, duration_s) VALUES ('q1','h1', :now, '\"a\"', 1, 1.0, 12.5)"
            ),
            {"now": now},
        )
    engine.dispose()

    db = open_database(data_dir, clock)
    try:
        assert db.revision() == head_revision()
        assert db.backup_path is not None and db.backup_path.exists()
        assert db.backup_path.parent == data_dir / "backups"
        (answer,) = answers_for(db)
        assert (answer.question_id, answer.response, answer.correct) == ("q1", "a", True)
        assert answer.answered_at.tzinfo is not None
        with db.engine.connect() as conn:
            assert "mock_exam" in {
                r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")
            }
    finally:
        db.close()
    # The backup is the database as it was: still at the first revision, with the answer.
    con = sqlite3.connect(db.backup_path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
        assert con.execute("SELECT count(*) FROM answer").fetchone() == (1,)
    finally:
        con.close()


def test_database_from_a_newer_app_is_refused_untouched(data_dir: Path, clock: ManualClock) -> None:
    db = open_database(data_dir, clock)
    with db.engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    db.close()
    before = (data_dir / DB_FILENAME).read_bytes()
    with pytest.raises(DatabaseTooNewError, match="newer version of StudyApp"):
        open_database(data_dir, clock)
    assert (data_dir / DB_FILENAME).read_bytes() == before
    assert not (data_dir / "backups").exists()


def test_corrupt_file_is_a_clear_error(data_dir: Path, clock: ManualClock) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / DB_FILENAME).write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CorruptDatabaseError, match="damaged"):
        open_database(data_dir, clock)


def test_foreign_sqlite_file_is_refused(data_dir: Path, clock: ManualClock) -> None:
    data_dir.mkdir(parents=True)
    engine = create_engine(f"sqlite:///{data_dir / DB_FILENAME}")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE notes (x TEXT)")
    engine.dispose()
    with pytest.raises(StorageError, match="not a StudyApp database"):
        open_database(data_dir, clock)


def test_unwritable_data_folder_is_a_clear_error(tmp_path: Path, clock: ManualClock) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="Cannot create the data folder"):
        open_database(blocker / "data", clock)


def test_edited_question_keeps_its_history(data_dir: Path, clock: ManualClock) -> None:
    db = open_database(data_dir, clock)
    try:
        first = sync_bank(db, _bank(), source_path="b.yaml", sha256="1")
        assert (first.added, first.changed) == (2, 0)
        record_answer(db, "q1", response="a", correct=True, score=1.0, duration_s=30)
        clock.advance(60)
        edited = _bank(stem="Which document records identified risks?", extra=False)
        second = sync_bank(db, edited, source_path="b.yaml", sha256="2")
        assert (second.added, second.changed, second.unchanged, second.retired) == (0, 1, 0, 1)
        (old,) = answers_for(db, ["q1"])
        assert old.content_hash == question_hash(_bank().questions[0])
        new = record_answer(db, "q1", response="b", correct=False, score=0.0, duration_s=5)
        assert new.content_hash == question_hash(edited.questions[0]) != old.content_hash
        assert [a.correct for a in answers_for(db, ["q1"])] == [True, False]
        with db.transaction() as s:
            q2 = s.get(QuestionRow, "q2")
            assert q2 is not None and q2.retired
    finally:
        db.close()


def test_answers_are_durable_once_recorded(data_dir: Path, clock: ManualClock) -> None:
    db = open_database(data_dir, clock)
    sync_bank(db, _bank(), source_path="b.yaml", sha256="1")
    record_answer(db, "q2", response="b", correct=False, score=0.0, duration_s=3, confidence=1)
    # Read from a separate raw connection without closing the app's engine first.
    con = sqlite3.connect(data_dir / DB_FILENAME)
    try:
        assert con.execute("SELECT question_id, confidence FROM answer").fetchall() == [("q2", 1)]
    finally:
        con.close()
    assert answer_count(db) == 1
    with pytest.raises(KeyError):
        record_answer(db, "nope", response="a", correct=True, score=1, duration_s=1)
    db.close()


def test_settings_round_trip(data_dir: Path, clock: ManualClock) -> None:
    db = open_database(data_dir, clock)
    assert get_setting(db, "exam", "PMP") == "PMP"
    set_setting(db, "exam", "CAPM")
    set_setting(db, "daily_goal", {"questions": 30})
    db.close()
    db = open_database(data_dir, clock)
    assert get_setting(db, "exam") == "CAPM"
    assert get_setting(db, "daily_goal") == {"questions": 30}
    db.close()
