"""The declarative base every Silkhub table hangs from, and the column types they share.

The models live in the domain packages (warehouse/, routing/) and import nothing of Flask;
the web app and the device gateway both map them through plain SQLAlchemy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, MetaData, create_engine, event
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

_SQLITE_BEGIN = "silkhub_sqlite_begin"
#: SQLSTATEs of a transaction PostgreSQL rolled back for another's sake: deadlock detected,
#: serialization failure, lock not available.
GIVEN_UP_SQLSTATES = frozenset({"40P01", "40001", "55P03"})
BUSY_TIMEOUT_S = 30  # how long an SQLite transaction waits to begin while another holds the lock

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored as UTC and always read back timezone-aware (SQLite drops zones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class JSONType(TypeDecorator[Any]):
    """JSON: JSONB on PostgreSQL (indexable), JSON text elsewhere."""

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> Any:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with the per-dialect settings Silkhub relies on."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})
        return create_engine(url, **kwargs)
    kwargs.setdefault("pool_pre_ping", True)
    return create_engine(url, **kwargs)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """Foreign keys on, WAL and a busy timeout for every SQLite connection, whoever made the
    engine; the driver's own transaction handling off (see :func:`_sqlite_begin_immediate`)."""
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_S * 1000}")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin_immediate(connection: Connection) -> None:
    """Every SQLite transaction takes the write lock when it begins (SQLAlchemy's pysqlite
    recipe), so one transaction at a time, reads included, works on the database.

    The driver would begin a transaction only at the first write, reading outside it until
    then: two concurrent waves both read the same released orders before either wrote, which
    ``FOR UPDATE SKIP LOCKED`` prevents on PostgreSQL. A second transaction waits (busy
    timeout) for the first to end instead of failing, and savepoints nest in a transaction
    that really began. An engine made by :func:`reading` begins deferred instead.
    """
    if connection.dialect.name == "sqlite" and connection.dialect.driver == "pysqlite":
        mode = connection.get_execution_options().get(_SQLITE_BEGIN, "IMMEDIATE")
        connection.exec_driver_sql(f"BEGIN {mode}")


def reading(engine: Engine) -> Engine:
    """The same engine (and pool) whose SQLite transactions begin deferred: for work that
    reads much and writes nothing it read before, such as the device gateway's gap check,
    which reads the scans recorded in the last seconds while the gateway keeps writing
    (WAL lets the two run at once). PostgreSQL is unaffected."""
    return engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED"})


def given_up(error: DBAPIError) -> bool:
    """The database rolled the transaction back to let another finish (nothing written, the
    same work may run again): a deadlock or serialization failure on PostgreSQL, the busy
    timeout on SQLite."""
    state = getattr(error.orig, "sqlstate", None)
    return state in GIVEN_UP_SQLSTATES or "database is locked" in str(error.orig)
