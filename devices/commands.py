"""Commands to devices (``cmd/tare``), kept in the database until the gateway has sent them.

The API writes a command row; the gateway publishes pending commands and marks them sent once
the broker has them. A command can go out twice after a crash (a tare twice is harmless);
it is never dropped.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from devices.registry import Kind, by_id
from warehouse.access.audit import Actor, record
from warehouse.db import Base, JSONType, UTCDateTime, utcnow
from warehouse.errors import Conflict, NotFound


class DeviceCommand(Base):
    __tablename__ = "device_commands"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.device_id"), index=True)
    site: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONType())
    status: Mapped[str] = mapped_column(String(8), index=True)
    requested_by: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


def request_tare(session: Session, actor: Actor, device_id: str) -> DeviceCommand:
    device = by_id(session, device_id)
    if device is None:
        raise NotFound("E_NO_DEVICE", f"No device {device_id}.")
    if device.kind != Kind.SCALE.value:
        raise Conflict("E_NOT_A_SCALE", f"{device_id} is a {device.kind}, not a scale.")
    command = DeviceCommand(
        device_id=device_id, site=device.site_id, name="tare", payload={"v": 1},
        status="pending", requested_by=actor.name,
    )  # fmt: skip
    session.add(command)
    session.flush()
    record(session, actor, "device.tare_requested", "device", device_id, command=command.pk)
    return command


def pending(session: Session, limit: int = 100) -> list[DeviceCommand]:
    query = select(DeviceCommand).where(DeviceCommand.status == "pending")
    return list(session.scalars(query.order_by(DeviceCommand.pk).limit(limit)))


def mark_sent(session: Session, pk: int) -> None:
    session.execute(
        update(DeviceCommand).where(DeviceCommand.pk == pk).values(status="sent", sent_at=utcnow())
    )
