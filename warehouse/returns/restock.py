"""Returned goods back on the ledger: the lines as they left (lot, expiry), a bin with room,
and, once customs has approved the CEB625, the restock itself with its refund and quota."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import ledger
from warehouse.bonded.ledger import EntryKind
from warehouse.bonded.stock import Status, Stock, bin_load, put
from warehouse.customs.manifest import manifest_of
from warehouse.customs.models import RetailOrder
from warehouse.errors import Conflict
from warehouse.masterdata.models import Bin, Sku
from warehouse.masterdata.zones import Zone
from warehouse.returns import events, refund
from warehouse.returns.models import ReturnRequest
from warehouse.returns.receiving import RETURNS_AREA


@dataclass(frozen=True)
class Goods:
    sku: Sku
    qty: int
    lot: str
    expiry: Any


def goods_of(session: Session, ret: ReturnRequest, order: RetailOrder) -> list[Goods]:
    """The returned lines with the lot and expiry they left with."""
    sku_of = {ln.gnum: ln.sku_id for ln in order.lines}
    out = []
    for gnum, qty in ret.lines:
        sku = session.get_one(Sku, sku_of[gnum])
        row = session.scalar(
            select(Stock).where(Stock.parcel_id == ret.parcel_id, Stock.sku_id == sku.id).limit(1)
        )
        out.append(Goods(sku, qty, row.lot if row else "", row.expiry if row else None))
    return out


def free_bin(session: Session, warehouse_id: int, zone: Zone, qty: int) -> Bin:
    for candidate in session.scalars(
        select(Bin).where(Bin.warehouse_id == warehouse_id, Bin.zone == zone).order_by(Bin.id)
    ):
        if bin_load(session, candidate.id) + qty <= candidate.capacity:
            return candidate
    raise Conflict("E_NO_ROOM", f"No {zone.value} bin has room for {qty} more units.")


def enter(session: Session, actor: Actor, ret: ReturnRequest, goods: Goods) -> Stock:
    """The goods back on the ledger (return into the zone) and on a shelf (cold or bonded)."""
    zone = Zone.COLD if goods.sku.cold_chain else Zone.BONDED
    target = free_bin(session, ret.warehouse_id, zone, goods.qty)
    row = put(
        session,
        warehouse_id=ret.warehouse_id,
        bin_id=target.id,
        sku_id=goods.sku.id,
        quantity=goods.qty,
        status=Status.AVAILABLE,
        lot=goods.lot,
        expiry=goods.expiry,
    )
    item = ledger.item_for(session, ret.warehouse_id, goods.sku.id)
    ledger.post(session, actor, item.id, EntryKind.RETURN_IN, goods.qty, "return", ret.no)
    return row


def complete(session: Session, actor: Actor, ret: ReturnRequest, now: datetime) -> None:
    """Customs approved the return: ledger entries and stock, the tax refund, the buyer's year
    reduced, the restocking event and its audit record, all in the caller's transaction."""
    order = session.get_one(RetailOrder, ret.order_id)
    manifest = manifest_of(session, order.id)
    assert manifest is not None
    goods = goods_of(session, ret, order)
    for line in goods:
        enter(session, actor, ret, line)
    tax = refund.tax_refund(ret, order)
    session.add(tax)
    refund.restore_quota(session, order.buyer_id_number, tax.year, ret.value_fen)
    ret.status, ret.disposed_at = "restocked", now
    session.flush()
    lines = [(g.sku.id, g.qty) for g in goods]
    events.disposed(session, ret, manifest, RETURNS_AREA, "restock", lines)
    record(
        session,
        actor,
        "return.restocked",
        "return",
        ret.no,
        units=sum(g.qty for g in goods),
        refund_fen=tax.total_fen,
        quota_fen=ret.value_fen,
    )
