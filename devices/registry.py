"""The device registry: sites, stations and the devices on them, with their live state.

A device's id is also its MQTT client id and broker username. Its state (``online`` or
``offline``) comes from its retained ``state`` topic and its last will; ``last_seen`` from any
message it sends. ``secret_hash`` holds the broker password in Mosquitto's own format, so the
broker's password file can be written from the registry without keeping the password.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from warehouse.access.audit import Actor, record
from warehouse.db import Base, UTCDateTime, utcnow


class Kind(StrEnum):
    SCANNER = "scanner"
    SCALE = "scale"
    PRINTER = "printer"


#: The event each kind sends, used to enrol a device the registry does not know yet.
KIND_OF_EVENT = {"evt/scan": Kind.SCANNER, "evt/weight": Kind.SCALE, "evt/printed": Kind.PRINTER}


class Site(Base):
    __tablename__ = "device_sites"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), default="")


class Station(Base):
    """A place where people work with devices together: a pack station, a receiving dock."""

    __tablename__ = "device_stations"

    id: Mapped[str] = mapped_column(String(48), primary_key=True)
    site_id: Mapped[str] = mapped_column(ForeignKey("device_sites.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="pack")
    name: Mapped[str] = mapped_column(String(128), default="")


class Device(Base):
    __tablename__ = "devices"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(16))
    site_id: Mapped[str] = mapped_column(ForeignKey("device_sites.id"), index=True)
    station_id: Mapped[str | None] = mapped_column(ForeignKey("device_stations.id"), index=True)
    state: Mapped[str] = mapped_column(String(16), default="unknown")
    state_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime())
    battery: Mapped[int | None] = mapped_column(Integer)
    fw: Mapped[str | None] = mapped_column(String(32))
    secret_hash: Mapped[str | None] = mapped_column(String(256))
    enrolled_by: Mapped[str] = mapped_column(String(16), default="registry")
    missing: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@dataclass(frozen=True)
class NewDevice:
    device_id: str
    kind: Kind
    site: str
    station: str | None = None
    secret_hash: str | None = None


def ensure_site(session: Session, site: str) -> None:
    if session.get(Site, site) is None:
        session.add(Site(id=site, name=site))
        session.flush()


def ensure_station(session: Session, station: str, site: str, kind: str = "pack") -> None:
    ensure_site(session, site)
    if session.get(Station, station) is None:
        session.add(Station(id=station, site_id=site, kind=kind, name=station))
        session.flush()


def register(session: Session, actor: Actor, new: NewDevice) -> Device:
    """Add a device (or update its kind, site, station and secret); audited."""
    ensure_site(session, new.site)
    if new.station:
        ensure_station(session, new.station, new.site)
    device = by_id(session, new.device_id)
    if device is None:
        device = Device(device_id=new.device_id, kind=new.kind.value, site_id=new.site)
        session.add(device)
    device.kind, device.site_id, device.station_id = new.kind.value, new.site, new.station
    device.enrolled_by = "registry"
    if new.secret_hash:
        device.secret_hash = new.secret_hash
    session.flush()
    record(
        session,
        actor,
        "device.registered",
        "device",
        new.device_id,
        kind=new.kind.value,
        site=new.site,
        station=new.station,
    )
    return device


def by_id(session: Session, device_id: str) -> Device | None:
    return session.scalar(select(Device).where(Device.device_id == device_id))


def enrol_unknown(session: Session, seen: Mapping[str, tuple[str, Kind]]) -> list[str]:
    """Add devices that sent messages without being registered; returns their ids.

    Only an anonymous broker lets such devices in (production brokers take the password and
    ACL files written from this registry); they are recorded and audited, never refused,
    so that their scans are kept.
    """
    known = set(session.scalars(select(Device.device_id).where(Device.device_id.in_(seen))))
    added = []
    for device_id, (site, kind) in seen.items():
        if device_id in known:
            continue
        ensure_site(session, site)
        session.add(
            Device(device_id=device_id, kind=kind.value, site_id=site, enrolled_by="gateway")
        )
        record(
            session,
            Actor("gateway", device_id),
            "device.enrolled",
            "device",
            device_id,
            kind=kind.value,
            site=site,
        )
        added.append(device_id)
    if added:
        session.flush()
    return added


def touch(session: Session, last_seen: Mapping[str, datetime]) -> None:
    """Move ``last_seen`` forward for devices that just sent something."""
    for device_id, at in last_seen.items():
        session.execute(
            update(Device)
            .where(Device.device_id == device_id)
            .where((Device.last_seen.is_(None)) | (Device.last_seen < at))
            .values(last_seen=at)
            .execution_options(synchronize_session=False)
        )


@dataclass(frozen=True)
class StateReport:
    device: str
    site: str
    state: str
    kind: str | None
    fw: str | None
    battery: int | None
    at: datetime


def apply_states(session: Session, reports: Iterable[StateReport]) -> None:
    """Record each device's latest announced state (online, offline) in arrival order."""
    for report in reports:
        values: dict[str, object] = {"state": report.state, "state_at": report.at}
        if report.fw is not None:
            values["fw"] = report.fw
        if report.battery is not None:
            values["battery"] = report.battery
        session.execute(update(Device).where(Device.device_id == report.device).values(values))


def station_of(session: Session, device_id: str) -> str | None:
    return session.scalar(select(Device.station_id).where(Device.device_id == device_id))


def printers_at(session: Session, station: str) -> list[Device]:
    """The station's printers, online ones first."""
    rows = session.scalars(
        select(Device)
        .where(Device.station_id == station, Device.kind == Kind.PRINTER.value)
        .order_by(Device.device_id)
    ).all()
    return sorted(rows, key=lambda d: d.state != "online")
