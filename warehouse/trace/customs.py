"""Customs status for a trace: asked of the bonded warehouse first, else read from events.

The bonded warehouse knows the manifest (清单) state of a parcel; the trace package must not
import it. It registers a :class:`CustomsStatusSource` instead (``register_source``) at app
start; :func:`customs_status` asks each registered source in turn and falls back to the
events: the latest event whose business step or disposition says something about customs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from sqlalchemy.orm import Session

from warehouse.trace.epcis.records import EventRecord

RELEASED, HELD, DECLARED = "released", "held", "declared"
UNDER_INSPECTION, INSPECTED, UNKNOWN = "under_inspection", "inspected", "unknown"

#: Silkhub's private dispositions for customs states (the CBV has none).
CUSTOMS_DISPOSITIONS = {
    "urn:silkhub:disp:customs_declared": DECLARED,
    "urn:silkhub:disp:customs_released": RELEASED,
    "urn:silkhub:disp:customs_hold": HELD,
    "urn:silkhub:disp:customs_inspection": UNDER_INSPECTION,
}


@dataclass(frozen=True)
class CustomsStatus:
    status: str
    since: dt.datetime | None = None
    source: str = "events"
    event_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "since": self.since, "source": self.source,
                "eventID": self.event_id}  # fmt: skip


@dataclass(frozen=True)
class TraceKeys:
    """What a source can look a parcel up by: SSCCs (the subject's first, then its parents'),
    GTIN+serials, business documents, and the sites whose chains recorded the story."""

    ssccs: tuple[str, ...] = ()
    gtin_serials: tuple[tuple[str, str], ...] = ()
    documents: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()


class CustomsStatusSource(Protocol):
    """Answers the customs status of goods it knows, or None to let the next one answer."""

    def customs_status(self, session: Session, keys: TraceKeys) -> CustomsStatus | None: ...


_SOURCES: list[CustomsStatusSource] = []


def register_source(source: CustomsStatusSource) -> None:
    """Add a source (idempotent); registered sources are asked before the events."""
    if source not in _SOURCES:
        _SOURCES.append(source)


def unregister_source(source: CustomsStatusSource) -> None:
    if source in _SOURCES:
        _SOURCES.remove(source)


def status_of(record: EventRecord) -> str | None:
    """The customs status one event implies, if it implies one."""
    if record.disposition in CUSTOMS_DISPOSITIONS:
        return CUSTOMS_DISPOSITIONS[record.disposition]
    if record.biz_step == "holding":
        return HELD
    if record.biz_step == "inspecting":
        return {"non_conformant": HELD, "conformant": INSPECTED}.get(
            record.disposition or "", UNDER_INSPECTION
        )
    return None


def from_events(records: Sequence[EventRecord]) -> CustomsStatus:
    """The status of the latest event that implies one (records in time order)."""
    for record in reversed(records):
        status = status_of(record)
        if status is not None:
            return CustomsStatus(status, record.event_time, "events", record.event_id)
    return CustomsStatus(UNKNOWN)


def customs_status(
    session: Session, keys: TraceKeys, records: Sequence[EventRecord]
) -> CustomsStatus:
    """The first registered source's answer, else the events' (see :func:`from_events`)."""
    for source in _SOURCES:
        answer = source.customs_status(session, keys)
        if answer is not None:
            return answer
    return from_events(records)
