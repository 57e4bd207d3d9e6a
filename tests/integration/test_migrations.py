"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from apiflask import APIFlask
from sqlalchemy import inspect

from app.extensions import db
from warehouse.db import Base


def test_autogenerate_finds_no_difference(app: APIFlask) -> None:
    """After `db upgrade`, comparing the database with the models finds nothing to migrate."""
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_as_batch": True}
        )
        assert compare_metadata(context, Base.metadata) == []


def test_every_model_table_exists(app: APIFlask) -> None:
    """Each table of the models was created by the migrations."""
    with app.app_context():
        existing = set(inspect(db.engine).get_table_names())
    assert set(Base.metadata.tables) <= existing
