"""Local orders abroad: picked and shipped from the owner's stock (the demand history), and
local returns: relabelled with a fresh label and restocked into the warehouse."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.masterdata import service as md
from warehouse.overseas import events
from warehouse.overseas.models import LocalOrder, OverseasWarehouse
from warehouse.overseas.stock import bin_of, put, take, warehouse


@dataclass(frozen=True)
class NewOrder:
    no: str
    warehouse: str
    owner: str
    lines: tuple[tuple[str, int], ...]


def create(session: Session, actor: Actor, new: NewOrder) -> LocalOrder:
    wh = warehouse(session, new.warehouse)
    owner = md.enterprise(session, new.owner)
    if not new.lines or any(q <= 0 for _, q in new.lines):
        raise Invalid("E_BAD_LINES", "An order needs lines with positive quantities.")
    if session.scalar(select(LocalOrder.id).where(LocalOrder.no == new.no)):
        raise Conflict("E_ORDER_EXISTS", f"Order {new.no} exists already.")
    lines = [[md.sku_by_code(session, c).id, q] for c, q in new.lines]
    order = LocalOrder(no=new.no, warehouse_id=wh.id, owner_id=owner.id, status="open", lines=lines)
    session.add(order)
    session.flush()
    record(session, actor, "overseas.order", "overseas_order", new.no, warehouse=wh.code)
    return order


def _order(session: Session, wh: OverseasWarehouse, code: str) -> LocalOrder:
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


def ship(session: Session, actor: Actor, wh_code: str, code: str) -> LocalOrder:
    """Pick every line from stock and ship the parcel under its label."""
    wh = warehouse(session, wh_code)
    order = _order(session, wh, code)
    if order.status != "open":
        raise Conflict("E_ALREADY_SHIPPED", f"Order {order.no} is {order.status}.")
    for sku_id, qty in order.lines:
        take(session, wh.id, order.owner_id, sku_id, qty, "ship", order.no)
    order.status, order.shipped_at = "shipped", utcnow()
    order.label = order.label or f"{wh.code}-{order.id:07d}"
    events.shipped(session, wh, order.label, [(s, q) for s, q in order.lines])
    record(session, actor, "overseas.ship", "overseas_order", order.no, label=order.label)
    return order


def local_return(
    session: Session, actor: Actor, wh_code: str, code: str, location: str | None
) -> LocalOrder:
    """A buyer's return abroad: relabelled (the old label is void) and restocked."""
    wh = warehouse(session, wh_code)
    order = _order(session, wh, code)
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
