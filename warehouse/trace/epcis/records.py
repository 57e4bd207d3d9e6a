"""Reading EPCIS 2.0 JSON-LD into typed event records (for storage and queries).

Standard fields are lifted into attributes; CBV terms are folded to the short form;
everything else (extensions, sensor data, ilmd, certification) stays in ``extra`` unchanged.
Input is expected to have passed :func:`validate_epcis`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from warehouse.trace.epcis.vocab import Kind, short_term
from warehouse.trace.errors import E_BAD_EVENT, E_BAD_TIME, TraceError

EVENT_TYPES = (
    "ObjectEvent", "AggregationEvent", "TransactionEvent", "TransformationEvent",
    "AssociationEvent",
)  # fmt: skip


@dataclass(frozen=True)
class QuantityRecord:
    epc_class: str
    quantity: float | None
    uom: str | None


@dataclass(frozen=True)
class EventRecord:
    """One EPCIS event with the fields Silkhub stores and queries."""

    type: str
    event_time: dt.datetime
    time_zone_offset: str
    event_id: str | None = None
    action: str | None = None
    epc_list: tuple[str, ...] = ()
    parent_id: str | None = None
    child_epcs: tuple[str, ...] = ()
    quantity_list: tuple[QuantityRecord, ...] = ()
    child_quantity_list: tuple[QuantityRecord, ...] = ()
    input_epcs: tuple[str, ...] = ()
    output_epcs: tuple[str, ...] = ()
    input_quantity_list: tuple[QuantityRecord, ...] = ()
    output_quantity_list: tuple[QuantityRecord, ...] = ()
    biz_step: str | None = None
    disposition: str | None = None
    read_point: str | None = None
    biz_location: str | None = None
    biz_transactions: tuple[tuple[str | None, str], ...] = ()
    sources: tuple[tuple[str, str], ...] = ()
    destinations: tuple[tuple[str, str], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)


_KNOWN = {
    "type", "eventTime", "eventTimeZoneOffset", "eventID", "action", "epcList", "parentID",
    "childEPCs", "quantityList", "childQuantityList", "inputEPCList", "outputEPCList",
    "inputQuantityList", "outputQuantityList", "bizStep", "disposition", "readPoint",
    "bizLocation", "bizTransactionList", "sourceList", "destinationList", "@context",
}  # fmt: skip


def parse_time(stamp: str) -> dt.datetime:
    """An RFC 3339 timestamp as an aware datetime (``Z`` and any fraction length accepted)."""
    text = stamp.strip().upper().replace("Z", "+00:00")
    head, dot, rest = text.partition(".")
    if dot:
        digits = len(rest) - len(rest.lstrip("0123456789"))
        text = f"{head}.{rest[:digits][:6].ljust(6, '0')}{rest[digits:]}"
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise TraceError(E_BAD_TIME, f"not an RFC 3339 time: {stamp!r}") from None
    if moment.tzinfo is None:
        raise TraceError(E_BAD_TIME, f"time without offset: {stamp!r}")
    return moment


def _quantities(items: Any) -> tuple[QuantityRecord, ...]:
    return tuple(QuantityRecord(q["epcClass"], q.get("quantity"), q.get("uom")) for q in items)


def _term(kind: Kind, value: str | None) -> str | None:
    return short_term(kind, value) if value else None


def _id_of(obj: Any) -> str | None:
    return obj.get("id") if isinstance(obj, Mapping) else None


def parse_event(event: Mapping[str, Any]) -> EventRecord:
    """Read one event object."""
    kind = event.get("type")
    if not isinstance(kind, str) or "eventTime" not in event:
        raise TraceError(E_BAD_EVENT, "an event needs a type and an eventTime")
    g = event.get
    return EventRecord(
        type=kind,
        event_time=parse_time(event["eventTime"]),
        time_zone_offset=g("eventTimeZoneOffset", ""),
        event_id=g("eventID"),
        action=g("action"),
        epc_list=tuple(g("epcList", ())),
        parent_id=g("parentID"),
        child_epcs=tuple(g("childEPCs", ())),
        quantity_list=_quantities(g("quantityList", ())),
        child_quantity_list=_quantities(g("childQuantityList", ())),
        input_epcs=tuple(g("inputEPCList", ())),
        output_epcs=tuple(g("outputEPCList", ())),
        input_quantity_list=_quantities(g("inputQuantityList", ())),
        output_quantity_list=_quantities(g("outputQuantityList", ())),
        biz_step=_term("bizStep", g("bizStep")),
        disposition=_term("disposition", g("disposition")),
        read_point=_id_of(g("readPoint")),
        biz_location=_id_of(g("bizLocation")),
        biz_transactions=tuple(
            (_term("bizTransaction-type", t.get("type")), t["bizTransaction"])
            for t in g("bizTransactionList", ())
        ),
        sources=tuple(
            (short_term("source-dest-type", s["type"]), s["source"]) for s in g("sourceList", ())
        ),
        destinations=tuple(
            (short_term("source-dest-type", d["type"]), d["destination"])
            for d in g("destinationList", ())
        ),
        extra={k: v for k, v in event.items() if k not in _KNOWN},
    )


def event_list(document: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    """The events of an EPCISDocument, an EPCISQueryDocument, or a standalone event."""
    kind = document.get("type")
    body = document.get("epcisBody", {})
    if kind == "EPCISDocument":
        return list(body.get("eventList", []))
    if kind == "EPCISQueryDocument":
        return list(body.get("queryResults", {}).get("resultsBody", {}).get("eventList", []))
    return [document]


def parse_document(document: Mapping[str, Any]) -> list[EventRecord]:
    """Every event of ``document`` as an :class:`EventRecord`, in document order."""
    return [parse_event(e) for e in event_list(document)]
