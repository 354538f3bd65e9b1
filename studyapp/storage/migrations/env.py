"""Alembic environment: migrations run on the connection the app hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from studyapp.storage.models import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite needs table rebuilds for most ALTERs
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("StudyApp migrations run through studyapp.storage.db, not the alembic CLI")
_run(connection)
