"""Count tasks and their lines: what the book says a bin holds, and what was counted."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warehouse.db import Base, UTCDateTime, utcnow


class CountTask(Base):
    """Status: counting -> submitted (variances wait for customs) -> approved | rejected."""

    __tablename__ = "count_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    bin_id: Mapped[int] = mapped_column(ForeignKey("bins.id"))
    status: Mapped[str] = mapped_column(String(16), default="counting")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(String(96), nullable=True)

    lines: Mapped[list[CountLine]] = relationship(order_by="CountLine.id")


class CountLine(Base):
    __tablename__ = "count_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("count_tasks.id"), index=True)
    stock_id: Mapped[int | None] = mapped_column(ForeignKey("stock.id"))
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    lot: Mapped[str] = mapped_column(String(20), default="")
    book: Mapped[int] = mapped_column(Integer)
    counted: Mapped[int] = mapped_column(Integer, default=0)
