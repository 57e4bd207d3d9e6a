"""Tables of the overseas warehouses: warehouses matched to the route network's hubs, bins,
stock per owner (seller) and SKU, movements (the history demand is read from), replenishment
shipments with their lines, local orders and transfers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime, utcnow


class OverseasWarehouse(Base):
    __tablename__ = "overseas_warehouses"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    country: Mapped[str] = mapped_column(String(2))
    hub: Mapped[str] = mapped_column(String(32))
    cargo_classes: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    service_level: Mapped[float] = mapped_column(Float, default=0.95)
    review_days: Mapped[int] = mapped_column(Integer, default=7)


class OverseasBin(Base):
    __tablename__ = "overseas_bins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"), index=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    kind: Mapped[str] = mapped_column(String(16), default="storage")


class OverseasStock(Base):
    __tablename__ = "overseas_stock"
    __table_args__ = (UniqueConstraint("bin_id", "owner_id", "sku_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"), index=True)
    bin_id: Mapped[int] = mapped_column(ForeignKey("overseas_bins.id"))
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"), index=True)
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)  # allocated to local orders


class OverseasMovement(Base):
    """One change of stock abroad; kind ``ship`` (local orders) is the demand history."""

    __tablename__ = "overseas_movements"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), index=True)
    quantity: Mapped[int] = mapped_column(Integer)
    ref: Mapped[str] = mapped_column(String(64), default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


class Replenishment(Base):
    """A 9810 shipment from a Chinese zone to an overseas warehouse, under one bill of lading."""

    __tablename__ = "replenishments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(32), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    origin_hub: Mapped[str] = mapped_column(String(32))
    cargo: Mapped[str] = mapped_column(String(8))
    option: Mapped[str] = mapped_column(String(16))
    weight_kg: Mapped[float] = mapped_column(Float)
    volume_m3: Mapped[float] = mapped_column(Float)
    ready: Mapped[datetime] = mapped_column(UTCDateTime())
    lead_time_h: Mapped[float] = mapped_column(Float)
    quote: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    # the multimodal plan job (no foreign key: its table lives on another migration branch)
    plan_job_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    bol_number: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    sscc: Mapped[str] = mapped_column(String(18), unique=True)
    created_by: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class ReplenishmentLine(Base):
    __tablename__ = "replenishment_lines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    replenishment_id: Mapped[int] = mapped_column(ForeignKey("replenishments.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    received: Mapped[int] = mapped_column(Integer, default=0)


class LocalOrder(Base):
    """A buyer's order abroad, served from the overseas warehouse's stock."""

    __tablename__ = "overseas_orders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(40), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    status: Mapped[str] = mapped_column(String(16), index=True)
    lines: Mapped[list[list[int]]] = mapped_column(JSONType(), default=list)
    label: Mapped[str | None] = mapped_column(String(40), nullable=True, unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # [[stock row id, sku id, qty reserved, qty picked], ...]
    allocation: Mapped[list[list[int]]] = mapped_column(JSONType(), default=list)


class Transfer(Base):
    __tablename__ = "overseas_transfers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(32), unique=True)
    from_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"))
    to_id: Mapped[int] = mapped_column(ForeignKey("overseas_warehouses.id"), index=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("enterprises.id"))
    lines: Mapped[list[list[int]]] = mapped_column(JSONType(), default=list)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    label: Mapped[str | None] = mapped_column(String(40), nullable=True, unique=True)
