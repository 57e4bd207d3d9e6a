"""Picking: reserved units from their shelf into the order's parcel at the pack area.

The shelf row gives up quantity and reservation in one conditional UPDATE; held stock is
refused with E_CUSTOMS_HOLD and stays where it is.
"""

from __future__ import annotations

from sqlalchemy import and_, exists, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from warehouse.access.audit import Actor, record
from warehouse.bonded import holds
from warehouse.bonded.stock import Status, Stock, put, take
from warehouse.errors import Conflict, NotFound
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Bin, Sku
from warehouse.masterdata.zones import Zone
from warehouse.sql import one_of


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
    """Pick ``qty`` of a task into its order's parcel.

    The task's row, then its parcel's, are locked for the scan (FOR UPDATE on PostgreSQL), so
    two scans of one task never lose a unit and the last task of a parcel marks it picked even
    when several pickers finish its tasks at once.
    """
    found = session.execute(
        select(PickTask, Stock, Bin.code)
        .join(Stock, Stock.id == PickTask.stock_id)
        .join(Bin, Bin.id == PickTask.bin_id)
        .where(PickTask.id == task_id)
        .with_for_update(of=PickTask)
        .execution_options(populate_existing=True)
    ).one_or_none()
    if found is None or found[0].status not in ("open", "done"):
        raise NotFound("E_NO_TASK", f"No open pick task {task_id}.")
    task, source, task_bin = found
    check_scan(session, task, task_bin, bin_code, sku_code)
    if task.status == "done" or qty > task.qty - task.picked:
        raise Conflict("E_OVER_PICK", f"Task {task_id} needs {task.qty - task.picked} more.")
    if source.hold_id is not None:
        raise Conflict(
            "E_CUSTOMS_HOLD", "This stock is on hold: leave it on the shelf.", hold=source.hold_id
        )
    if not take(session, source.id, qty, reserved=True):
        raise Conflict("E_STOCK_CHANGED", "The shelf does not hold the reserved units any more.")
    parcel, hold, staging = _parcel_of(session, task.order_id)
    _into_parcel(session, parcel, hold, staging, source, qty)
    task.picked += qty
    if task.picked == task.qty:
        task.status = "done"
        _maybe_picked(session, parcel)
    record(session, actor, "stock.pick", "pick_task", task.id, qty=qty, parcel=parcel.code)
    return task


def _parcel_of(session: Session, order_id: int) -> tuple[Parcel, holds.Hold | None, int]:
    """The order's parcel, locked, with an active hold on it if there is one, and the id of
    its warehouse's staging bin."""
    found = parcels_of(session, [order_id]).get(order_id)
    if found is None:
        raise NotFound("E_NO_PARCEL", "The order of this task has no parcel.")
    parcel, hold, staging = found
    return parcel, hold, staging_bin(session, parcel, staging)


def parcels_of(
    session: Session, order_ids: list[int]
) -> dict[int, tuple[Parcel, holds.Hold | None, int | None]]:
    """The orders' parcels, locked, each with its first active hold (or None) and the id of
    its warehouse's staging bin (the first, as ``masterdata.zone_bin`` chooses; None if none),
    in one query."""
    held = and_(
        holds.Hold.subject_type == "parcel",
        holds.Hold.subject_id == Parcel.code,
        holds.Hold.active.is_(True),
    )
    staging = (
        select(Bin.id)
        .where(Bin.warehouse_id == Parcel.warehouse_id, Bin.zone == Zone.STAGING.value)
        .order_by(Bin.id)
        .limit(1)
        .correlate(Parcel)
        .scalar_subquery()
    )
    rows = session.execute(
        select(Parcel, holds.Hold, staging)
        .outerjoin(holds.Hold, held)
        .where(one_of(session, Parcel.order_id, order_ids))
        .order_by(Parcel.id, holds.Hold.id)
        .with_for_update(of=Parcel)
        .execution_options(populate_existing=True)
    ).all()
    found: dict[int, tuple[Parcel, holds.Hold | None, int | None]] = {}
    for parcel, hold, staging_id in rows:
        found.setdefault(parcel.order_id, (parcel, hold, staging_id))
    return found


def staging_bin(session: Session, parcel: Parcel, staging: int | None) -> int:
    """The staging bin read with the parcel, else ``E_NO_ZONE`` from master data."""
    if staging is None:
        return md.zone_bin(session, parcel.warehouse_id, Zone.STAGING).id
    return int(staging)


def check_scan(
    session: Session, task: PickTask, task_bin: str, bin_code: str | None, sku: str | None
) -> None:
    """A scan that names the bin or the item must name the task's; the item is looked up as
    master data does (SKU code or GTIN of any length): an unknown one is ``E_UNKNOWN_SKU``."""
    if bin_code and bin_code != task_bin:
        raise Conflict("E_WRONG_BIN", f"Pick from bin {task_bin}, not {bin_code}.")
    if sku and md.sku_by_code(session, sku).id != task.sku_id:
        raise Conflict("E_WRONG_ITEM", "That is not the item this task picks.")


def _into_parcel(
    session: Session, parcel: Parcel, hold: holds.Hold | None, staging: int, source: Stock, qty: int
) -> None:
    where = {
        "warehouse_id": parcel.warehouse_id,
        "bin_id": staging,
        "sku_id": source.sku_id,
        "quantity": qty,
        "status": Status.PICKED,
        "lot": source.lot,
        "expiry": source.expiry,
        "entry_id": source.entry_id,
        "parcel_id": parcel.id,
    }
    if hold is not None:
        holds.put_held(session, hold, **where)
    else:
        put(session, **where)  # type: ignore[arg-type]


def _maybe_picked(session: Session, parcel: Parcel) -> None:
    """The parcel is picked once no task of its order is open (one conditional UPDATE)."""
    still_open = exists().where(PickTask.order_id == parcel.order_id, PickTask.status == "open")
    done = session.execute(
        update(Parcel)
        .where(Parcel.id == parcel.id, ~still_open)
        .values(status="picked")
        .returning(Parcel.id)
        .execution_options(synchronize_session=False)
    ).first()
    if done is not None:
        set_committed_value(parcel, "status", "picked")
