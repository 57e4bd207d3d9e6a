"""Waves: released orders' reservations become pick tasks, walked bin by bin."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded.holds import Reason
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.fulfilment.models import PickTask, Wave
from warehouse.fulfilment.parcels import hold_parcel, open_parcels
from warehouse.masterdata.models import Bin

READY = ("released", "inspection")


def create_wave(session: Session, actor: Actor, wh_id: int, max_orders: int = 50) -> Wave | None:
    """A wave of up to ``max_orders`` released (or inspection-selected) orders; None if none.

    Set-based: the orders are read (and locked, skipping those another wave is taking on
    PostgreSQL) in one query, their tasks opened in one UPDATE, their parcels' waybills and
    weights read in two queries and the parcels inserted together.
    """
    chosen = session.execute(
        select(RetailOrder, Manifest.status)
        .join(Manifest, Manifest.order_id == RetailOrder.id)
        .where(
            RetailOrder.warehouse_id == wh_id,
            RetailOrder.status == "declared",
            Manifest.status.in_(READY),
        )
        .order_by(RetailOrder.id)
        .limit(max_orders)
        .with_for_update(of=RetailOrder, skip_locked=True)
    ).all()
    if not chosen:
        return None
    orders = [order for order, _status in chosen]
    wave = Wave(warehouse_id=wh_id, status="open")
    session.add(wave)
    session.flush()
    session.execute(
        update(PickTask)
        .where(PickTask.order_id.in_([o.id for o in orders]), PickTask.status == "reserved")
        .values(wave_id=wave.id, status="open")
        .execution_options(synchronize_session="evaluate")
    )
    parcels = open_parcels(session, orders)
    for (order, status), parcel in zip(chosen, parcels, strict=True):
        order.status = "picking"
        if status == "inspection":
            note = "selected for inspection"
            hold_parcel(session, actor, parcel, Reason.CUSTOMS_INSPECTION, note)
    record(session, actor, "wave.create", "wave", wave.id, orders=[o.order_no for o in orders])
    return wave


def tasks_of(session: Session, wave_id: int) -> list[tuple[PickTask, str]]:
    """The wave's tasks in walking order (by bin code), with their bin codes."""
    rows = session.execute(
        select(PickTask, Bin.code)
        .join(Bin, Bin.id == PickTask.bin_id)
        .where(PickTask.wave_id == wave_id)
        .order_by(Bin.code, PickTask.id)
    )
    return [(t, c) for t, c in rows]
