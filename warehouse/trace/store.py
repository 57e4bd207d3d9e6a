"""Recording EPCIS events: the one way events get into the store.

``record_event(session, site, event)`` is what the bonded warehouse steps, the device gateway
and the hub call, inside the same transaction as their own effect: if their transaction rolls
back, the event goes with it. Nothing here commits.

Each event is stored once: an event whose ``eventID`` is already stored with the same content
is a duplicate and is skipped; the same ``eventID`` with other content is refused
(``E_EVENT_ID_CONFLICT``). Every stored event gets the next position on its site's chain.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid
from warehouse.trace.chainstore import lock_head, move_head
from warehouse.trace.epcis.chain import chain_hash
from warehouse.trace.epcis.document import standalone_event
from warehouse.trace.epcis.records import parse_time
from warehouse.trace.epcis.validate import validate_epcis
from warehouse.trace.errors import TraceError
from warehouse.trace.ingest import CaptureWarning, PreparedEvent, order_warnings, prepare_event
from warehouse.trace.models import EpcisEvent, EventIdentifier

DEFAULT_SITE = "main"
E_EPCIS_SCHEMA = "E_EPCIS_SCHEMA"
E_EVENT_ID_CONFLICT = "E_EVENT_ID_CONFLICT"


@dataclass(frozen=True)
class Recorded:
    """What one append did: the events stored (in order), those skipped as duplicates."""

    stored: list[EpcisEvent]
    duplicates: list[str]
    warnings: list[CaptureWarning] = field(default_factory=list)


def refuse_invalid(event: Mapping[str, Any]) -> None:
    """Raise ``E_EPCIS_SCHEMA`` (422) with every schema error of a single event."""
    errors = validate_epcis(standalone_event(event) if "@context" not in event else event)
    if errors:
        raise Invalid(
            E_EPCIS_SCHEMA,
            "The event does not pass the EPCIS 2.0 schema.",
            errors=[{"path": e.path, "message": e.message} for e in errors],
        )


def prepare_all(
    events: Sequence[Mapping[str, Any]], record_time: dt.datetime
) -> list[PreparedEvent]:
    """Prepared events; a bad one raises ``Invalid`` naming its position in the list."""
    out: list[PreparedEvent] = []
    for i, event in enumerate(events):
        try:
            out.append(prepare_event(event, record_time))
        except (TraceError, ValueError, KeyError, TypeError) as exc:
            code = exc.code if isinstance(exc, TraceError) else "E_BAD_EVENT"
            path = f"$.epcisBody.eventList[{i}]"
            errors = [{"path": path, "message": str(exc)}]
            raise Invalid(code, f"Event {i}: {exc}", errors=errors) from None
    return out


def _known(session: Session, ids: list[str]) -> dict[str, str]:
    rows = session.execute(
        select(EpcisEvent.event_id, EpcisEvent.body).where(EpcisEvent.event_id.in_(ids))
    )
    return {event_id: body for event_id, body in rows}


def _new_events(
    session: Session, prepared: list[PreparedEvent]
) -> tuple[list[PreparedEvent], list[str]]:
    """Events not stored yet, and the eventIDs that were (same content, so skipped)."""
    known = {
        k: prepare_event(_loads(v), utcnow()).content()
        for k, v in _known(session, list({p.event_id for p in prepared})).items()
    }
    fresh: list[PreparedEvent] = []
    duplicates: list[str] = []
    for event in prepared:
        seen = known.get(event.event_id)
        if seen is None:
            known[event.event_id] = event.content()
            fresh.append(event)
        elif seen == event.content():
            duplicates.append(event.event_id)
        else:
            raise Conflict(
                E_EVENT_ID_CONFLICT,
                f"eventID {event.event_id} is already recorded with other content.",
                eventID=event.event_id,
            )
    return fresh, duplicates


def _loads(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data


def _row(event: PreparedEvent, site: str, seq: int, prev: str, capture_id: str | None,
         namespaces: Mapping[str, str] | None) -> EpcisEvent:  # fmt: skip
    r = event.record
    return EpcisEvent(
        event_id=event.event_id, site=site, chain_seq=seq, prev_hash=prev,
        hash=chain_hash(prev, event.body), event_type=r.type, action=r.action,
        event_time=r.event_time, record_time=_record_time(event), biz_step=r.biz_step,
        disposition=r.disposition, read_point=event.read_point,
        biz_location=event.biz_location, capture_id=capture_id,
        namespaces=dict(namespaces) if namespaces else None, body=event.text,
    )  # fmt: skip


def _record_time(event: PreparedEvent) -> dt.datetime:
    return parse_time(event.body["recordTime"])


def append(
    session: Session,
    site: str,
    prepared: list[PreparedEvent],
    *,
    capture_id: str | None = None,
    namespaces: Mapping[str, str] | None = None,
) -> Recorded:
    """Store prepared events at the end of ``site``'s chain (duplicates skipped)."""
    fresh, duplicates = _new_events(session, prepared)
    if not fresh:
        return Recorded([], duplicates)
    head = lock_head(session, site, len(fresh))
    rows, prev = [], head.prev_hash
    for i, event in enumerate(fresh):
        rows.append(_row(event, site, head.first_seq + i, prev, capture_id, namespaces))
        prev = rows[-1].hash
    session.add_all(rows)
    session.flush()
    index = [
        {"value": value, "role": role, "event_pk": row.id}
        for event, row in zip(fresh, rows, strict=True)
        for value, role in sorted(event.index)
    ]
    if index:
        session.execute(insert(EventIdentifier), index)
    warnings = order_warnings(fresh, head.last_event_time)
    latest = max(e.record.event_time for e in fresh)
    if head.last_event_time is not None:
        latest = max(latest, head.last_event_time)
    move_head(session, site, prev, latest)
    return Recorded(rows, duplicates, warnings)


def record_events(
    session: Session, site: str, events: Sequence[Mapping[str, Any]], *, validate: bool = True
) -> Recorded:
    """Validate and store ``events`` in order at ``site``, in the caller's transaction."""
    if validate:
        for event in events:
            refuse_invalid(event)
    return append(session, site, prepare_all(events, utcnow()))


def record_event(session: Session, site: str, event: Mapping[str, Any]) -> EpcisEvent | None:
    """Store one event (built with :mod:`warehouse.trace.epcis`); None if already stored.

    Raises ``Invalid`` (``E_EPCIS_SCHEMA`` and the errors) for an event the schema refuses,
    ``Conflict`` (``E_EVENT_ID_CONFLICT``) for a reused eventID with other content.
    """
    recorded = record_events(session, site, [event])
    return recorded.stored[0] if recorded.stored else None
