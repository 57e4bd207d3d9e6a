"""Allocation: reserve shelved, unheld bonded stock for an order, first expiry first out.

Each reservation is one conditional UPDATE (``reserved + q`` only where ``quantity - reserved
>= q``), so two workers reserving the same row never oversell; a lost race re-reads and tries
the next row.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.bonded.stock import Stock, free_of, free_stock, reserve, unreserve
from warehouse.errors import Conflict
from warehouse.fulfilment.models import PickTask

MAX_TRIES = 5


def _candidates(session: Session, wh_id: int, sku_id: int) -> list[list[int]]:
    rows = session.execute(
        select(Stock.id, Stock.bin_id, free_of())
        .where(Stock.warehouse_id == wh_id, Stock.sku_id == sku_id, *free_stock())
        .order_by(Stock.expiry.is_(None), Stock.expiry, Stock.id)
    )
    return [[int(a), int(b), int(c)] for a, b, c in rows]


def allocate(
    session: Session,
    order_id: int,
    wh_id: int,
    sku_id: int,
    qty: int,
    sku_code: str,
    hint: list[list[int]] | None = None,
) -> list[PickTask]:
    """Reserve ``qty`` of a SKU for an order; E_OUT_OF_STOCK when there is not enough.

    ``hint``: the SKU's free rows ([stock id, bin id, free]) as a batch read them, tried
    first and kept up to date; the database is read again before anything is refused.
    """
    tasks: list[PickTask] = []
    left = qty
    rows = hint if hint is not None else _candidates(session, wh_id, sku_id)
    for _ in range(MAX_TRIES):
        for row in rows:
            stock_id, bin_id, free = row
            step = min(free, left)
            if not step:
                continue
            if not reserve(session, stock_id, step):
                row[2] = 0  # taken meanwhile: the fresh read below knows better
                continue
            row[2] -= step
            tasks.append(
                PickTask(
                    order_id=order_id,
                    sku_id=sku_id,
                    stock_id=stock_id,
                    bin_id=bin_id,
                    qty=step,
                    picked=0,
                    status="reserved",
                )
            )
            left -= step
            if not left:
                session.add_all(tasks)
                return tasks
        rows = _candidates(session, wh_id, sku_id)
        if hint is not None:
            hint[:] = rows
    raise Conflict(
        "E_OUT_OF_STOCK",
        f"Not enough {sku_code} in stock: {qty - left} of {qty} free.",
        sku=sku_code,
        wanted=qty,
        free=qty - left,
    )


def release_reservations(session: Session, order_id: int) -> None:
    """Give back whatever an order has reserved and not picked."""
    for task in session.scalars(
        select(PickTask).where(
            PickTask.order_id == order_id, PickTask.status.in_(("reserved", "open"))
        )
    ):
        if task.qty > task.picked:
            unreserve(session, task.stock_id, task.qty - task.picked)
        task.status = "cancelled"
