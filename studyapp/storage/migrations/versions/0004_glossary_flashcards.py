"""Glossary flashcards

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "flashcard",
        sa.Column("term_id", sa.String(length=80), nullable=False),
        sa.Column("state", sa.JSON(), nullable=False),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("term_id", name=op.f("pk_flashcard")),
    )
    with op.batch_alter_table("flashcard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flashcard_due"), ["due"], unique=False)

    op.create_table(
        "flashcard_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("term_id", sa.String(length=80), nullable=False),
        sa.Column("rating", sa.Integer(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flashcard_review")),
    )
    with op.batch_alter_table("flashcard_review", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_flashcard_review_term_id"), ["term_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("flashcard_review", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flashcard_review_term_id"))

    op.drop_table("flashcard_review")
    with op.batch_alter_table("flashcard", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_flashcard_due"))

    op.drop_table("flashcard")
