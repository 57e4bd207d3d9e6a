"""Local orders abroad, from the owner's stock in the overseas warehouse:

- created: every line is reserved at once (allocation.reserve; never oversold, all or nothing);
- picked by scan: one unit per scan of the product (GTIN or SKU code) at an allocated bin;
- packed by scan of the order: a new carrier label is assigned (printed by the app);
- shipped by scan of the label: the reservation leaves stock as ``ship`` movements (the demand
  history) and the shipping event is recorded;
- cancelled before shipping: the reservation is given back;
- returned by a buyer: scanned by its label, restocked into the returns bin and relabelled
  (the old label is void, the new one printed by the app).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Sku
from warehouse.overseas import allocation, events
from warehouse.overseas.models import LocalOrder, OverseasBin, OverseasStock, OverseasWarehouse
from warehouse.overseas.stock import bin_of, put, warehouse


@dataclass(frozen=True)
class NewOrder:
    no: str
    warehouse: str
    owner: str
    lines: tuple[tuple[str, int], ...]


def create(session: Session, actor: Actor, new: NewOrder) -> LocalOrder:
    """The order with its stock reserved; refused (nothing reserved) when any line is short."""
    wh = warehouse(session, new.warehouse)
    owner = md.enterprise(session, new.owner)
    if not new.lines or any(q <= 0 for _, q in new.lines):
        raise Invalid("E_BAD_LINES", "An order needs lines with positive quantities.")
    if session.scalar(select(LocalOrder.id).where(LocalOrder.no == new.no)):
        raise Conflict("E_ORDER_EXISTS", f"Order {new.no} exists already.")
    lines = [[md.sku_by_code(session, c).id, q] for c, q in new.lines]
    with session.begin_nested():
        reserved: allocation.Allocation = []
        for sku_id, qty in lines:
            reserved += allocation.reserve(session, wh.id, owner.id, sku_id, qty)
        order = LocalOrder(
            no=new.no,
            warehouse_id=wh.id,
            owner_id=owner.id,
            status="open",
            lines=lines,
            allocation=reserved,
        )
        session.add(order)
        session.flush()
    record(session, actor, "overseas.order", "overseas_order", new.no, warehouse=wh.code)
    return order


def order_by(session: Session, wh: OverseasWarehouse, code: str) -> LocalOrder:
    """The warehouse's order named by its number or its current label (locked)."""
    found = session.scalar(
        select(LocalOrder)
        .where(
            LocalOrder.warehouse_id == wh.id, (LocalOrder.no == code) | (LocalOrder.label == code)
        )
        .with_for_update()
    )
    if found is None:
        raise NotFound("E_UNKNOWN_ORDER", f"No local order or label {code[:60]!r} at {wh.code}.")
    return found


def _sku(session: Session, code: str) -> Sku:
    """The scanned product: masterdata's lookup (code or GTIN of any length), refused with the
    floor's wording."""
    try:
        return md.sku_by_code(session, code)
    except NotFound:
        raise NotFound(
            "E_UNKNOWN_PRODUCT", f"{code[:60]!r} is no product: scan the item."
        ) from None


def pick(
    session: Session, actor: Actor, wh_code: str, order_no: str, code: str, location: str | None
) -> LocalOrder:
    """One unit of the scanned product taken from the scanned bin for the order."""
    wh = warehouse(session, wh_code)
    order = order_by(session, wh, order_no)
    if order.status != "open":
        raise Conflict("E_NOT_OPEN", f"Order {order.no} is {order.status}: nothing to pick.")
    sku = _sku(session, code)
    place = bin_of(session, wh.id, location) if location else None
    rows = [list(a) for a in order.allocation]  # a copy: the JSON is compared when saved
    todo = [a for a in rows if a[1] == sku.id and a[3] < a[2]]
    if not todo:
        raise Conflict("E_NOT_ON_ORDER", f"No {sku.code} left to pick for {order.no}.")
    bins = {a[0]: session.get_one(OverseasStock, a[0]).bin_id for a in todo}
    here = [a for a in todo if place is not None and bins[a[0]] == place.id]
    if not here:
        names = sorted({session.get_one(OverseasBin, b).code for b in bins.values()})
        raise Conflict("E_WRONG_BIN", f"Pick {sku.code} from {', '.join(names)}.", bins=names)
    here[0][3] += 1
    order.allocation = rows
    if all(a[3] == a[2] for a in rows):
        order.status = "picked"
    record(session, actor, "overseas.pick", "overseas_order", order.no, sku=sku.code, bin=location)
    return order


def pack(session: Session, actor: Actor, wh_code: str, code: str) -> LocalOrder:
    """The picked order packed: its carrier label is assigned (the app prints it)."""
    wh = warehouse(session, wh_code)
    order = order_by(session, wh, code)
    if order.status != "picked":
        raise Conflict("E_NOT_PICKED", f"Order {order.no} is {order.status}: pick it first.")
    order.status, order.label = "packed", f"{wh.code}-{order.id:07d}"[:40]
    record(session, actor, "overseas.pack", "overseas_order", order.no, label=order.label)
    return order


def ship(session: Session, actor: Actor, wh_code: str, code: str) -> LocalOrder:
    """The packed parcel leaves under its label: the reserved units leave stock."""
    wh = warehouse(session, wh_code)
    order = order_by(session, wh, code)
    if order.status != "packed":
        raise Conflict("E_NOT_PACKED", f"Order {order.no} is {order.status}: pack it first.")
    allocation.consume(session, order.allocation, "ship", order.no)
    order.status, order.shipped_at = "shipped", utcnow()
    assert order.label is not None
    events.shipped(session, wh, order.label, [(s, q) for s, q in order.lines])
    record(session, actor, "overseas.ship", "overseas_order", order.no, label=order.label)
    return order


def cancel(session: Session, actor: Actor, wh_code: str, code: str) -> LocalOrder:
    wh = warehouse(session, wh_code)
    order = order_by(session, wh, code)
    if order.status not in ("open", "picked", "packed"):
        raise Conflict("E_NOT_CANCELLABLE", f"Order {order.no} is {order.status}.")
    allocation.release(session, order.allocation)
    order.status = "cancelled"
    record(session, actor, "overseas.cancel", "overseas_order", order.no)
    return order


def local_return(
    session: Session, actor: Actor, wh_code: str, code: str, location: str | None
) -> LocalOrder:
    """A buyer's return abroad: relabelled (the old label is void) and restocked."""
    wh = warehouse(session, wh_code)
    order = order_by(session, wh, code)
    if order.status != "shipped":
        raise Conflict("E_NOT_SHIPPED", f"Order {order.no} is {order.status}: no return.")
    target = bin_of(session, wh.id, location, "returns")
    for sku_id, qty in order.lines:
        put(session, target, order.owner_id, sku_id, qty, "return", order.no)
    old = order.label
    order.status, order.label = "returned", f"R{order.id:07d}-{wh.code}"[:40]
    record(
        session,
        actor,
        "overseas.return",
        "overseas_order",
        order.no,
        old_label=old,
        new_label=order.label,
        bin=target.code,
    )
    return order
