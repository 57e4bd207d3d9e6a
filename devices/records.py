"""What devices sent and what they were answered: one row per (device, msg_id), ever.

The unique (device, msg_id) constraint is what makes delivery effectively-once: a message
redelivered after a crash or a resend finds its row, gets the stored ``ack`` again and changes
nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime


class ScanRecord(Base):
    __tablename__ = "device_scans"
    __table_args__ = (
        UniqueConstraint("device_id", "msg_id"),
        Index("ix_device_scans_station_pk", "station_id", "pk"),
    )

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"))
    msg_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int | None] = mapped_column(Integer)
    site: Mapped[str] = mapped_column(String(32))
    station_id: Mapped[str | None] = mapped_column(String(48))
    op: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(Text)
    symbology: Mapped[str | None] = mapped_column(String(24))
    code_kind: Mapped[str | None] = mapped_column(String(16))
    keys: Mapped[dict[str, str] | None] = mapped_column(JSONType())
    user: Mapped[str | None] = mapped_column(String(64))
    location: Mapped[str | None] = mapped_column(String(64))
    task: Mapped[str | None] = mapped_column(String(64))
    ts: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    result: Mapped[str] = mapped_column(String(8))
    answer_code: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    ack: Mapped[dict[str, Any]] = mapped_column(JSONType())


class WeighingRecord(Base):
    """A stable scale reading, paired with the parcel scanned last at the same station."""

    __tablename__ = "device_weighings"
    __table_args__ = (UniqueConstraint("device_id", "msg_id"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"))
    msg_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int | None] = mapped_column(Integer)
    station_id: Mapped[str | None] = mapped_column(String(48))
    gross_g: Mapped[int] = mapped_column(Integer)
    tare_g: Mapped[int] = mapped_column(Integer)
    ts: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())
    scan_pk: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(Text)
    reply_device: Mapped[str | None] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(8))
    answer_code: Mapped[str] = mapped_column(String(32))
    message: Mapped[str] = mapped_column(Text)
    ack: Mapped[dict[str, Any]] = mapped_column(JSONType())
