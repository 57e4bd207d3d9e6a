"""Stock abroad reserved for local orders: a reservation is taken at order time by a
conditional UPDATE (``quantity - reserved >= n``), so two orders never get the same unit and
free stock never goes below zero; shipping consumes the reservation, cancelling gives it back.

An allocation is a list of ``[stock row id, sku id, reserved, picked]``.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from warehouse.errors import Conflict
from warehouse.overseas.models import OverseasMovement, OverseasStock
from warehouse.overseas.stock import free, free_rows

Allocation = list[list[int]]


def reserve(
    session: Session, warehouse_id: int, owner_id: int, sku_id: int, qty: int
) -> Allocation:
    """Reserve ``qty`` of the owner's SKU, freest rows first; E_SHORT_STOCK when short (the
    caller's savepoint then drops the part already reserved)."""
    rows = free_rows(session, warehouse_id, owner_id, sku_id)
    out: Allocation = []
    left = qty
    for row in rows:
        step = min(left, row.quantity - row.reserved)
        done = session.execute(
            update(OverseasStock)
            .where(OverseasStock.id == row.id, free() >= step)
            .values(reserved=OverseasStock.reserved + step)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount:  # type: ignore[attr-defined]
            out.append([row.id, sku_id, step, 0])
            left -= step
        if not left:
            return out
    raise Conflict(
        "E_SHORT_STOCK",
        f"Only {qty - left} of {qty} units are free (on hand, not reserved).",
        sku_id=sku_id,
    )


def release(session: Session, allocation: Allocation) -> None:
    for row_id, _sku, qty, _picked in allocation:
        session.execute(
            update(OverseasStock)
            .where(OverseasStock.id == row_id, OverseasStock.reserved >= qty)
            .values(reserved=OverseasStock.reserved - qty)
            .execution_options(synchronize_session=False)
        )


def consume(session: Session, allocation: Allocation, kind: str, ref: str) -> None:
    """The reserved units leave (shipped): quantity and reservation go down together."""
    for row_id, sku_id, qty, _picked in allocation:
        done = session.execute(
            update(OverseasStock)
            .where(
                OverseasStock.id == row_id,
                OverseasStock.reserved >= qty,
                OverseasStock.quantity >= qty,
            )
            .values(quantity=OverseasStock.quantity - qty, reserved=OverseasStock.reserved - qty)
            .execution_options(synchronize_session=False)
        )
        if not done.rowcount:  # type: ignore[attr-defined]
            raise Conflict("E_RESERVATION_LOST", f"Stock row {row_id} no longer holds {qty}.")
        row = session.get_one(OverseasStock, row_id)
        session.add(
            OverseasMovement(
                warehouse_id=row.warehouse_id,
                owner_id=row.owner_id,
                sku_id=sku_id,
                kind=kind,
                quantity=-qty,
                ref=ref[:64],
            )
        )
