"""Every identifier an event touches, grouped the way EPCIS queries match them.

EPCIS SimpleEventQuery parameters map to these groups: ``MATCH_epc`` (epcList, childEPCs),
``MATCH_parentID``, ``MATCH_inputEPC``, ``MATCH_outputEPC``, ``MATCH_anyEPC`` (all of those),
``MATCH_epcClass`` (quantityList, childQuantityList) and ``MATCH_anyEPCClass`` (plus input
and output quantities). Each group holds the identifiers as written and, where one exists,
their canonical Digital Link (``https://id.gs1.org/...``), so a query by EPC URN finds an
event written with a Digital Link and the other way round.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from warehouse.trace.digitallink import build_digital_link, parse_digital_link
from warehouse.trace.epc import parse_epc_urn
from warehouse.trace.epcis.records import EventRecord, parse_event
from warehouse.trace.errors import TraceError


@lru_cache(maxsize=200_000)
def canonical_id(uri: str) -> str:
    """The canonical Digital Link of an EPC URN or any-domain Digital Link; else ``uri``.

    Query attributes of a Digital Link (``?17=...``) are not part of the identity and drop.
    Cached: an event names each identifier in two forms and in two passes, and a trace or a
    capture meets the same parents and locations again and again.
    """
    try:
        if uri.startswith("urn:epc:"):
            return build_digital_link(parse_epc_urn(uri).elements)
        if uri.startswith(("http://", "https://")):
            link = parse_digital_link(uri)
            return build_digital_link({link.primary[0]: link.primary[1], **link.qualifiers})
    except TraceError:
        pass
    return uri


def _ids(values: Iterable[str | None]) -> frozenset[str]:
    out: set[str] = set()
    for v in values:
        if v:
            out.update((v, canonical_id(v)))
    return frozenset(out)


@dataclass(frozen=True)
class EventIdentifiers:
    """Identifier groups of one event (raw and canonical forms)."""

    epc: frozenset[str]
    parent_id: frozenset[str]
    input_epc: frozenset[str]
    output_epc: frozenset[str]
    epc_class: frozenset[str]
    input_epc_class: frozenset[str]
    output_epc_class: frozenset[str]
    biz_transactions: frozenset[str]
    locations: frozenset[str]
    parties: frozenset[str]

    @property
    def any_epc(self) -> frozenset[str]:
        return self.epc | self.parent_id | self.input_epc | self.output_epc

    @property
    def any_epc_class(self) -> frozenset[str]:
        return self.epc_class | self.input_epc_class | self.output_epc_class

    @property
    def everything(self) -> frozenset[str]:
        """Every identifier, for a single "what touched this code" index."""
        return (
            self.any_epc | self.any_epc_class | self.biz_transactions | self.locations
            | self.parties
        )  # fmt: skip


def event_identifiers(event: EventRecord | Mapping[str, Any]) -> EventIdentifiers:
    """The identifiers ``event`` touches (a raw JSON-LD event or a parsed record)."""
    r = event if isinstance(event, EventRecord) else parse_event(event)
    return EventIdentifiers(
        epc=_ids((*r.epc_list, *r.child_epcs)),
        parent_id=_ids([r.parent_id]),
        input_epc=_ids(r.input_epcs),
        output_epc=_ids(r.output_epcs),
        epc_class=_ids(q.epc_class for q in (*r.quantity_list, *r.child_quantity_list)),
        input_epc_class=_ids(q.epc_class for q in r.input_quantity_list),
        output_epc_class=_ids(q.epc_class for q in r.output_quantity_list),
        biz_transactions=frozenset(t for _, t in r.biz_transactions),
        locations=_ids([r.read_point, r.biz_location]),
        parties=_ids(p for _, p in (*r.sources, *r.destinations)),
    )
