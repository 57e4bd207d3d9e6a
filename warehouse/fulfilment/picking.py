"""Picking: reserved units from their shelf into the order's parcel at the pack area.

The shelf row gives up quantity and reservation in one conditional UPDATE; held stock is
refused with E_CUSTOMS_HOLD and stays where it is.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import holds
from warehouse.bonded.stock import Status, Stock, put, take
from warehouse.errors import Conflict, NotFound
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.fulfilment.parcels import parcel_hold
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Bin, Sku
from warehouse.masterdata.zones import Zone


def task_at(session: Session, bin_code: str, sku: Sku) -> PickTask:
    """The open pick task for this SKU in this bin (a handheld scanning without a task)."""
    task = session.scalar(
        select(PickTask)
        .join(Bin, Bin.id == PickTask.bin_id)
        .where(Bin.code == bin_code, PickTask.sku_id == sku.id, PickTask.status == "open")
        .order_by(PickTask.id)
        .limit(1)
    )
    if task is None:
        raise NotFound("E_NO_TASK", f"No open pick of {sku.code} in bin {bin_code}.")
    return task


def pick(
    session: Session,
    actor: Actor,
    task_id: int,
    qty: int = 1,
    bin_code: str | None = None,
    sku_code: str | None = None,
) -> PickTask:
    task = session.get(PickTask, task_id)
    if task is None or task.status not in ("open", "done"):
        raise NotFound("E_NO_TASK", f"No open pick task {task_id}.")
    source = session.get_one(Stock, task.stock_id)
    _check_scan(session, task, bin_code, sku_code)
    if task.status == "done" or qty > task.qty - task.picked:
        raise Conflict("E_OVER_PICK", f"Task {task_id} needs {task.qty - task.picked} more.")
    if source.hold_id is not None:
        raise Conflict(
            "E_CUSTOMS_HOLD", "This stock is on hold: leave it on the shelf.", hold=source.hold_id
        )
    if not take(session, source.id, qty, reserved=True):
        raise Conflict("E_STOCK_CHANGED", "The shelf does not hold the reserved units any more.")
    parcel = session.scalars(select(Parcel).where(Parcel.order_id == task.order_id)).one()
    _into_parcel(session, parcel, source, qty)
    task.picked += qty
    if task.picked == task.qty:
        task.status = "done"
        _maybe_picked(session, parcel)
    record(session, actor, "stock.pick", "pick_task", task.id, qty=qty, parcel=parcel.code)
    return task


def _check_scan(session: Session, task: PickTask, bin_code: str | None, sku: str | None) -> None:
    if bin_code:  # a scan names the bin: it must be the task's
        bin_ = session.get_one(Bin, task.bin_id)
        if bin_code != bin_.code:
            raise Conflict("E_WRONG_BIN", f"Pick from bin {bin_.code}, not {bin_code}.")
    if sku and md.sku_by_code(session, sku).id != task.sku_id:
        raise Conflict("E_WRONG_ITEM", "That is not the item this task picks.")


def _into_parcel(session: Session, parcel: Parcel, source: Stock, qty: int) -> None:
    staging = md.zone_bin(session, parcel.warehouse_id, Zone.STAGING)
    where = {
        "warehouse_id": parcel.warehouse_id,
        "bin_id": staging.id,
        "sku_id": source.sku_id,
        "quantity": qty,
        "status": Status.PICKED,
        "lot": source.lot,
        "expiry": source.expiry,
        "entry_id": source.entry_id,
        "parcel_id": parcel.id,
    }
    hold = parcel_hold(session, parcel)
    if hold is not None:
        holds.put_held(session, hold, **where)
    else:
        put(session, **where)  # type: ignore[arg-type]


def _maybe_picked(session: Session, parcel: Parcel) -> None:
    left = session.scalar(
        select(PickTask.id)
        .where(PickTask.order_id == parcel.order_id, PickTask.status == "open")
        .limit(1)
    )
    if left is None:
        parcel.status = "picked"
