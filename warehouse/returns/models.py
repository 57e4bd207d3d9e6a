"""Tables of the returns centre. Money in fen; photos as bytes with their SHA-256."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime, utcnow


class ReturnRequest(Base):
    """A buyer's return of one parcel (one per parcel), from application to disposition."""

    __tablename__ = "return_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(32), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("retail_orders.id"), unique=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    source: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(20), index=True)
    lines: Mapped[list[list[int]]] = mapped_column(JSONType(), default=list)
    released_at: Mapped[datetime] = mapped_column(UTCDateTime())
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    apply_by: Mapped[datetime] = mapped_column(UTCDateTime())
    arrive_by: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    received_code: Mapped[str | None] = mapped_column(String(200), nullable=True)
    grade: Mapped[str | None] = mapped_column(String(16), nullable=True)
    grade_notes: Mapped[str] = mapped_column(String(500), default="")
    seal_intact: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    consumed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    reasons: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    disposition: Mapped[str | None] = mapped_column(String(20), nullable=True)
    disposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    value_fen: Mapped[int] = mapped_column(Integer, default=0)
    ceb625_xml: Mapped[str | None] = mapped_column(Text(), nullable=True)
    customs_status: Mapped[str | None] = mapped_column(String(16), nullable=True, index=True)
    customs_info: Mapped[str] = mapped_column(String(500), default="")
    declared_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ceb625_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    customs_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ReturnPhoto(Base):
    """A photo of a returned parcel, kept once per content hash."""

    __tablename__ = "return_photos"
    __table_args__ = (UniqueConstraint("return_id", "sha256"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("return_requests.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(32))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary())
    uploaded_by: Mapped[str] = mapped_column(String(96))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class TaxRefund(Base):
    """The tax refunded for restocked goods (the part of the order's tax they bore)."""

    __tablename__ = "return_tax_refunds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    return_id: Mapped[int] = mapped_column(ForeignKey("return_requests.id"), unique=True)
    order_no: Mapped[str] = mapped_column(String(60), index=True)
    buyer_id_number: Mapped[str] = mapped_column(String(18))
    duty_fen: Mapped[int] = mapped_column(Integer)
    ct_fen: Mapped[int] = mapped_column(Integer)
    vat_fen: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    quota_fen: Mapped[int] = mapped_column(Integer)
    year: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16), default="recorded")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    payment_ref: Mapped[str] = mapped_column(String(64), default="")


class Reimport(Base):
    """Exported goods (9610, 9710, 9810) coming back: duty-free within the policy's months."""

    __tablename__ = "reimports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    export_no: Mapped[str] = mapped_column(String(40), index=True)
    trade_mode: Mapped[str] = mapped_column(String(4))
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    returned_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duty_free_until: Mapped[datetime] = mapped_column(UTCDateTime())
    duty_free: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(200), default="")
