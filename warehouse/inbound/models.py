"""Entry declarations (入区申报): what is expected into the zone, line by line, carton by carton."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warehouse.db import Base, UTCDateTime, utcnow


class EntryDeclaration(Base):
    __tablename__ = "entry_declarations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(32), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    status: Mapped[str] = mapped_column(String(16), default="declared")
    inspection_hold_id: Mapped[int | None] = mapped_column(ForeignKey("holds.id"))
    declared_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    lines: Mapped[list[EntryLine]] = relationship(order_by="EntryLine.id")


class EntryLine(Base):
    __tablename__ = "entry_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("entry_declarations.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    lot: Mapped[str] = mapped_column(String(20), default="")
    expiry: Mapped[date | None] = mapped_column(Date(), nullable=True)
    expected: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)
    damaged: Mapped[int] = mapped_column(Integer, default=0)


class EntryCarton(Base):
    """A carton announced with its SSCC: scanning it receives its whole quantity."""

    __tablename__ = "entry_cartons"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("entry_lines.id"), index=True)
    sscc: Mapped[str] = mapped_column(String(18), unique=True)
    quantity: Mapped[int] = mapped_column(Integer)
    received: Mapped[bool] = mapped_column(default=False)
