"""Pick scans uploaded together: a handheld in batch mode, or a cart's picks confirmed at the
pack area. The rules are a single scan's (:func:`warehouse.fulfilment.picking.pick`); each scan
gets its own answer, and a refused scan changes nothing.

The batch's tasks and their source rows are read and locked (``FOR UPDATE`` on PostgreSQL) in
one query, their parcels with active holds and staging bins in another, so the checks run on
rows no one else can change until the commit. The writes go set-based: one executemany each for
the shelves given up, the parcel rows added to, the parcel rows started and the tasks, then one
conditional UPDATE marking picked every parcel of the batch with no open task left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from warehouse.access.audit import Actor, record
from warehouse.bonded import holds
from warehouse.bonded.stock import CustomsStatus, Status, Stock
from warehouse.errors import Conflict, DomainError, NotFound
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.fulfilment.picking import check_scan, parcels_of, staging_bin
from warehouse.masterdata.models import Bin
from warehouse.sql import one_of

_Key = tuple[int, int, int, int, str, date | None, int | None]  # parcel, wh, bin, sku, lot...
_STOCK = cast(Table, Stock.__table__)
_TASKS = cast(Table, PickTask.__table__)


@dataclass(frozen=True)
class PickScan:
    """One pick scan: the task, the units, and the bin and item scanned when the scan names them."""

    task_id: int
    qty: int = 1
    bin_code: str | None = None
    sku_code: str | None = None


@dataclass
class _Moves:
    """What the batch's accepted scans move, written at the end."""

    taken: Counter[int] = field(default_factory=Counter)  # source row id -> units
    put: Counter[_Key] = field(default_factory=Counter)  # parcel row key -> units
    tasks: dict[int, PickTask] = field(default_factory=dict)
    finished: set[int] = field(default_factory=set)  # parcels with a task done


def pick_batch(
    session: Session, actor: Actor, scans: Sequence[PickScan]
) -> list[PickTask | DomainError]:
    """Pick every scan's units into its order's parcel; each scan answered on its own."""
    tasks = _tasks(session, sorted({s.task_id for s in scans}))
    parcels = parcels_of(session, sorted({t.order_id for t, _s, _b in tasks.values()}))
    moves = _Moves()
    results: list[PickTask | DomainError] = []
    for scan in scans:
        try:
            results.append(_one(session, actor, scan, tasks, parcels, moves))
        except DomainError as exc:
            results.append(exc)
    _write(session, moves)
    return results


def _one(
    session: Session,
    actor: Actor,
    scan: PickScan,
    tasks: dict[int, tuple[PickTask, Stock, str]],
    parcels: dict[int, tuple[Parcel, holds.Hold | None, int | None]],
    moves: _Moves,
) -> PickTask:
    found = tasks.get(scan.task_id)
    if found is None or found[0].status not in ("open", "done"):
        raise NotFound("E_NO_TASK", f"No open pick task {scan.task_id}.")
    task, source, task_bin = found
    check_scan(session, task, task_bin, scan.bin_code, scan.sku_code)
    if task.status == "done" or scan.qty > task.qty - task.picked:
        raise Conflict("E_OVER_PICK", f"Task {task.id} needs {task.qty - task.picked} more.")
    if source.hold_id is not None:
        raise Conflict(
            "E_CUSTOMS_HOLD", "This stock is on hold: leave it on the shelf.", hold=source.hold_id
        )
    if source.reserved < scan.qty or source.quantity < scan.qty:
        raise Conflict("E_STOCK_CHANGED", "The shelf does not hold the reserved units any more.")
    if task.order_id not in parcels:
        raise NotFound("E_NO_PARCEL", "The order of this task has no parcel.")
    parcel, hold, known_staging = parcels[task.order_id]
    staging = staging_bin(session, parcel, known_staging)
    _take(source, scan.qty, moves)
    _into_parcel(session, parcel, hold, staging, source, scan.qty, moves)
    set_committed_value(task, "picked", task.picked + scan.qty)
    if task.picked == task.qty:
        set_committed_value(task, "status", "done")
        moves.finished.add(parcel.id)
    moves.tasks[task.id] = task
    record(session, actor, "stock.pick", "pick_task", task.id, qty=scan.qty, parcel=parcel.code)
    return task


def _take(source: Stock, qty: int, moves: _Moves) -> None:
    set_committed_value(source, "quantity", source.quantity - qty)
    set_committed_value(source, "reserved", source.reserved - qty)
    moves.taken[source.id] += qty


