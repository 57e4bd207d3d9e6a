"""Tables of the hub: its site, inbound containers and packages, staging lanes, outbound
loads and their containers, and the customs transit records. Weights in grams, lengths in mm.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.db import Base, JSONType, UTCDateTime, utcnow


class HubSite(Base):
    """A hub at a masterdata site: its GLN (read points) and the GS1 prefix for its SSCCs."""

    __tablename__ = "hub_sites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), unique=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    gln: Mapped[str] = mapped_column(String(13))
    company_prefix: Mapped[str] = mapped_column(String(12))
    link_base: Mapped[str] = mapped_column(String(200))


class InboundContainer(Base):
    __tablename__ = "hub_inbound_containers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hub_sites.id"), index=True)
    container_no: Mapped[str] = mapped_column(String(11), index=True)
    seal: Mapped[str] = mapped_column(String(32))
    sscc: Mapped[str] = mapped_column(String(18), unique=True)
    manifest_no: Mapped[str] = mapped_column(String(64))
    vessel: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="arrived")  # devanning, devanned
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    devanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Package(Base):
    """One package in the hub: manifested, or found over (``over``) while devanning."""

    __tablename__ = "hub_packages"
    __table_args__ = (UniqueConstraint("hub_id", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hub_sites.id"), index=True)
    inbound_id: Mapped[int] = mapped_column(ForeignKey("hub_inbound_containers.id"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    sscc: Mapped[str] = mapped_column(String(18), index=True)
    waybill: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    epc: Mapped[str] = mapped_column(String(200))
    dims_mm: Mapped[list[int]] = mapped_column(JSONType(), default=list)
    weight_g: Mapped[int] = mapped_column(Integer, default=0)
    cargo: Mapped[str] = mapped_column(String(8), default="general")
    customs_status: Mapped[str] = mapped_column(String(16))
    service: Mapped[str] = mapped_column(String(64), default="")
    destination: Mapped[str] = mapped_column(String(64), default="")
    rotate: Mapped[bool] = mapped_column(Boolean, default=True)
    stack: Mapped[bool] = mapped_column(Boolean, default=True)
    state: Mapped[str] = mapped_column(String(16), default="manifested")
    over: Mapped[bool] = mapped_column(Boolean, default=False)
    damaged: Mapped[bool] = mapped_column(Boolean, default=False)
    lane_id: Mapped[int | None] = mapped_column(ForeignKey("hub_lanes.id"), nullable=True)
    load_id: Mapped[int | None] = mapped_column(ForeignKey("hub_loads.id"), nullable=True)
    container_id: Mapped[int | None] = mapped_column(
        ForeignKey("hub_outbound_containers.id"), nullable=True
    )
    devanned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    loaded_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class Lane(Base):
    """A staging lane of the hub floor, for the packages of one outbound service."""

    __tablename__ = "hub_lanes"
    __table_args__ = (UniqueConstraint("hub_id", "service"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hub_sites.id"), index=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    service: Mapped[str] = mapped_column(String(64))


class OutboundLoad(Base):
    """The packages of one outbound service planned into containers, loaded, sealed, shipped."""

    __tablename__ = "hub_loads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hub_sites.id"), index=True)
    no: Mapped[str] = mapped_column(String(32), unique=True)
    service: Mapped[str] = mapped_column(String(64))
    statuses: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    status: Mapped[str] = mapped_column(String(16), default="planned")  # loading, sealed, departed
    plan_input: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    plan: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    sealed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class OutboundContainer(Base):
    """A physical container given to a load; ``plan_index`` is its index in the plan."""

    __tablename__ = "hub_outbound_containers"
    __table_args__ = (UniqueConstraint("load_id", "container_no"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("hub_loads.id"), index=True)
    container_no: Mapped[str] = mapped_column(String(11), index=True)
    type: Mapped[str] = mapped_column(String(8))
    plan_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    sscc: Mapped[str | None] = mapped_column(String(18), nullable=True, unique=True)
    seal: Mapped[str | None] = mapped_column(String(32), nullable=True)


class TransitRecord(Base):
    """The customs transit record of one sealed container: its packages and their statuses."""

    __tablename__ = "hub_transit_records"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    no: Mapped[str] = mapped_column(String(40), unique=True)
    load_id: Mapped[int] = mapped_column(ForeignKey("hub_loads.id"), index=True)
    container_id: Mapped[int] = mapped_column(ForeignKey("hub_outbound_containers.id"))
    container_no: Mapped[str] = mapped_column(String(11))
    seal: Mapped[str] = mapped_column(String(32))
    service: Mapped[str] = mapped_column(String(64))
    packages: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    statuses: Mapped[dict[str, Any]] = mapped_column(JSONType(), default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
