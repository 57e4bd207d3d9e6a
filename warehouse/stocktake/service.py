"""Stocktake: count a bin by scanning, submit the variances, adjust only on customs approval.

Until customs approves, the book (ledger and stock) stays as it was: a variance is a claim,
not a movement. On approval each variance becomes a ledger entry of kind ``adjust`` and the
stock row moves by the same amount in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import ledger
from warehouse.bonded.stock import CustomsStatus, Status, Stock, put
from warehouse.errors import Conflict, NotFound
from warehouse.masterdata import service as md
from warehouse.stocktake.models import CountLine, CountTask


@dataclass(frozen=True)
class Variance:
    sku_id: int
    lot: str
    book: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.book


def open_count(session: Session, actor: Actor, bin_code: str) -> CountTask:
    bin_ = md.bin_by_code(session, bin_code)
    task = CountTask(warehouse_id=bin_.warehouse_id, bin_id=bin_.id, status="counting")
    session.add(task)
    session.flush()
    for row in session.scalars(
        select(Stock).where(
            Stock.bin_id == bin_.id,
            Stock.status == Status.AVAILABLE.value,
            Stock.customs_status == CustomsStatus.BONDED.value,
            Stock.parcel_id.is_(None),
        )
    ):
        session.add(
            CountLine(
                task_id=task.id,
                stock_id=row.id,
                sku_id=row.sku_id,
                lot=row.lot,
                book=row.quantity,
                counted=0,
            )
        )
    record(session, actor, "count.open", "count_task", task.id, bin=bin_code)
    return task


def task(session: Session, task_id: int) -> CountTask:
    found = session.get(CountTask, task_id)
    if found is None:
        raise NotFound("E_NO_TASK", f"No count task {task_id}.")
    return found


def count(
    session: Session,
    actor: Actor,
    task_id: int,
    sku_code: str,
    qty: int = 1,
    lot: str | None = None,
) -> CountLine:
    """Counted ``qty`` more units of a SKU (a unit scan counts one)."""
    found = task(session, task_id)
    if found.status != "counting":
        raise Conflict("E_COUNT_CLOSED", f"Count {task_id} is {found.status}.")
    sku = md.sku_by_code(session, sku_code)
    line = next(
        (ln for ln in found.lines if ln.sku_id == sku.id and (lot is None or ln.lot == lot)), None
    )
    if line is None:
        line = CountLine(
            task_id=found.id, stock_id=None, sku_id=sku.id, lot=lot or "", book=0, counted=0
        )
        session.add(line)
        session.flush()
    session.execute(
        update(CountLine).where(CountLine.id == line.id).values(counted=CountLine.counted + qty)
    )
    session.refresh(line)
    return line


def submit(session: Session, actor: Actor, task_id: int) -> list[Variance]:
    found = task(session, task_id)
    if found.status != "counting":
        raise Conflict("E_COUNT_CLOSED", f"Count {task_id} is {found.status}.")
    found.status = "submitted"
    variances = variances_of(found)
    record(
        session,
        actor,
        "count.submit",
        "count_task",
        task_id,
        variances=[vars(v) for v in variances],
    )
    return variances


def variances_of(found: CountTask) -> list[Variance]:
    return [
        Variance(ln.sku_id, ln.lot, ln.book, ln.counted)
        for ln in found.lines
        if ln.counted != ln.book
    ]


def decide(session: Session, actor: Actor, task_id: int, approve: bool) -> list[Variance]:
    """Customs approves (the book follows the count) or rejects (recount) the variances."""
    found = task(session, task_id)
    if found.status != "submitted":
        raise Conflict("E_NOT_SUBMITTED", f"Count {task_id} is {found.status}, not submitted.")
    found.status, found.decided_by = ("approved" if approve else "rejected"), actor.name
    variances = variances_of(found)
    if approve:
        for line in found.lines:
            if line.counted != line.book:
                _adjust(session, actor, found, line)
    record(session, actor, "count.decide", "count_task", task_id, approved=approve)
    return variances


def _adjust(session: Session, actor: Actor, found: CountTask, line: CountLine) -> None:
    diff = line.counted - line.book
    item = ledger.item_for(session, found.warehouse_id, line.sku_id)
    if diff > 0 and line.stock_id is None:
        put(
            session,
            warehouse_id=found.warehouse_id,
            bin_id=found.bin_id,
            sku_id=line.sku_id,
            quantity=diff,
            status=Status.AVAILABLE,
            lot=line.lot,
        )
    else:
        done = session.execute(
            update(Stock)
            .where(
                Stock.id == line.stock_id,
                Stock.hold_id.is_(None),
                Stock.quantity + diff >= Stock.reserved,
            )
            .values(quantity=Stock.quantity + diff)
            .execution_options(synchronize_session=False)
        )
        if not done.rowcount:  # type: ignore[attr-defined]
            raise Conflict(
                "E_VARIANCE_RESERVED",
                "The shortfall touches reserved or held units: settle those first.",
            )
    ledger.post(
        session, actor, item.id, ledger.EntryKind.ADJUST, diff, "stocktake", f"COUNT-{found.id}"
    )
