"""Tables of the traceability store: EPCIS events, their identifier index, the per-site chain
heads, captures, and the SSCC counters.

``epcis_events.body`` is the event exactly as hashed (canonical JSON text with ``eventID`` and
``recordTime``), so the chain is verified over the bytes that are stored. The other columns
are derived from the body for querying; ``silkhub trace verify`` checks that they still agree.
``epcis_event_ids`` holds one row per (canonical identifier, role, event): its primary key
starts with ``value``, so "which events touched X" is an index-only range scan.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime
from warehouse.trace.ingest import URI_LENGTH


class EpcisEvent(Base):
    __tablename__ = "epcis_events"
    __table_args__ = (
        UniqueConstraint("site", "chain_seq"),
        Index("ix_epcis_events_time_id", "event_time", "id"),
        Index("ix_epcis_events_step_time", "biz_step", "event_time"),
        Index("ix_epcis_events_location_time", "biz_location", "event_time"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[str] = mapped_column(String(URI_LENGTH), unique=True)
    site: Mapped[str] = mapped_column(String(32))
    chain_seq: Mapped[int] = mapped_column(Integer)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(32))
    action: Mapped[str | None] = mapped_column(String(8))
    event_time: Mapped[datetime] = mapped_column(UTCDateTime())
    record_time: Mapped[datetime] = mapped_column(UTCDateTime())
    biz_step: Mapped[str | None] = mapped_column(String(URI_LENGTH))
    disposition: Mapped[str | None] = mapped_column(String(URI_LENGTH))
    read_point: Mapped[str | None] = mapped_column(String(URI_LENGTH))
    biz_location: Mapped[str | None] = mapped_column(String(URI_LENGTH))
    capture_id: Mapped[str | None] = mapped_column(String(36), index=True)
    namespaces: Mapped[dict[str, str] | None] = mapped_column(JSONType())
    body: Mapped[str] = mapped_column(Text)


class EventIdentifier(Base):
    """One canonical identifier an event touches, in one role (see ``ROLES`` in ingest)."""

    __tablename__ = "epcis_event_ids"

    value: Mapped[str] = mapped_column(String(URI_LENGTH), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_pk: Mapped[int] = mapped_column(
        ForeignKey("epcis_events.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ChainHead(Base):
    """The tip of one site's event chain; every append locks it with an UPDATE."""

    __tablename__ = "epcis_chain_heads"

    site: Mapped[str] = mapped_column(String(32), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, default=0)
    hash: Mapped[str] = mapped_column(String(64))
    last_event_time: Mapped[datetime | None] = mapped_column(UTCDateTime())


class EpcisCapture(Base):
    """One accepted capture request (all of its events were stored, or none)."""

    __tablename__ = "epcis_captures"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    site: Mapped[str] = mapped_column(String(32))
    captured_at: Mapped[datetime] = mapped_column(UTCDateTime())
    captured_by: Mapped[str] = mapped_column(String(96))
    event_count: Mapped[int] = mapped_column(Integer)
    duplicate_count: Mapped[int] = mapped_column(Integer)
    warnings: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)


class SsccCounter(Base):
    """The next serial reference per (company prefix, extension digit); never goes back."""

    __tablename__ = "sscc_counters"

    company_prefix: Mapped[str] = mapped_column(String(12), primary_key=True)
    extension: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    next: Mapped[int] = mapped_column(BigInteger, default=0)
