"""Builders of EPCIS 2.0 JSON-LD events: ObjectEvent, AggregationEvent, TransactionEvent.

The builders return plain ``dict`` objects ready for ``json.dumps``, without ``@context``
(an event inside an EPCISDocument inherits the document's). Every identifier is a URI: an
EPC URN (``urn:epc:id:sgtin:...``) or a GS1 Digital Link. Without an explicit ``event_id``
the event gets its deterministic hash ID (:mod:`warehouse.trace.epcis.hashid`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import quote

from warehouse.trace.epcis.hashid import event_hash_id
from warehouse.trace.epcis.vocab import short_term
from warehouse.trace.errors import E_BAD_EVENT, E_BAD_TIME, TraceError

#: Exactly the characters ``str.isspace`` accepts (checked over every code point).
_SPACE = re.compile(r"\s")

Action = Literal["ADD", "OBSERVE", "DELETE"]


@dataclass(frozen=True)
class Quantity:
    """A class-level quantity: ``epcClass`` (LGTIN URN or Digital Link), amount, UN/CEFACT uom."""

    epc_class: str
    quantity: float | None = None
    uom: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"epcClass": _uri(self.epc_class, "epcClass")}
        if self.quantity is not None:
            out["quantity"] = self.quantity
        if self.uom is not None:
            out["uom"] = self.uom
        return out


@dataclass(frozen=True)
class BizTransaction:
    """An order, manifest, bill of lading, ...: its URI and optional CBV type (``po``, ``bol``)."""

    id: str
    type: str | None = None

    def to_json(self) -> dict[str, str]:
        out = {"type": short_term("bizTransaction-type", self.type)} if self.type else {}
        return {**out, "bizTransaction": _uri(self.id, "bizTransaction")}


def biz_transaction_urn(party_gln: str, document_id: str) -> str:
    """CBV's ``urn:epcglobal:cbv:bt:<GLN of the issuer>:<document id>`` for a document
    that has no GS1 key of its own (an order, a customs manifest, a waybill)."""
    return f"urn:epcglobal:cbv:bt:{party_gln}:{quote(document_id, safe='')}"


@dataclass(frozen=True)
class Party:
    """A source or destination: CBV type (``owning_party``, ``possessing_party``, ``location``)."""

    type: str
    id: str


@dataclass(frozen=True)
class EventContext:
    """When, where and why of an event: the part shared by every event type."""

    event_time: dt.datetime
    read_point: str | None = None
    biz_location: str | None = None
    biz_step: str | None = None
    disposition: str | None = None
    biz_transactions: Sequence[BizTransaction] = ()
    sources: Sequence[Party] = ()
    destinations: Sequence[Party] = ()
    extensions: Mapping[str, Any] = field(default_factory=dict)
    event_id: str | None = None


def _uri(value: str, what: str) -> str:
    if ":" not in value or _SPACE.search(value):
        raise TraceError(E_BAD_EVENT, f"{what} must be a URI (EPC URN or Digital Link): {value!r}")
    return value


def format_time(moment: dt.datetime) -> tuple[str, str]:
    """``eventTime`` in UTC with milliseconds, and ``eventTimeZoneOffset`` of the local time."""
    offset = moment.utcoffset()
    if offset is None:
        raise TraceError(E_BAD_TIME, "event time must be timezone-aware")
    utc = moment.astimezone(dt.UTC)
    stamp = utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}Z"
    minutes = int(offset.total_seconds()) // 60
    sign = "-" if minutes < 0 else "+"
    return stamp, f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _uris(values: Sequence[str], what: str) -> list[str]:
    out = [_uri(v, what) for v in values]
    if len(set(out)) != len(out):
        raise TraceError(E_BAD_EVENT, f"{what} lists an identifier twice")
    return out


def _parties(parties: Sequence[Party], key: str) -> list[dict[str, str]]:
    return [{"type": short_term("source-dest-type", p.type), key: _uri(p.id, key)} for p in parties]


def _finish(event: dict[str, Any], ctx: EventContext) -> dict[str, Any]:
    """Add the why/where fields, extensions and the event ID."""
    if ctx.biz_step:
        event["bizStep"] = short_term("bizStep", ctx.biz_step)
    if ctx.disposition:
        event["disposition"] = short_term("disposition", ctx.disposition)
    if ctx.read_point:
        event["readPoint"] = {"id": _uri(ctx.read_point, "readPoint")}
    if ctx.biz_location:
        event["bizLocation"] = {"id": _uri(ctx.biz_location, "bizLocation")}
    if ctx.biz_transactions:
        event["bizTransactionList"] = [t.to_json() for t in ctx.biz_transactions]
    if ctx.sources:
        event["sourceList"] = _parties(ctx.sources, "source")
    if ctx.destinations:
        event["destinationList"] = _parties(ctx.destinations, "destination")
    for key, value in ctx.extensions.items():
        if ":" not in key or key in event:
            raise TraceError(E_BAD_EVENT, f"extension field needs a prefix (ns:name): {key!r}")
        event[key] = value
    event_id = ctx.event_id or event_hash_id(event)
    return {"type": event["type"], "eventID": _uri(event_id, "eventID")} | event


def _head(kind: str, ctx: EventContext) -> dict[str, Any]:
    time, offset = format_time(ctx.event_time)
    return {"type": kind, "eventTime": time, "eventTimeZoneOffset": offset}


def object_event(
    ctx: EventContext,
    *,
    action: Action = "OBSERVE",
    epcs: Sequence[str] = (),
    quantities: Sequence[Quantity] = (),
    ilmd: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """An ObjectEvent: what was seen, made (``ADD``) or retired (``DELETE``)."""
    if not epcs and not quantities:
        raise TraceError(E_BAD_EVENT, "an ObjectEvent needs EPCs or quantities")
    if ilmd and action != "ADD":
        raise TraceError(E_BAD_EVENT, "ilmd (instance master data) only goes with action ADD")
    event = _head("ObjectEvent", ctx)
    event["epcList"] = _uris(epcs, "epcList")
    if quantities:
        event["quantityList"] = [q.to_json() for q in quantities]
    event["action"] = action
    if ilmd:
        event["ilmd"] = dict(ilmd)
    return _finish(event, ctx)


def aggregation_event(
    ctx: EventContext,
    *,
    parent_id: str | None,
    child_epcs: Sequence[str] = (),
    child_quantities: Sequence[Quantity] = (),
    action: Action = "ADD",
) -> dict[str, Any]:
    """An AggregationEvent: children packed into (``ADD``) or taken out of (``DELETE``) a parent.

    A ``DELETE`` without children means the parent was emptied completely.
    """
    if action != "OBSERVE" and not parent_id:
        raise TraceError(E_BAD_EVENT, f"an AggregationEvent with {action} needs a parentID")
    if action != "DELETE" and not child_epcs and not child_quantities:
        raise TraceError(E_BAD_EVENT, "an AggregationEvent needs children")
    event = _head("AggregationEvent", ctx)
    if parent_id:
        event["parentID"] = _uri(parent_id, "parentID")
    event["childEPCs"] = _uris(child_epcs, "childEPCs")
    if child_quantities:
        event["childQuantityList"] = [q.to_json() for q in child_quantities]
    event["action"] = action
    return _finish(event, ctx)


def transaction_event(
    ctx: EventContext,
    *,
    epcs: Sequence[str] = (),
    quantities: Sequence[Quantity] = (),
    parent_id: str | None = None,
    action: Action = "ADD",
) -> dict[str, Any]:
    """A TransactionEvent: goods tied to (``ADD``) or released from (``DELETE``) the
    business transactions of ``ctx`` (orders, customs manifests, bills of lading)."""
    if not ctx.biz_transactions:
        raise TraceError(E_BAD_EVENT, "a TransactionEvent needs at least one bizTransaction")
    if not epcs and not quantities and action != "DELETE":
        raise TraceError(E_BAD_EVENT, "a TransactionEvent needs EPCs or quantities")
    event = _head("TransactionEvent", ctx)
    if parent_id:
        event["parentID"] = _uri(parent_id, "parentID")
    event["epcList"] = _uris(epcs, "epcList")
    if quantities:
        event["quantityList"] = [q.to_json() for q in quantities]
    event["action"] = action
    return _finish(event, ctx)
