"""Mock exams that resume where they stopped

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mock_exam",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=True),
        sa.Column("exam", sa.String(length=10), nullable=False),
        sa.Column("outline", sa.String(length=20), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("spec", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("section", sa.Integer(), nullable=False),
        sa.Column("time_used_s", sa.Float(), nullable=False),
        sa.Column("breaks_taken", sa.Integer(), nullable=False),
        sa.Column("break_started", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["study_session.id"], name=op.f("fk_mock_exam_session_id_study_session")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mock_exam")),
    )
    with op.batch_alter_table("mock_exam", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mock_exam_status"), ["status"], unique=False)

    op.create_table(
        "mock_exam_item",
        sa.Column("mock_exam_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("pretest", sa.Boolean(), nullable=False),
        sa.Column("response", sa.JSON(), nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("struck", sa.JSON(), nullable=False),
        sa.Column("answered_at", sa.DateTime(), nullable=True),
        sa.Column("time_s", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["mock_exam_id"],
            ["mock_exam.id"],
            name=op.f("fk_mock_exam_item_mock_exam_id_mock_exam"),
        ),
        sa.ForeignKeyConstraint(
            ["question_id"], ["question.id"], name=op.f("fk_mock_exam_item_question_id_question")
        ),
        sa.PrimaryKeyConstraint("mock_exam_id", "position", name=op.f("pk_mock_exam_item")),
    )


def downgrade() -> None:
    op.drop_table("mock_exam_item")
    with op.batch_alter_table("mock_exam", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mock_exam_status"))

    op.drop_table("mock_exam")
