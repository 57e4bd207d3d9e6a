"""Physical stock: what lies in which bin, in which state, under which customs status.

A row is a quantity of one SKU (and lot) in one bin with one status; a row under a hold has
``hold_id`` set and cannot be reserved, picked, moved or written off. Quantities change only
through atomic conditional UPDATEs (``... WHERE quantity - reserved >= :q``), so concurrent
workers can neither oversell nor lose an update, on PostgreSQL as on SQLite.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import Date, ForeignKey, Integer, String, func, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.attributes import set_committed_value

from warehouse.db import Base


class Status(StrEnum):
    RECEIVED = "received"  # in the receiving area, waiting for putaway
    AVAILABLE = "available"  # on a storage shelf
    PICKED = "picked"  # in a parcel, between pick and gate
    SHIPPED = "shipped"  # left through the gate (written off)
    DESTROYED = "destroyed"


class CustomsStatus(StrEnum):
    BONDED = "bonded"  # foreign goods under bond: counted by the ledger
    WRITTEN_OFF = "written_off"  # released to a buyer and written off the ledger
    DESTROYED = "destroyed"
    RETURNED_ABROAD = "returned_abroad"  # sent back abroad (退运) and off the ledger


class Stock(Base):
    __tablename__ = "stock"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    bin_id: Mapped[int] = mapped_column(ForeignKey("bins.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"), index=True)
    lot: Mapped[str] = mapped_column(String(20), default="")
    expiry: Mapped[date | None] = mapped_column(Date(), nullable=True)
    status: Mapped[str] = mapped_column(String(16))
    customs_status: Mapped[str] = mapped_column(String(16), default=CustomsStatus.BONDED.value)
    quantity: Mapped[int] = mapped_column(Integer)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    entry_id: Mapped[int | None] = mapped_column(ForeignKey("entry_declarations.id"))
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"), index=True)
    hold_id: Mapped[int | None] = mapped_column(ForeignKey("holds.id"), index=True)


def put(
    session: Session,
    *,
    warehouse_id: int,
    bin_id: int,
    sku_id: int,
    quantity: int,
    status: Status,
    lot: str = "",
    expiry: date | None = None,
    entry_id: int | None = None,
    parcel_id: int | None = None,
    hold_id: int | None = None,
) -> Stock:
    """Add ``quantity`` to the matching row of a bin, or start a row."""
    key = {
        "warehouse_id": warehouse_id,
        "bin_id": bin_id,
        "sku_id": sku_id,
        "lot": lot,
        "expiry": expiry,
        "status": status.value,
        "entry_id": entry_id,
        "parcel_id": parcel_id,
        "hold_id": hold_id,
        "customs_status": CustomsStatus.BONDED.value,
    }
    row = session.scalar(
        select(Stock)
        .where(
            *[
                getattr(Stock, k).is_(v) if v is None else getattr(Stock, k) == v
                for k, v in key.items()
            ]
        )
        .limit(1)
    )
    if row is None:
        row = Stock(**key, quantity=quantity, reserved=0)
        session.add(row)
        session.flush()
        return row
    total = session.execute(
        update(Stock)
        .where(Stock.id == row.id)
        .values(quantity=Stock.quantity + quantity)
        .returning(Stock.quantity)
        .execution_options(synchronize_session=False)
    ).scalar_one()
    set_committed_value(row, "quantity", total)
    return row


def take(session: Session, row_id: int, quantity: int, *, reserved: bool) -> bool:
    """Remove ``quantity`` from an unheld row (from its reservation when ``reserved``)."""
    free = Stock.reserved >= quantity if reserved else Stock.quantity - Stock.reserved >= quantity
    values = {"quantity": Stock.quantity - quantity}
    if reserved:
        values["reserved"] = Stock.reserved - quantity
    done = session.execute(
        update(Stock)
        .where(Stock.id == row_id, Stock.hold_id.is_(None), Stock.quantity >= quantity, free)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def reserve(session: Session, row_id: int, quantity: int) -> bool:
    """Reserve free, unheld, shelved stock; False when someone else took it first."""
    done = session.execute(
        update(Stock)
        .where(
            Stock.id == row_id,
            Stock.hold_id.is_(None),
            Stock.status == Status.AVAILABLE.value,
            Stock.quantity - Stock.reserved >= quantity,
        )
        .values(reserved=Stock.reserved + quantity)
        .execution_options(synchronize_session=False)
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def unreserve(session: Session, row_id: int, quantity: int) -> None:
    session.execute(
        update(Stock)
        .where(Stock.id == row_id, Stock.reserved >= quantity)
        .values(reserved=Stock.reserved - quantity)
        .execution_options(synchronize_session=False)
    )


def bin_load(session: Session, bin_id: int) -> int:
    """Units lying in a bin now (any status that is still in the warehouse)."""
    total = session.scalar(
        select(func.coalesce(func.sum(Stock.quantity), 0)).where(
            Stock.bin_id == bin_id, Stock.customs_status == CustomsStatus.BONDED.value
        )
    )
    return int(total or 0)


def rows_of_parcel(session: Session, parcel_id: int) -> list[Stock]:
    return list(
        session.scalars(
            select(Stock).where(Stock.parcel_id == parcel_id, Stock.quantity > 0).order_by(Stock.id)
        )
    )


def free_of() -> Any:
    """Units of a stock row not reserved for an order."""
    return Stock.quantity - Stock.reserved


def free_stock() -> tuple[Any, ...]:
    """Shelved, unheld, bonded stock with some of it not reserved."""
    return (
        Stock.status == Status.AVAILABLE.value,
        Stock.hold_id.is_(None),
        Stock.customs_status == CustomsStatus.BONDED.value,
        free_of() > 0,
    )
