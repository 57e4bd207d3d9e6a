"""Tables of the retail import flow: received CEB documents, orders, buyers' annual totals."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warehouse.db import Base, JSONType, UTCDateTime, utcnow


class CebDocument(Base):
    """A CEB message as received (311 order, 411 payment, 511 waybill), one per kind and order."""

    __tablename__ = "ceb_documents"
    __table_args__ = (UniqueConstraint("kind", "order_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    order_no: Mapped[str] = mapped_column(String(60), index=True)
    sender: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RetailOrder(Base):
    """A buyer's order to be served from bonded stock (1210). Money in fen."""

    __tablename__ = "retail_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_no: Mapped[str] = mapped_column(String(60), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    ebp_code: Mapped[str] = mapped_column(String(10))
    ebc_code: Mapped[str] = mapped_column(String(10))
    buyer_name: Mapped[str] = mapped_column(String(60))
    buyer_id_number: Mapped[str] = mapped_column(String(18), index=True)
    status: Mapped[str] = mapped_column(String(16), default="received", index=True)
    treatment: Mapped[str | None] = mapped_column(String(16), nullable=True)
    goods_fen: Mapped[int] = mapped_column(Integer)
    freight_fen: Mapped[int] = mapped_column(Integer)
    discount_fen: Mapped[int] = mapped_column(Integer)
    value_fen: Mapped[int] = mapped_column(Integer, default=0)
    duty_fen: Mapped[int] = mapped_column(Integer, default=0)
    ct_fen: Mapped[int] = mapped_column(Integer, default=0)
    vat_fen: Mapped[int] = mapped_column(Integer, default=0)
    year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)

    lines: Mapped[list[RetailOrderLine]] = relationship(order_by="RetailOrderLine.gnum")


class RetailOrderLine(Base):
    __tablename__ = "retail_order_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("retail_orders.id"), index=True)
    gnum: Mapped[int] = mapped_column(Integer)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    qty: Mapped[int] = mapped_column(Integer)
    price_fen: Mapped[int] = mapped_column(Integer)


class BuyerYear(Base):
    """A buyer's retail import total in one calendar year (fen), moved atomically."""

    __tablename__ = "buyer_years"
    __table_args__ = (UniqueConstraint("id_number", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18))
    year: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer, default=0)


class VerifiedIdentity(Base):
    """Name behind an ID number, as the identity check answered (stands in for the public
    security service; a real adapter of :class:`IdentityRegistry` would ask it)."""

    __tablename__ = "verified_identities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    id_number: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(60))
