"""What a declaration batch writes, and the reservations it plans on rows it has locked.

:class:`~warehouse.customs.prefetch.Prefetched` reads the batch's orders, buyers' years and
free stock with row locks (``FOR UPDATE`` on PostgreSQL), so within the batch the quantities it
read are exact: each order's reservations are planned on them in memory, first expiry first
out, and taken only when the whole order is accepted. A shortage is read again from the
database (the batch's own pending reservations taken off) before the order is refused. At the
end :meth:`Writes.flush` writes the accepted orders' reservations, annual totals and pick tasks
in one executemany each; manifests and orders go with the session's flush.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table, bindparam, insert, select, update
from sqlalchemy.orm import Session

from warehouse.bonded.stock import Stock, free_of, free_stock
from warehouse.customs.models import BuyerYear, RetailOrder
from warehouse.customs.prefetch import FreeRow, Prefetched
from warehouse.errors import Conflict
from warehouse.fulfilment.models import PickTask
from warehouse.masterdata import service as md

_STOCK = cast(Table, Stock.__table__)
_YEARS = cast(Table, BuyerYear.__table__)
#: A planned reservation: the free row it comes from, its SKU, and how many units.
Take = tuple[FreeRow, int, int]


@dataclass
class Writes:
    """The accepted orders' writes, gathered for the end of the batch."""

    reserved: Counter[int] = field(default_factory=Counter)  # stock id -> units
    counted: Counter[tuple[str, int]] = field(default_factory=Counter)  # (id, year) -> fen
    tasks: list[dict[str, Any]] = field(default_factory=list)

    def flush(self, session: Session) -> None:
        conn = session.connection()
        if self.reserved:
            conn.execute(
                update(_STOCK)
                .where(_STOCK.c.id == bindparam("row"))
                .values(reserved=_STOCK.c.reserved + bindparam("units")),
                [{"row": row, "units": n} for row, n in sorted(self.reserved.items())],
            )
        if self.counted:
            conn.execute(
                update(_YEARS)
                .where(_YEARS.c.id_number == bindparam("buyer"), _YEARS.c.year == bindparam("y"))
                .values(total_fen=_YEARS.c.total_fen + bindparam("fen")),
                [{"buyer": b, "y": y, "fen": fen} for (b, y), fen in sorted(self.counted.items())],
            )
        if self.tasks:
            session.execute(insert(PickTask), self.tasks)
        session.flush()


def plan(session: Session, known: Prefetched, writes: Writes, order: RetailOrder) -> list[Take]:
    """Where each line's units come from (FEFO); E_OUT_OF_STOCK when they are not there.

    Nothing moves yet: :func:`reserve` takes the plan once the order is accepted.
    """
    taken: Counter[int] = Counter()  # units this order plans from each row
    takes: list[Take] = []
    for line in order.lines:
        key = (order.warehouse_id, line.sku_id)
        left = _plan_line(known.free.setdefault(key, []), taken, takes, line.sku_id, line.qty)
        if left:
            known.free[key] = _fresh(session, key, writes)
            left = _plan_line(known.free[key], taken, takes, line.sku_id, left)
        if left:
            code = md.sku(session, line.sku_id).code
            raise Conflict(
                "E_OUT_OF_STOCK",
                f"Not enough {code} in stock: {line.qty - left} of {line.qty} free.",
                sku=code,
                wanted=line.qty,
                free=line.qty - left,
            )
    return takes


def _plan_line(
    rows: list[FreeRow], taken: Counter[int], takes: list[Take], sku_id: int, qty: int
) -> int:
    """Plan ``qty`` units of a SKU from its free ``rows``; the units still missing."""
    left = qty
    for row in rows:
        step = min(row[2] - taken[row[0]], left)
        if step <= 0:
            continue
        taken[row[0]] += step
        takes.append((row, sku_id, step))
        left -= step
        if not left:
            break
    return left


def _fresh(session: Session, key: tuple[int, int], writes: Writes) -> list[FreeRow]:
    """The SKU's free rows read again, locked, less the batch's pending reservations."""
    wh_id, sku_id = key
    rows = session.execute(
        select(Stock.id, Stock.bin_id, free_of())
        .where(Stock.warehouse_id == wh_id, Stock.sku_id == sku_id, *free_stock())
        .order_by(Stock.expiry.is_(None), Stock.expiry, Stock.id)
        .with_for_update()
    )
    return [[int(i), int(b), int(free) - writes.reserved[int(i)]] for i, b, free in rows]


def reserve(writes: Writes, order: RetailOrder, takes: list[Take]) -> None:
    """Take an accepted order's plan: the rows' free units go down, its pick tasks are due."""
    per_row: Counter[tuple[int, int, int]] = Counter()
    for row, sku_id, units in takes:
        row[2] -= units
        writes.reserved[row[0]] += units
        per_row[(row[0], row[1], sku_id)] += units
    writes.tasks += [
        {
            "order_id": order.id,
            "sku_id": sku_id,
            "stock_id": stock_id,
            "bin_id": bin_id,
            "qty": units,
            "picked": 0,
            "status": "reserved",
        }
        for (stock_id, bin_id, sku_id), units in per_row.items()
    ]