def _into_parcel(
    session: Session,
    parcel: Parcel,
    hold: holds.Hold | None,
    staging: int,
    source: Stock,
    qty: int,
    moves: _Moves,
) -> None:
    if hold is not None:  # rare: goes under the hold (and frozen on the ledger) at once
        holds.put_held(
            session,
            hold,
            warehouse_id=parcel.warehouse_id,
            bin_id=staging,
            sku_id=source.sku_id,
            quantity=qty,
            status=Status.PICKED,
            lot=source.lot,
            expiry=source.expiry,
            entry_id=source.entry_id,
            parcel_id=parcel.id,
        )
        return
    key = (parcel.id, parcel.warehouse_id, staging, source.sku_id, source.lot, source.expiry)
    moves.put[(*key, source.entry_id)] += qty


def _tasks(session: Session, ids: list[int]) -> dict[int, tuple[PickTask, Stock, str]]:
    """The tasks, their source rows (locked, in id order) and the bins they pick from."""
    rows = session.execute(
        select(PickTask, Stock, Bin.code)
        .join(Stock, Stock.id == PickTask.stock_id)
        .join(Bin, Bin.id == PickTask.bin_id)
        .where(one_of(session, PickTask.id, ids))
        .order_by(PickTask.id)
        .with_for_update(of=(PickTask, Stock))
        .execution_options(populate_existing=True)
    ).all()
    return {task.id: (task, source, bin_code) for task, source, bin_code in rows}


def _write(session: Session, moves: _Moves) -> None:
    conn = session.connection()
    if moves.taken:
        conn.execute(
            update(_STOCK)
            .where(_STOCK.c.id == bindparam("row"))
            .values(
                quantity=_STOCK.c.quantity - bindparam("units"),
                reserved=_STOCK.c.reserved - bindparam("units"),
            ),
            [{"row": row, "units": units} for row, units in moves.taken.items()],
        )
    _put(session, moves.put)
    if moves.tasks:
        conn.execute(
            update(_TASKS)
            .where(_TASKS.c.id == bindparam("task"))
            .values(picked=bindparam("done"), status=bindparam("state")),
            [{"task": t.id, "done": t.picked, "state": t.status} for t in moves.tasks.values()],
        )
    _mark_picked(session, moves.finished)


def _put(session: Session, put: Counter[_Key]) -> None:
    """Add to the parcels' picked rows: matching rows grow, the others start."""
    if not put:
        return
    existing = _existing(session, sorted({key[0] for key in put}))
    grow = [{"row": existing[k], "units": n} for k, n in put.items() if k in existing]
    start = [_row(k, n) for k, n in put.items() if k not in existing]
    conn = session.connection()
    if grow:
        conn.execute(
            update(_STOCK)
            .where(_STOCK.c.id == bindparam("row"))
            .values(quantity=_STOCK.c.quantity + bindparam("units")),
            grow,
        )
    if start:
        conn.execute(insert(_STOCK), start)


def _existing(session: Session, parcel_ids: list[int]) -> dict[_Key, int]:
    """The unheld, bonded picked rows of these parcels, by their key."""
    rows = session.execute(
        select(
            Stock.parcel_id,
            Stock.warehouse_id,
            Stock.bin_id,
            Stock.sku_id,
            Stock.lot,
            Stock.expiry,
            Stock.entry_id,
            Stock.id,
        )
        .where(
            one_of(session, Stock.parcel_id, parcel_ids),
            Stock.status == Status.PICKED.value,
            Stock.hold_id.is_(None),
            Stock.customs_status == CustomsStatus.BONDED.value,
        )
        .order_by(Stock.id)
    ).all()
    found: dict[_Key, int] = {}
    for *key, row_id in rows:
        found.setdefault(tuple(key), row_id)  # type: ignore[arg-type]
    return found


def _row(key: _Key, quantity: int) -> dict[str, Any]:
    parcel_id, warehouse_id, bin_id, sku_id, lot, expiry, entry_id = key
    return {
        "warehouse_id": warehouse_id,
        "bin_id": bin_id,
        "sku_id": sku_id,
        "lot": lot,
        "expiry": expiry,
        "status": Status.PICKED.value,
        "customs_status": CustomsStatus.BONDED.value,
        "quantity": quantity,
        "reserved": 0,
        "entry_id": entry_id,
        "parcel_id": parcel_id,
        "hold_id": None,
    }


def _mark_picked(session: Session, parcel_ids: set[int]) -> None:
    """Parcels with no open task left are picked (one conditional UPDATE)."""
    if not parcel_ids:
        return
    still_open = exists().where(PickTask.order_id == Parcel.order_id, PickTask.status == "open")
    done = session.scalars(
        update(Parcel)
        .where(one_of(session, Parcel.id, sorted(parcel_ids)), ~still_open)
        .values(status="picked")
        .returning(Parcel.id)
        .execution_options(synchronize_session=False)
    ).all()
    for parcel_id in done:
        parcel = session.identity_map.get(session.identity_key(Parcel, parcel_id))
        if isinstance(parcel, Parcel):
            set_committed_value(parcel, "status", "picked")
