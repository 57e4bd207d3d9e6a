"""Parcels: one per order, with the holds that stop it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor
from warehouse.bonded import holds
from warehouse.bonded.stock import rows_of_parcel
from warehouse.customs.models import CebDocument, RetailOrder, RetailOrderLine
from warehouse.errors import NotFound
from warehouse.fulfilment.models import Parcel
from warehouse.masterdata.models import Sku
from warehouse.sql import one_of


def parcel_by_code(session: Session, code: str) -> Parcel:
    """A parcel by its waybill number, parcel code or order number."""
    found = session.scalar(select(Parcel).where(Parcel.code == code))
    if found is None:
        found = session.scalar(
            select(Parcel)
            .join(RetailOrder, RetailOrder.id == Parcel.order_id)
            .where(RetailOrder.order_no == code)
        )
    if found is None:
        raise NotFound("E_UNKNOWN_CODE", f"{code!r} is no parcel, waybill or order here.")
    return found


def open_parcels(session: Session, orders: list[RetailOrder]) -> list[Parcel]:
    """A parcel per order (coded with its waybill number), inserted together, in order."""
    nos = [o.order_no for o in orders]
    waybills: dict[str, dict[str, Any]] = dict(
        session.execute(
            select(CebDocument.order_no, CebDocument.payload).where(
                CebDocument.kind == "CEB511", one_of(session, CebDocument.order_no, nos)
            )
        ).all()
    )
    expected: dict[int, int] = dict(
        session.execute(
            select(RetailOrderLine.order_id, func.sum(Sku.gross_g * RetailOrderLine.qty))
            .join(Sku, Sku.id == RetailOrderLine.sku_id)
            .where(one_of(session, RetailOrderLine.order_id, [o.id for o in orders]))
            .group_by(RetailOrderLine.order_id)
        ).all()
    )
    parcels = [
        Parcel(
            order_id=order.id,
            warehouse_id=order.warehouse_id,
            code=(waybills.get(order.order_no) or {}).get("logistics_no") or order.order_no,
            status="picking",
            expected_g=int(expected.get(order.id) or 0),
        )
        for order in orders
    ]
    session.add_all(parcels)
    session.flush()
    return parcels


def hold_parcel(
    session: Session, actor: Actor, parcel: Parcel, reason: holds.Reason, note: str = ""
) -> holds.Hold:
    hold = holds.hold_for(session, actor, parcel.warehouse_id, reason, ("parcel", parcel.code))
    hold.note = note or hold.note
    holds.attach_all(session, hold, rows_of_parcel(session, parcel.id))
    return hold


def parcel_hold(session: Session, parcel: Parcel) -> holds.Hold | None:
    found = holds.active_holds(session, "parcel", parcel.code)
    return found[0] if found else None


def release_parcel_holds(
    session: Session, actor: Actor, parcel: Parcel, reasons: frozenset[holds.Reason], note: str
) -> None:
    for hold in holds.active_holds(session, "parcel", parcel.code):
        if hold.reason in reasons:
            holds.release(session, actor, hold.id, note)
