"""Turning a captured EPCIS event into what the store keeps (pure: no database).

A prepared event carries its ``eventID`` (the one given, else the deterministic hash ID), its
``recordTime`` (set by the store, as EPCIS says), the canonical JSON that is hashed and
stored, the columns derived from it, and its index rows: one per (canonical identifier, role).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from warehouse.trace.epcis.chain import canonical_json
from warehouse.trace.epcis.events import format_time
from warehouse.trace.epcis.hashid import event_hash_id
from warehouse.trace.epcis.index import canonical_id, event_identifiers
from warehouse.trace.epcis.records import EventRecord, parse_event
from warehouse.trace.errors import E_BAD_EVENT, TraceError

URI_LENGTH = 512
W_OUT_OF_ORDER = "W_OUT_OF_ORDER"

#: Index roles and the EPCIS query parameter groups they serve.
ROLES = ("epc", "parent", "input", "output", "class", "input_class", "output_class", "bizt")


@dataclass(frozen=True)
class PreparedEvent:
    event_id: str
    body: dict[str, Any]
    text: str
    record: EventRecord
    biz_location: str | None
    read_point: str | None
    index: frozenset[tuple[str, str]]

    def content(self) -> str:
        """The event without its recordTime: what makes two captures the same event."""
        return canonical_json({k: v for k, v in self.body.items() if k != "recordTime"}).decode()


@dataclass(frozen=True)
class CaptureWarning:
    code: str
    index: int
    event_id: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "path": f"$.epcisBody.eventList[{self.index}]",
            "eventID": self.event_id,
            "message": self.message,
        }


def document_ref(uri: str) -> str | None:
    """The document number inside a business transaction URI (a waybill, an order number)."""
    if uri.startswith("urn:epcglobal:cbv:bt:"):
        return unquote(uri.rsplit(":", 1)[-1]) or None
    if uri.startswith(("http://", "https://")):
        return unquote(urlsplit(uri).path.rstrip("/").rsplit("/", 1)[-1]) or None
    return None


def index_rows(record: EventRecord) -> frozenset[tuple[str, str]]:
    """(canonical identifier, role) pairs of one event."""
    ids = event_identifiers(record)
    groups: dict[str, Iterable[str]] = {
        "epc": ids.epc, "parent": ids.parent_id, "input": ids.input_epc,
        "output": ids.output_epc, "class": ids.epc_class, "input_class": ids.input_epc_class,
        "output_class": ids.output_epc_class,
    }  # fmt: skip
    rows = {(canonical_id(v), role) for role, values in groups.items() for v in values}
    for uri in ids.biz_transactions:
        rows.add((uri, "bizt"))
        ref = document_ref(uri)
        if ref:
            rows.add((ref, "bizt"))
    too_long = [v for v, _ in rows if len(v) > URI_LENGTH]
    if too_long:
        raise TraceError(E_BAD_EVENT, f"identifier longer than {URI_LENGTH}: {too_long[0][:60]}")
    return frozenset(rows)


def _canonical_location(uri: str | None) -> str | None:
    return canonical_id(uri) if uri else None


def prepare_event(event: Mapping[str, Any], record_time: dt.datetime) -> PreparedEvent:
    """The stored form of ``event``: ``@context`` dropped, eventID and recordTime set."""
    body = {k: v for k, v in event.items() if k != "@context"}
    body.pop("recordTime", None)
    parse_event(body)  # refuses a bad eventTime before the hash ID reads it
    body["eventID"] = event_id = str(body.get("eventID") or event_hash_id(body))
    if len(event_id) > URI_LENGTH:
        raise TraceError(E_BAD_EVENT, f"eventID longer than {URI_LENGTH} characters")
    body["recordTime"] = format_time(record_time)[0]
    text = canonical_json(body).decode("utf-8")
    body = json.loads(text)
    record = parse_event(body)
    return PreparedEvent(
        event_id=event_id,
        body=body,
        text=text,
        record=record,
        biz_location=_canonical_location(record.biz_location),
        read_point=_canonical_location(record.read_point),
        index=index_rows(record),
    )


def order_warnings(
    events: Sequence[PreparedEvent], latest: dt.datetime | None
) -> list[CaptureWarning]:
    """Events earlier than one recorded before them at the same site (stored or in this batch)."""
    out: list[CaptureWarning] = []
    for i, event in enumerate(events):
        moment = event.record.event_time
        if latest is not None and moment < latest:
            message = f"eventTime {event.body['eventTime']} is before an earlier-recorded event"
            out.append(CaptureWarning(W_OUT_OF_ORDER, i, event.event_id, message))
        latest = moment if latest is None else max(latest, moment)
    return out


def namespaces_of(context: Any) -> dict[str, str]:
    """Extension prefixes a document's ``@context`` declares (``{"example": "http://..."}``)."""
    items = context if isinstance(context, list) else [context]
    out: dict[str, str] = {}
    for item in items:
        if isinstance(item, Mapping):
            out.update({str(k): v for k, v in item.items() if isinstance(v, str)})
    return out
