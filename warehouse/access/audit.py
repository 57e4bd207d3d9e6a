"""Recording the audit trail: who did what, when and from where, for every state change.

:func:`record` collects a transaction's records in its session; they are chained and written
when the transaction commits (a ``before_commit`` hook): one head-row lock per transaction,
held only for the commit, and one INSERT, in the order they were recorded. Records
made in a savepoint that rolls back are dropped with it; a rolled-back transaction writes none.
A query of the audit tables in the same (outer) transaction writes the pending ones first.
The chain itself (its tables, hashes and verification) is :mod:`warehouse.access.audit_chain`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import event, insert, text, update
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, scoped_session
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.util import find_tables

from warehouse.access.audit_chain import GENESIS, AuditHead, AuditRecord, record_hash
from warehouse.db import utcnow

_PENDING = "audit.pending"  # session.info: records not yet chained, in recording order
_MARKS = "audit.marks"  # session.info: savepoint -> number of pending records at its start
_TABLES = frozenset({"audit_records", "audit_head"})
_COLUMNS = (
    "seq",
    "at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "source",
    "details",
    "prev_hash",
    "hash",
)


@dataclass(slots=True)
class PendingRecord:
    """A record made in a transaction, chained and written at its commit (a plain object:
    building an ORM instance per record, never added to the session, cost more than the rest)."""

    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    source: str
    details: dict[str, Any]
    seq: int = 0
    prev_hash: str = ""
    hash: str = ""


@dataclass(frozen=True)
class Actor:
    """Who acts, and from where (an IP address, a device id, ``cli``)."""

    name: str
    source: str = "system"


SYSTEM = Actor("system", "system")


def record(
    session: Session,
    actor: Actor,
    action: str,
    object_type: str,
    object_id: object,
    **details: Any,
) -> PendingRecord:
    """Append one record to the chain inside the caller's transaction (written at commit)."""
    entry = PendingRecord(
        utcnow(), actor.name, action, object_type, str(object_id), actor.source, _jsonable(details)
    )
    real = session() if isinstance(session, scoped_session) else session
    if not real.in_transaction():  # so that a rollback before any SQL drops it too
        real.connection()
    session.info.setdefault(_PENDING, []).append(entry)
    return entry


def flush_audit(session: Session) -> int:
    """Chain and write the session's pending records now; how many were written.

    The records returned by :func:`record` get their seq and hashes here; they are written as
    rows, not added to the session (re-read them with :func:`load_chain`).
    """
    pending: list[PendingRecord] = session.info.pop(_PENDING, None) or []
    if not pending:
        return 0
    seq, prev = _lock_head(session, len(pending))
    for entry in pending:
        seq += 1
        entry.seq, entry.prev_hash = seq, prev
        entry.hash = prev = record_hash(entry)
    _insert(session, pending)
    session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(hash=prev)
        .execution_options(synchronize_session=False)
    )
    return len(pending)


def _insert(session: Session, pending: list[PendingRecord]) -> None:
    """The records in one statement: on PostgreSQL an INSERT from ``unnest`` of one array per
    column (the same short statement each time, prepared once; an executemany would send a row
    at a time), elsewhere an executemany."""
    if session.connection().dialect.name != "postgresql":
        session.execute(
            insert(AuditRecord), [{c: getattr(e, c) for c in _COLUMNS} for e in pending]
        )
        return
    columns: dict[str, list[Any]] = {c: [getattr(e, c) for e in pending] for c in _COLUMNS}
    columns["details"] = [json.dumps(d) for d in columns["details"]]
    session.execute(_UNNEST, columns)


_UNNEST = text(
    f"INSERT INTO audit_records ({', '.join(_COLUMNS)}) "
    f"SELECT {', '.join('details::jsonb' if c == 'details' else c for c in _COLUMNS)} "
    "FROM unnest(CAST(:seq AS INTEGER[]), CAST(:at AS TIMESTAMPTZ[]), "
    + ", ".join(f"CAST(:{c} AS TEXT[])" for c in _COLUMNS[2:])
    + f") AS t({', '.join(_COLUMNS)})"
)


def pending_count(session: Session) -> int:
    return len(session.info.get(_PENDING) or ())


def _lock_head(session: Session, count: int) -> tuple[int, str]:
    """Take ``count`` sequence numbers under the head row's lock: (last seq before, its hash)."""
    head = session.execute(
        update(AuditHead)
        .where(AuditHead.id == 1)
        .values(seq=AuditHead.seq + count)
        .returning(AuditHead.seq, AuditHead.hash)
        .execution_options(synchronize_session=False)
    ).one_or_none()
    if head is None:
        session.add(AuditHead(id=1, seq=count, hash=GENESIS))
        session.flush()
        return 0, GENESIS
    return int(head.seq) - count, str(head.hash)


def _jsonable(details: dict[str, Any]) -> dict[str, Any]:
    """The details as they read back from JSON (``default=str`` for other types)."""
    try:
        return _plain(details)
    except _NotPlain:
        return json.loads(json.dumps(details, default=str))


class _NotPlain(Exception):
    """A value JSON would change (a Decimal, a date, a subclass, a key not a string)."""


def _plain(value: Any) -> Any:
    """A copy of JSON-native data, the same as a JSON round trip gives, without the text."""
    kind = type(value)
    if value is None or kind is str or kind is int or kind is float or kind is bool:
        return value
    if kind is list or kind is tuple:
        return [_plain(v) for v in value]
    if kind is dict and all(type(k) is str for k in value):
        return {k: _plain(v) for k, v in value.items()}
    raise _NotPlain


@event.listens_for(Session, "before_commit")
def _write_pending(session: Session) -> None:
    if not session.in_nested_transaction():  # a released savepoint keeps them for the commit
        flush_audit(session)


@event.listens_for(Session, "after_transaction_create")
def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        session.info.setdefault(_MARKS, {})[transaction] = pending_count(session)


@event.listens_for(Session, "after_soft_rollback")
def _drop_rolled_back(session: Session, previous: SessionTransaction) -> None:
    marks = session.info.get(_MARKS, {})
    mark = marks.pop(previous, None) if previous.nested else 0
    pending = session.info.get(_PENDING)
    if pending is not None and mark is not None:
        del pending[mark:]


@event.listens_for(Session, "after_transaction_end")
def _forget(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None and not transaction.nested:  # committed or not, it is over
        session.info.pop(_PENDING, None)
        session.info.pop(_MARKS, None)


@event.listens_for(Session, "do_orm_execute")
def _reads_see_pending(state: ORMExecuteState) -> None:
    session = state.session
    if not session.info.get(_PENDING) or session.in_nested_transaction():
        return
    statement = state.statement
    if not state.is_select or not isinstance(statement, ClauseElement):
        return
    if any(t.name in _TABLES for t in find_tables(statement)):
        flush_audit(session)
