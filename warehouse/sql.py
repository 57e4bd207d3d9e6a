"""SQL helpers the batch use cases share."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Iterable, Sequence
from typing import Any

from sqlalchemy import JSON, Column, ColumnElement, Table, TextClause, any_, bindparam, text
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import InstrumentedAttribute, Session
from sqlalchemy.sql.schema import CallableColumnDefault

from warehouse.db import Base, JSONType


def one_of(
    session: Session, column: InstrumentedAttribute[Any], values: Collection[Any]
) -> ColumnElement[bool]:
    """``column IN (values)``; on PostgreSQL ``column = ANY(array)``, one parameter, so a batch
    sends the same statement whatever its size: psycopg parses it once and prepares it,
    where an ``IN`` list of 100 is a new statement to parse and plan every time."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(values), type_=ARRAY(column.type)))
    return column.in_(values)


def insert_unnest(
    session: Session,
    model: type[Base],
    rows: Sequence[dict[str, Any]],
    returning: tuple[str, ...],
    unique: tuple[str, ...] = (),
) -> list[tuple[Any, ...]]:
    """PostgreSQL: ``rows`` inserted by one ``INSERT ... SELECT FROM unnest(...)`` with one
    array a column, the columns ``returning`` of the rows that went in (in no promised order:
    return a key with them). ``unique``: rows that would break that key are left out.

    The statement is the same whatever the number of rows, so psycopg parses it once and the
    server plans it once; a multi-row ``VALUES`` of 100 rows is 45 kB of new SQL to parse each
    time. Column defaults apply as they do for ``insert()``.
    """
    table = model.__table__
    assert isinstance(table, Table)
    columns = _columns(table, rows[0].keys())
    values: dict[str, list[Any]] = {}
    for column in columns:
        name, default = column.name, column.default
        if name in rows[0]:
            values[name] = [row[name] for row in rows]
        elif isinstance(default, CallableColumnDefault):
            values[name] = [default.arg(None) for _row in rows]  # type: ignore[arg-type]
        else:
            values[name] = [getattr(default, "arg", None)] * len(rows)
        if isinstance(column.type, JSON | JSONType):
            values[name] = [None if v is None else json.dumps(v) for v in values[name]]
    statement = _unnest_statement(session.get_bind().dialect, table, columns, returning, unique)
    return [tuple(row) for row in session.execute(statement, values)]


def _columns(table: Table, given: Iterable[str]) -> tuple[Column[Any], ...]:
    names = set(given)
    return tuple(
        c for c in table.c if c.name in names or (c.default is not None and not c.primary_key)
    )


@functools.lru_cache(maxsize=64)
def _unnest_statement(
    dialect: Dialect,
    table: Table,
    columns: tuple[Column[Any], ...],
    returning: tuple[str, ...],
    unique: tuple[str, ...],
) -> TextClause:
    names = ", ".join(c.name for c in columns)
    arrays = ", ".join(f"CAST(:{c.name} AS {_array_type(dialect, c)})" for c in columns)
    taken = ", ".join(
        f"{c.name}::jsonb" if isinstance(c.type, JSON | JSONType) else c.name for c in columns
    )
    conflict = f" ON CONFLICT ({', '.join(unique)}) DO NOTHING" if unique else ""
    return text(
        f"INSERT INTO {table.name} ({names}) SELECT {taken} FROM unnest({arrays}) AS t({names})"
        f"{conflict} RETURNING {', '.join(returning)}"
    )


def _array_type(dialect: Dialect, column: Column[Any]) -> str:
    """JSON travels as text (cast to jsonb in the SELECT): psycopg has no list-of-JSON dumper."""
    if isinstance(column.type, JSON | JSONType):
        return "TEXT[]"
    return f"{column.type.compile(dialect=dialect)}[]"
