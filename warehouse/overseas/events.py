"""EPCIS events of the overseas warehouses (site = the warehouse's code): a replenishment's
pallet received (receiving, in_progress, tied to its bill of lading), local parcels shipped."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from warehouse.db import utcnow
from warehouse.overseas.models import OverseasWarehouse
from warehouse.returns.events import COMPANY_PREFIX, LINK_BASE, quantities, site_gln
from warehouse.trace.epc import sgln_urn
from warehouse.trace.epcis import BizTransaction, EventContext, steps
from warehouse.trace.epcis.events import biz_transaction_urn, object_event
from warehouse.trace.resolver import sscc_link
from warehouse.trace.store import record_event

GLN_OFFSET = 90_000  # overseas warehouses' GLNs sit apart from the sites' in China


def _ctx(wh: OverseasWarehouse, area: str, docs: Sequence[tuple[str, str]]) -> EventContext:
    gln = site_gln(GLN_OFFSET + wh.id)
    place = sgln_urn(gln, len(COMPANY_PREFIX), area[:20])
    ties = tuple(BizTransaction(biz_transaction_urn(gln, n), t) for n, t in docs)
    return EventContext(utcnow(), read_point=place, biz_location=place, biz_transactions=ties)


def received(
    session: Session,
    wh: OverseasWarehouse,
    sscc: str,
    bol: str | None,
    area: str,
    lines: Sequence[tuple[int, int]],
) -> None:
    docs = [(bol, "bol")] if bol else []
    ctx = _ctx(wh, area, docs)
    record_event(session, wh.code, steps.receive(ctx, [sscc_link(LINK_BASE, sscc)]))
    if lines:
        stocked = EventContext(
            ctx.event_time, ctx.read_point, ctx.biz_location, "stocking", "sellable_accessible"
        )
        record_event(session, wh.code, object_event(stocked, quantities=quantities(session, lines)))


def shipped(
    session: Session, wh: OverseasWarehouse, label: str, lines: Sequence[tuple[int, int]]
) -> None:
    ctx = _ctx(wh, "DISPATCH", [(label, "urn:silkhub:btt:waybill")])
    sent = EventContext(
        ctx.event_time,
        ctx.read_point,
        ctx.biz_location,
        "shipping",
        "in_transit",
        ctx.biz_transactions,
    )
    record_event(session, wh.code, object_event(sent, quantities=quantities(session, lines)))
