"""Stock abroad: quantities per bin, owner and SKU, moved by atomic conditional UPDATEs, each
change written as a movement (the history that demand and stock cover are read from)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, func, select, update
from sqlalchemy.orm import Session

from warehouse.db import utcnow
from warehouse.errors import Conflict, NotFound
from warehouse.overseas.models import (
    OverseasBin,
    OverseasMovement,
    OverseasStock,
    OverseasWarehouse,
)

KINDS = ("receive", "ship", "return", "transfer_out", "transfer_in", "adjust")


def free() -> ColumnElement[int]:
    """Units on a row not reserved for a local order."""
    return OverseasStock.quantity - OverseasStock.reserved


def warehouse(session: Session, code: str) -> OverseasWarehouse:
    found = session.scalar(select(OverseasWarehouse).where(OverseasWarehouse.code == code))
    if found is None:
        raise NotFound("E_UNKNOWN_OVERSEAS_WAREHOUSE", f"No overseas warehouse {code!r}.")
    return found


def bin_of(
    session: Session, warehouse_id: int, code: str | None, kind: str = "storage"
) -> OverseasBin:
    """The named bin of the warehouse, else its first bin of ``kind``."""
    query = select(OverseasBin).where(OverseasBin.warehouse_id == warehouse_id)
    query = query.where(OverseasBin.code == code) if code else query.where(OverseasBin.kind == kind)
    found = session.scalar(query.order_by(OverseasBin.id).limit(1))
    if found is None:
        raise NotFound("E_UNKNOWN_BIN", f"No bin {code or kind!r} in this overseas warehouse.")
    return found


def _move(
    session: Session, row: OverseasStock, kind: str, qty: int, ref: str, at: datetime | None
) -> None:
    session.add(
        OverseasMovement(
            warehouse_id=row.warehouse_id,
            owner_id=row.owner_id,
            sku_id=row.sku_id,
            kind=kind,
            quantity=qty,
            ref=ref[:64],
            at=at or utcnow(),
        )
    )


def put(
    session: Session,
    bin_: OverseasBin,
    owner_id: int,
    sku_id: int,
    qty: int,
    kind: str,
    ref: str,
    at: datetime | None = None,
) -> None:
    key = (
        OverseasStock.bin_id == bin_.id,
        OverseasStock.owner_id == owner_id,
        OverseasStock.sku_id == sku_id,
    )
    row = session.scalar(select(OverseasStock).where(*key))
    if row is None:
        row = OverseasStock(
            warehouse_id=bin_.warehouse_id,
            bin_id=bin_.id,
            owner_id=owner_id,
            sku_id=sku_id,
            quantity=0,
        )
        session.add(row)
        session.flush()
    session.execute(update(OverseasStock).where(*key).values(quantity=OverseasStock.quantity + qty))
    _move(session, row, kind, qty, ref, at)


def free_rows(
    session: Session, warehouse_id: int, owner_id: int, sku_id: int
) -> Sequence[OverseasStock]:
    """The owner's rows of a SKU with units not reserved, freest first (read afresh)."""
    return session.scalars(
        select(OverseasStock)
        .where(
            OverseasStock.warehouse_id == warehouse_id,
            OverseasStock.owner_id == owner_id,
            OverseasStock.sku_id == sku_id,
            free() > 0,
        )
        .order_by(free().desc(), OverseasStock.id)
        .execution_options(populate_existing=True)
    ).all()


def take(
    session: Session, warehouse_id: int, owner_id: int, sku_id: int, qty: int, kind: str, ref: str
) -> None:
    """Take ``qty`` of free (unreserved) stock from the owner's rows, freest first; refuse
    when short, never touching units reserved for local orders."""
    rows = free_rows(session, warehouse_id, owner_id, sku_id)
    left = qty
    for row in rows:
        step = min(left, row.quantity - row.reserved)
        done = session.execute(
            update(OverseasStock)
            .where(OverseasStock.id == row.id, free() >= step)
            .values(quantity=OverseasStock.quantity - step)
            .execution_options(synchronize_session=False)
        )
        if done.rowcount:  # type: ignore[attr-defined]
            _move(session, row, kind, -step, ref, None)
            left -= step
        if not left:
            return
    raise Conflict("E_SHORT_STOCK", f"Only {qty - left} of {qty} units are in stock.")


def on_hand(
    session: Session, warehouse_id: int, owner_id: int | None = None, sku_id: int | None = None
) -> dict[tuple[int, int], int]:
    """Units per (owner, SKU) in a warehouse."""
    query = select(OverseasStock.owner_id, OverseasStock.sku_id, func.sum(OverseasStock.quantity))
    query = query.where(OverseasStock.warehouse_id == warehouse_id)
    if owner_id is not None:
        query = query.where(OverseasStock.owner_id == owner_id)
    if sku_id is not None:
        query = query.where(OverseasStock.sku_id == sku_id)
    rows = session.execute(query.group_by(OverseasStock.owner_id, OverseasStock.sku_id))
    return {(o, s): int(q or 0) for o, s, q in rows}


def reserved_units(session: Session, warehouse_id: int, owner_id: int, sku_id: int) -> int:
    """Units of an owner's SKU on the shelves but promised to local orders not yet shipped."""
    total = session.scalar(
        select(func.coalesce(func.sum(OverseasStock.reserved), 0)).where(
            OverseasStock.warehouse_id == warehouse_id,
            OverseasStock.owner_id == owner_id,
            OverseasStock.sku_id == sku_id,
        )
    )
    return int(total or 0)
