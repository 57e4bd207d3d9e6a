"""Tables of fulfilment: pick tasks (reservations), waves, parcels, pack stations, labels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime, utcnow


class Wave(Base):
    __tablename__ = "waves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class PickTask(Base):
    """Stock reserved for an order line in one bin; a pick task once its order is in a wave."""

    __tablename__ = "pick_tasks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("retail_orders.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    stock_id: Mapped[int] = mapped_column(ForeignKey("stock.id"), index=True)
    bin_id: Mapped[int] = mapped_column(ForeignKey("bins.id"))
    qty: Mapped[int] = mapped_column(Integer)
    picked: Mapped[int] = mapped_column(Integer, default=0)
    wave_id: Mapped[int | None] = mapped_column(ForeignKey("waves.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="reserved")


class Parcel(Base):
    """The buyer's parcel: picked goods, packed and weighed, labelled with the waybill."""

    __tablename__ = "parcels"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("retail_orders.id"), unique=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    code: Mapped[str] = mapped_column(String(60), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="picking")
    expected_g: Mapped[int] = mapped_column(Integer, default=0)
    weighed_g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lane: Mapped[str | None] = mapped_column(String(16), nullable=True)
    shipped_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class PackStation(Base):
    """A pack station with its scale: the parcel scanned there last is the one weighed next."""

    __tablename__ = "pack_stations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    parcel_id: Mapped[int | None] = mapped_column(ForeignKey("parcels.id"))


class LabelRequest(Base):
    """A label to print for a parcel: the device gateway renders it and sends the print job."""

    __tablename__ = "label_requests"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parcel_id: Mapped[int] = mapped_column(ForeignKey("parcels.id"), index=True)
    station: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
