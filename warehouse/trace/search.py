"""Reading events back: SimpleEventQuery pages and "every event that touched these ids".

Queries page by (eventTime, storage id), a keyset: a page token stays valid while events are
being added, and every page is one index range scan on ``ix_epcis_events_time_id``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import Session, aliased

from warehouse.trace.aggregation import Packing
from warehouse.trace.closure import group_packings
from warehouse.trace.epcis.document import epcis_query_document
from warehouse.trace.models import EpcisEvent, EventIdentifier
from warehouse.trace.query import TOKEN_LIFETIME, EventQuery, PageToken, encode_token

#: Our extension prefix; the query document carries the next page token under it as well.
SILK_NAMESPACE = {"silk": "https://silkhub.example/epcis/"}
NEXT_TOKEN_FIELD = "silk:nextPageToken"


@dataclass(frozen=True)
class EventPage:
    rows: list[EpcisEvent]
    next_token: str | None
    token_expires: dt.datetime | None

    def document(self, now: dt.datetime) -> dict[str, Any]:
        """The EPCISQueryDocument of this page (valid against the EPCIS 2.0 schema)."""
        namespaces: dict[str, str] = {}
        for row in self.rows:
            for prefix, iri in (row.namespaces or {}).items():
                namespaces.setdefault(prefix, iri)
        namespaces.update(SILK_NAMESPACE)
        events = [json.loads(row.body) for row in self.rows]
        doc = epcis_query_document(events, creation_date=now, namespaces=namespaces)
        if self.next_token:
            doc["epcisBody"]["queryResults"][NEXT_TOKEN_FIELD] = self.next_token
        return doc


def _time_filter(name: str, moment: dt.datetime) -> Any:
    column = EpcisEvent.event_time if name.endswith("eventTime") else EpcisEvent.record_time
    return column >= moment if name.startswith("GE_") else column < moment


def event_select(query: EventQuery) -> Select[EpcisEvent]:
    """The filtered, ordered statement of ``query`` (without the page limit)."""
    stmt = select(EpcisEvent)
    for roles, values in query.matches:
        touched = select(EventIdentifier.event_pk).where(
            EventIdentifier.value.in_(values), EventIdentifier.role.in_(roles)
        )
        stmt = stmt.where(EpcisEvent.id.in_(touched))
    for column, values in query.equals:
        stmt = stmt.where(getattr(EpcisEvent, column).in_(values))
    for name, moment in query.times:
        stmt = stmt.where(_time_filter(name, moment))
    if query.after is not None:
        t, pk = query.after.event_time, query.after.pk
        stmt = stmt.where(
            or_(EpcisEvent.event_time > t, and_(EpcisEvent.event_time == t, EpcisEvent.id > pk))
        )
    return stmt.order_by(EpcisEvent.event_time, EpcisEvent.id)


def run_query(session: Session, query: EventQuery, now: dt.datetime) -> EventPage:
    """One page of ``query``'s events in eventTime order, and the token for the next."""
    rows = list(session.scalars(event_select(query).limit(query.per_page + 1)))
    if len(rows) <= query.per_page:
        return EventPage(rows, None, None)
    rows = rows[: query.per_page]
    expires = now + TOKEN_LIFETIME
    last = PageToken(rows[-1].event_time, rows[-1].id)
    return EventPage(rows, encode_token(last, query.fingerprint(), expires), expires)


def touching(
    session: Session, ids: Collection[str], roles: Sequence[str] | None = None
) -> list[tuple[str, int, str, str]]:
    """(identifier, event pk, site, body) of every event whose index holds one of ``ids``."""
    if not ids:
        return []
    stmt = (
        select(EventIdentifier.value, EpcisEvent.id, EpcisEvent.site, EpcisEvent.body)
        .join(EpcisEvent, EpcisEvent.id == EventIdentifier.event_pk)
        .where(EventIdentifier.value.in_(list(ids)))
    )
    if roles:
        stmt = stmt.where(EventIdentifier.role.in_(list(roles)))
    return [tuple(row) for row in session.execute(stmt)]  # type: ignore[misc]


def packings(session: Session, parents: Collection[str]) -> list[tuple[str, Packing]]:
    """(parent, packing) of every AggregationEvent naming one of ``parents`` as parentID,
    read from the index alone (no event JSON is parsed)."""
    if not parents:
        return []
    parent, child = aliased(EventIdentifier), aliased(EventIdentifier)
    stmt = (
        select(parent.value, EpcisEvent.id, EpcisEvent.event_time, EpcisEvent.action, child.value)
        .join(EpcisEvent, EpcisEvent.id == parent.event_pk)
        .outerjoin(child, and_(child.event_pk == parent.event_pk, child.role == "epc"))
        .where(parent.value.in_(list(parents)), parent.role == "parent",
               EpcisEvent.event_type == "AggregationEvent")
    )  # fmt: skip
    return group_packings(list(session.execute(stmt)))


def events_touching(
    session: Session, ids: Collection[str], roles: Sequence[str] | None = None
) -> list[EpcisEvent]:
    """Every event whose index holds one of ``ids`` (canonical), in any or the given roles."""
    if not ids:
        return []
    touched = select(EventIdentifier.event_pk).where(EventIdentifier.value.in_(list(ids)))
    if roles:
        touched = touched.where(EventIdentifier.role.in_(list(roles)))
    stmt = select(EpcisEvent).where(EpcisEvent.id.in_(touched))
    return list(session.scalars(stmt.order_by(EpcisEvent.event_time, EpcisEvent.id)))
