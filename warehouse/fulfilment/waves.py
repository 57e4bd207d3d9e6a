"""Waves: released orders' reservations become pick tasks, walked bin by bin."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded.holds import Reason
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.fulfilment.models import PickTask, Wave
from warehouse.fulfilment.parcels import hold_parcel, open_parcel
from warehouse.masterdata.models import Bin

READY = ("released", "inspection")


def create_wave(session: Session, actor: Actor, wh_id: int, max_orders: int = 50) -> Wave | None:
    """A wave of up to ``max_orders`` released (or inspection-selected) orders; None if none."""
    orders = list(
        session.scalars(
            select(RetailOrder)
            .join(Manifest, Manifest.order_id == RetailOrder.id)
            .where(
                RetailOrder.warehouse_id == wh_id,
                RetailOrder.status == "declared",
                Manifest.status.in_(READY),
            )
            .order_by(RetailOrder.id)
            .limit(max_orders)
        )
    )
    if not orders:
        return None
    wave = Wave(warehouse_id=wh_id, status="open")
    session.add(wave)
    session.flush()
    for order in orders:
        _add_order(session, actor, wave, order)
    record(session, actor, "wave.create", "wave", wave.id, orders=[o.order_no for o in orders])
    return wave


def _add_order(session: Session, actor: Actor, wave: Wave, order: RetailOrder) -> None:
    for task in session.scalars(
        select(PickTask).where(PickTask.order_id == order.id, PickTask.status == "reserved")
    ):
        task.wave_id, task.status = wave.id, "open"
    order.status = "picking"
    parcel = open_parcel(session, order)
    status = session.scalar(select(Manifest.status).where(Manifest.order_id == order.id))
    if status == "inspection":
        hold_parcel(session, actor, parcel, Reason.CUSTOMS_INSPECTION, "selected for inspection")


def tasks_of(session: Session, wave_id: int) -> list[tuple[PickTask, str]]:
    """The wave's tasks in walking order (by bin code), with their bin codes."""
    rows = session.execute(
        select(PickTask, Bin.code)
        .join(Bin, Bin.id == PickTask.bin_id)
        .where(PickTask.wave_id == wave_id)
        .order_by(Bin.code, PickTask.id)
    )
    return [(t, c) for t, c in rows]
