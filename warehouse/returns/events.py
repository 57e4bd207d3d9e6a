"""The returns centre's steps as EPCIS 2.0 events, recorded in the caller's transaction.

| step | event | bizStep | disposition |
| --- | --- | --- | --- |
| parcel received | ObjectEvent OBSERVE (receive_return) | receiving | returned |
| graded | ObjectEvent OBSERVE (inspect) | inspecting | conformant / non_conformant |
| restocked | ObjectEvent OBSERVE | stocking | sellable_accessible |
| destroyed | ObjectEvent DELETE | destroying | destroyed |
| returned abroad | ObjectEvent OBSERVE | shipping | in_transit |
| held for the seller | ObjectEvent OBSERVE | holding | non_sellable_other |

Each event names the parcel (its SSCC's Digital Link when its label carries one, else
``urn:silkhub:parcel:<waybill>``), the product classes and quantities, and the return, waybill
and manifest as business transactions, so tracing the waybill finds the return's steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy.orm import Session

from warehouse.customs.manifest import Manifest
from warehouse.db import utcnow
from warehouse.masterdata.models import Site, Sku, Warehouse
from warehouse.returns.models import ReturnRequest
from warehouse.trace.checkdigit import check_digit
from warehouse.trace.epc import sgln_urn
from warehouse.trace.epcis import BizTransaction, EventContext, steps
from warehouse.trace.epcis.events import Action, Quantity, biz_transaction_urn, object_event
from warehouse.trace.resolver import item_link
from warehouse.trace.store import record_event

COMPANY_PREFIX = "0614141"
LINK_BASE = "https://id.silkhub.example"
BTT_RETURN = "urn:silkhub:btt:return"
BTT_WAYBILL = "urn:silkhub:btt:waybill"
BTT_MANIFEST = "urn:silkhub:btt:ceb621"
STEPS = {
    "restock": ("stocking", "sellable_accessible", "OBSERVE"),
    "destroy": ("destroying", "destroyed", "DELETE"),
    "return_abroad": ("shipping", "in_transit", "OBSERVE"),
    "hold_for_seller": ("holding", "non_sellable_other", "OBSERVE"),
}


def site_gln(site_id: int) -> str:
    """A GLN under the company prefix for a site (location reference = the id, wrapped)."""
    width = 12 - len(COMPANY_PREFIX)
    body = COMPANY_PREFIX + f"{site_id % 10**width:0{width}d}"
    return body + check_digit(body)


def _place(session: Session, warehouse_id: int, area: str) -> tuple[str, str]:
    wh = session.get_one(Warehouse, warehouse_id)
    site = session.get_one(Site, wh.site_id)
    return site.code, sgln_urn(site_gln(site.id), len(COMPANY_PREFIX), area[:20])


def _context(
    session: Session,
    ret: ReturnRequest,
    manifest: Manifest,
    area: str,
    step: str,
    disposition: str | None,
) -> tuple[str, EventContext]:
    site, place = _place(session, ret.warehouse_id, area)
    gln = site_gln(0)
    docs = (
        BizTransaction(biz_transaction_urn(gln, ret.no), BTT_RETURN),
        BizTransaction(biz_transaction_urn(gln, manifest.logistics_no), BTT_WAYBILL),
        BizTransaction(biz_transaction_urn(gln, manifest.invt_no or manifest.cop_no), BTT_MANIFEST),
    )
    ctx = EventContext(
        utcnow(),
        read_point=place,
        biz_location=place,
        biz_step=step,
        disposition=disposition,
        biz_transactions=docs,
    )
    return site, ctx


def quantities(session: Session, lines: Sequence[tuple[int, int]]) -> list[Quantity]:
    """Product classes (Digital Link of the GTIN) and how many, from (sku_id, qty)."""
    return [
        Quantity(item_link(LINK_BASE, session.get_one(Sku, sku_id).gtin), float(qty), None)
        for sku_id, qty in lines
    ]


def _store(session: Session, site: str, event: dict[str, Any]) -> None:
    record_event(session, site, event)


def received(session: Session, ret: ReturnRequest, manifest: Manifest, area: str) -> None:
    site, ctx = _context(session, ret, manifest, area, "receiving", "returned")
    _store(session, site, steps.receive_return(ctx, [ret.received_code or ""]))


def graded(session: Session, ret: ReturnRequest, manifest: Manifest, area: str) -> None:
    site, ctx = _context(session, ret, manifest, area, "inspecting", None)
    conformant = not ret.reasons
    _store(session, site, steps.inspect(ctx, [ret.received_code or ""], conformant))


def disposed(
    session: Session,
    ret: ReturnRequest,
    manifest: Manifest,
    area: str,
    kind: str,
    lines: Sequence[tuple[int, int]],
) -> None:
    step, disposition, action = STEPS[kind]
    site, ctx = _context(session, ret, manifest, area, step, disposition)
    act: Action = "DELETE" if action == "DELETE" else "OBSERVE"
    event = object_event(
        ctx, action=act, epcs=[ret.received_code or ""], quantities=quantities(session, lines)
    )
    _store(session, site, event)
