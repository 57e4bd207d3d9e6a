"""The audit chain: the stored records, their hashes, and the check that they are whole.

Records are append-only and hash-chained: each record's hash covers its content and the
previous record's hash, so an edited, removed or reordered record breaks the chain at a place
:func:`verify_chain` names. Appends are serialised through the single ``audit_head`` row, whose
UPDATE takes a row lock on PostgreSQL and the write lock on SQLite (the appending is
:mod:`warehouse.access.audit`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from sqlalchemy import Integer, String, event, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime, utcnow

GENESIS = "0" * 64


class AuditRecord(Base):
    __tablename__ = "audit_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(96))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str] = mapped_column(String(48))
    object_id: Mapped[str] = mapped_column(String(96))
    source: Mapped[str] = mapped_column(String(96))
    details: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The chain's tip: one row, locked by every append."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64), default=GENESIS)


class ChainEntry(Protocol):
    """What a record's hash covers: a stored record, or one chained at its commit."""

    seq: int
    at: datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    source: str
    details: dict[str, Any]
    prev_hash: str


def record_hash(entry: ChainEntry) -> str:
    body = {
        "seq": entry.seq,
        "at": entry.at.isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "source": entry.source,
        "details": entry.details,
        "prev": entry.prev_hash,
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    seq: int
    problem: str


def verify_chain(records: Iterable[AuditRecord]) -> list[ChainBreak]:
    """Every break in the chain: an edited record, a gap (removed) or a wrong order."""
    breaks: list[ChainBreak] = []
    prev_hash, expected_seq = GENESIS, 1
    for entry in records:
        if entry.seq != expected_seq:
            breaks.append(
                ChainBreak(entry.seq, f"expected record {expected_seq}: removed or moved")
            )
        if entry.prev_hash != prev_hash:
            breaks.append(ChainBreak(entry.seq, "does not follow the previous record"))
        if record_hash(entry) != entry.hash:
            breaks.append(ChainBreak(entry.seq, "content changed after it was written"))
        prev_hash, expected_seq = entry.hash, entry.seq + 1
    return breaks


def load_chain(session: Session) -> list[AuditRecord]:
    return list(session.scalars(select(AuditRecord).order_by(AuditRecord.seq)))


@event.listens_for(Session, "before_flush")
def _refuse_audit_rewrites(session: Session, _ctx: Any, _instances: Any) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, AuditRecord):
            raise PermissionError("audit records are append-only")
