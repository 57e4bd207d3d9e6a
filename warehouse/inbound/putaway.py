"""Putaway: received goods from the receiving area onto a shelf of the right zone.

The suggestion prefers a bin that holds the same SKU and lot, then the emptiest bin of the
zone; a confirmation by scan refuses a bin of the wrong zone or one without room.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded.stock import CustomsStatus, Status, Stock, bin_load, put, take
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.inbound.models import EntryCarton, EntryLine
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Bin, Sku
from warehouse.masterdata.zones import Zone, putaway_zones
from warehouse.trace import parse_code
from warehouse.trace.errors import TraceError


@dataclass(frozen=True)
class Goods:
    """What a putaway scan names: received rows of one SKU and lot, and how many to move."""

    sku: Sku
    lot: str | None
    quantity: int | None


def goods_of(session: Session, code: str) -> Goods:
    try:
        parsed = parse_code(code)
    except TraceError as exc:
        raise Invalid("E_UNKNOWN_CODE", f"Cannot read {code!r}: {exc.reason}.") from exc
    if parsed.sscc:
        carton = session.scalar(select(EntryCarton).where(EntryCarton.sscc == parsed.sscc))
        if carton is None:
            raise NotFound("E_UNKNOWN_CODE", f"Carton {parsed.sscc} is not known here.")
        line = session.get_one(EntryLine, carton.line_id)
        return Goods(session.get_one(Sku, line.sku_id), line.lot, carton.quantity)
    if not parsed.gtin:
        raise NotFound("E_UNKNOWN_CODE", f"{code!r} is neither a carton nor a product code.")
    return Goods(md.sku_by_code(session, parsed.gtin), parsed.lot, None)


def _received_rows(session: Session, wh_id: int, goods: Goods) -> list[Stock]:
    query = select(Stock).where(
        Stock.warehouse_id == wh_id,
        Stock.sku_id == goods.sku.id,
        Stock.status == Status.RECEIVED.value,
        Stock.quantity > 0,
        Stock.customs_status == CustomsStatus.BONDED.value,
    )
    if goods.lot is not None:
        query = query.where(Stock.lot == goods.lot)
    return list(session.scalars(query.order_by(Stock.id)))


def free_space(session: Session, wh_id: int, zones: frozenset[Zone]) -> list[tuple[Bin, int]]:
    loads: dict[int, int] = {
        b: int(q or 0)
        for b, q in session.execute(
            select(Stock.bin_id, func.sum(Stock.quantity))
            .where(Stock.warehouse_id == wh_id, Stock.customs_status == CustomsStatus.BONDED.value)
            .group_by(Stock.bin_id)
        )
    }
    bins = session.scalars(
        select(Bin).where(Bin.warehouse_id == wh_id, Bin.zone.in_([z.value for z in zones]))
    )
    return [(b, b.capacity - int(loads.get(b.id) or 0)) for b in bins]


def suggest(session: Session, wh_id: int, sku: Sku, lot: str, quantity: int) -> Bin:
    """The bin to put ``quantity`` units away to; E_ZONE_FULL when none has room."""
    holding = set(
        session.scalars(
            select(Stock.bin_id).where(
                Stock.sku_id == sku.id,
                Stock.lot == lot,
                Stock.status == Status.AVAILABLE.value,
                Stock.quantity > 0,
            )
        )
    )
    fits = [
        (b, free)
        for b, free in free_space(session, wh_id, putaway_zones(sku.cold_chain, False))
        if free >= quantity
    ]
    if not fits:
        raise Conflict("E_ZONE_FULL", f"No {sku.code} storage bin has room for {quantity} units.")
    fits.sort(key=lambda bf: (bf[0].id not in holding, -bf[1], bf[0].code))
    return fits[0][0]


def suggestion_for(session: Session, wh_id: int, code: str) -> tuple[Bin, int]:
    goods = goods_of(session, code)
    rows = [r for r in _received_rows(session, wh_id, goods) if r.hold_id is None]
    if not rows:
        raise NotFound("E_NOTHING_TO_PUT_AWAY", f"No received {goods.sku.code} waits here.")
    qty = goods.quantity or sum(r.quantity for r in rows if r.lot == rows[0].lot)
    return suggest(session, wh_id, goods.sku, rows[0].lot, qty), qty


def putaway(session: Session, actor: Actor, wh_id: int, code: str, bin_code: str) -> int:
    """Move the scanned goods from receiving to ``bin_code``; returns the units moved."""
    goods = goods_of(session, code)
    rows = _received_rows(session, wh_id, goods)
    if rows and all(r.hold_id is not None for r in rows):
        raise Conflict("E_CUSTOMS_HOLD", f"{goods.sku.code} is held: it stays where it is.")
    rows = [r for r in rows if r.hold_id is None]
    if not rows:
        raise NotFound("E_NOTHING_TO_PUT_AWAY", f"No received {goods.sku.code} waits here.")
    target = md.bin_by_code(session, bin_code)
    lot = rows[0].lot
    moving = [r for r in rows if r.lot == lot]
    qty = goods.quantity or sum(r.quantity for r in moving)
    _check_bin(session, wh_id, target, goods.sku, qty)
    left = qty
    for row in moving:
        step = min(left, row.quantity)
        if step and take(session, row.id, step, reserved=False):
            put(
                session,
                warehouse_id=wh_id,
                bin_id=target.id,
                sku_id=row.sku_id,
                quantity=step,
                status=Status.AVAILABLE,
                lot=row.lot,
                expiry=row.expiry,
                entry_id=row.entry_id,
            )
            left -= step
    if left:
        raise Conflict("E_NOTHING_TO_PUT_AWAY", f"Only {qty - left} of {qty} units were waiting.")
    record(
        session,
        actor,
        "stock.putaway",
        "bin",
        target.code,
        sku=goods.sku.code,
        lot=lot,
        quantity=qty,
    )
    return qty


def _check_bin(session: Session, wh_id: int, target: Bin, sku: Sku, qty: int) -> None:
    allowed = putaway_zones(sku.cold_chain, held=False)
    if target.warehouse_id != wh_id or target.zone not in allowed:
        raise Conflict(
            "E_WRONG_ZONE",
            f"Bin {target.code} is in the {target.zone} zone; {sku.code} goes to "
            f"{', '.join(sorted(allowed))}.",
            bin=target.code,
        )
    load = bin_load(session, target.id)
    if load + qty > target.capacity:
        raise Conflict(
            "E_ZONE_FULL",
            f"Bin {target.code} has room for {target.capacity - load}, not {qty}.",
            bin=target.code,
        )
