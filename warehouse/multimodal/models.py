"""Tables of multimodal dispatch: plan jobs, bills of lading with their legs, the number counter.

A plan job keeps its inputs (the contract's network and shipments documents) and its result
(the contract's plan document) as JSON, so a job can be re-run and checked on its own. A
re-plan after a disruption is a job too, linked to the plan it replaces by ``parent_id``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from warehouse.db import Base, JSONType, UTCDateTime, utcnow


class PlanJob(Base):
    __tablename__ = "plan_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), default="plan")
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    network: Mapped[dict[str, Any]] = mapped_column(JSONType())
    network_source: Mapped[str] = mapped_column(String(32), default="upload")
    shipments: Mapped[dict[str, Any]] = mapped_column(JSONType())
    time_limit_s: Mapped[float] = mapped_column(Float)
    seed: Mapped[int] = mapped_column(Integer, default=0)
    progress: Mapped[dict[str, Any] | None] = mapped_column(JSONType(), nullable=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONType(), nullable=True)
    error: Mapped[dict[str, Any] | None] = mapped_column(JSONType(), nullable=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("plan_jobs.id"), index=True)
    root_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    disruption: Mapped[dict[str, Any] | None] = mapped_column(JSONType(), nullable=True)
    changed: Mapped[list[str] | None] = mapped_column(JSONType(), nullable=True)
    created_by: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class BillOfLading(Base):
    """One multimodal transport document per consignment (a planned shipment of a plan)."""

    __tablename__ = "bills_of_lading"
    __table_args__ = (UniqueConstraint("root_job_id", "shipment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    serial: Mapped[int] = mapped_column(Integer, unique=True)
    ginc: Mapped[str] = mapped_column(String(30), unique=True)
    plan_job_id: Mapped[int] = mapped_column(ForeignKey("plan_jobs.id"), index=True)
    root_job_id: Mapped[int] = mapped_column(Integer)
    shipment_id: Mapped[str] = mapped_column(String(64))
    parties: Mapped[dict[str, Any]] = mapped_column(JSONType())
    cargo: Mapped[dict[str, Any]] = mapped_column(JSONType())
    places: Mapped[dict[str, Any]] = mapped_column(JSONType())
    freight: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    handling: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    total_charge: Mapped[Decimal] = mapped_column(Numeric(14, 2))
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    co2e_kg: Mapped[float] = mapped_column(Float)
    alert: Mapped[str | None] = mapped_column(String(32), nullable=True)
    place_of_issue: Mapped[str] = mapped_column(String(96))
    mto: Mapped[str] = mapped_column(String(128))
    issued_by: Mapped[str] = mapped_column(String(96))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    legs: Mapped[list[BolLeg]] = relationship(
        back_populates="bill", order_by="BolLeg.seq", cascade="all, delete-orphan"
    )


class BolLeg(Base):
    """One leg of a bill of lading: the booked departure and its status (legstatus.py)."""

    __tablename__ = "bill_of_lading_legs"
    __table_args__ = (UniqueConstraint("bill_id", "seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    bill_id: Mapped[int] = mapped_column(ForeignKey("bills_of_lading.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    service: Mapped[str] = mapped_column(String(64))
    mode: Mapped[str] = mapped_column(String(8))
    from_hub: Mapped[str] = mapped_column(String(64))
    to_hub: Mapped[str] = mapped_column(String(64))
    depart: Mapped[datetime] = mapped_column(UTCDateTime())
    arrive: Mapped[datetime] = mapped_column(UTCDateTime())
    cost: Mapped[float] = mapped_column(Float)
    co2e_kg: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    departed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    bill: Mapped[BillOfLading] = relationship(back_populates="legs")


class DocumentCounter(Base):
    """A counter that only goes up: the serials of transport document numbers."""

    __tablename__ = "mtd_counters"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    next: Mapped[int] = mapped_column(Integer, default=0)
