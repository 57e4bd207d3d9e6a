"""What the plan page shows: the summary, one row per shipment, the chain of re-plans, bills."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.multimodal.models import BillOfLading, PlanJob


@dataclass(frozen=True)
class Stop:
    mode: str
    hub: str


@dataclass
class ShipmentRow:
    sid: str
    origin: str
    destination: str
    status: str
    reason: str | None
    cost: float
    co2e_kg: float
    late_h: float
    ready: str
    due: str
    depart: str | None
    arrive: str | None
    weight_kg: float
    cargo: str
    stops: list[Stop] = field(default_factory=list)
    changed: bool = False
    was: list[Stop] | None = None
    was_times: str = ""
    bill: str | None = None


@dataclass(frozen=True)
class Summary:
    status: str
    objective: float
    lower_bound: float
    gap: float | None
    solve_s: float
    planned: int
    unplanned: int
    late: int
    cost: float
    co2e_kg: float


def short_time(text: str | None) -> str:
    """`2026-12-07T04:00:00Z` -> `12-07 04:00` (UTC, as every time on these pages)."""
    if not text:
        return ""
    return f"{text[5:10]} {text[11:16]}"


def stops(item: dict[str, Any]) -> list[Stop]:
    legs = item.get("legs", [])
    if not legs:
        return []
    return [Stop("", legs[0]["from"])] + [Stop(leg["mode"], leg["to"]) for leg in legs]


def summary(plan: dict[str, Any]) -> Summary:
    items = plan.get("shipments", [])
    planned = [s for s in items if s.get("status") == "planned"]
    objective, bound = float(plan.get("objective", 0)), float(plan.get("lower_bound", 0))
    gap = (objective - bound) / abs(objective) if objective else None
    return Summary(
        plan.get("status", ""), objective, bound, gap, float(plan.get("solve_s", 0)),
        len(planned), len(items) - len(planned), sum(1 for s in planned if s.get("late_h")),
        sum(float(s["cost"]) for s in planned), sum(float(s["co2e_kg"]) for s in planned),
    )  # fmt: skip


def rows(job: PlanJob, parent: PlanJob | None, bills: dict[str, str]) -> list[ShipmentRow]:
    """The plan's shipments, changed ones first; for those, the route they had before."""
    docs = {s["id"]: s for s in job.shipments.get("shipments", [])}
    before = {s["id"]: s for s in ((parent.result or {}) if parent else {}).get("shipments", [])}
    changed = set(job.changed or [])
    out = []
    for item in (job.result or {}).get("shipments", []):
        doc, legs = docs.get(item["id"], {}), item.get("legs", [])
        row = ShipmentRow(
            item["id"], doc.get("origin", ""), doc.get("destination", ""), item["status"],
            item.get("reason"), float(item["cost"]), float(item["co2e_kg"]),
            float(item["late_h"]), short_time(doc.get("ready")), short_time(doc.get("due")),
            short_time(legs[0]["depart"]) if legs else None,
            short_time(item.get("arrive")) if legs else None,
            float(doc.get("weight_kg", 0)), doc.get("cargo", "general"), stops(item),
        )  # fmt: skip
        row.changed = item["id"] in changed
        if row.changed and item["id"] in before:
            old = before[item["id"]]
            row.was = stops(old)
            if old.get("legs"):
                row.was_times = (
                    f"{short_time(old['legs'][0]['depart'])} → {short_time(old['arrive'])}"
                )
        row.bill = bills.get(item["id"])
        out.append(row)
    return sorted(out, key=lambda r: (not r.changed, r.sid))


def bills_of(session: Session, job: PlanJob) -> dict[str, str]:
    """Shipment id -> bill number for the bills of this plan's chain."""
    query = select(BillOfLading.shipment_id, BillOfLading.number).where(
        BillOfLading.root_job_id == (job.root_id or job.id)
    )
    return {sid: number for sid, number in session.execute(query)}


def child_of(session: Session, job: PlanJob) -> PlanJob | None:
    """The newest re-plan of `job`, if any."""
    query = select(PlanJob).where(PlanJob.parent_id == job.id).order_by(PlanJob.id.desc())
    return session.scalars(query.limit(1)).first()


def recent_jobs(session: Session, limit: int = 50) -> list[PlanJob]:
    return list(session.scalars(select(PlanJob).order_by(PlanJob.id.desc()).limit(limit)))


@dataclass(frozen=True)
class Departure:
    service: str
    depart: str
    mode: str
    origin: str
    destination: str
    shipments: int


def departures(job: PlanJob) -> list[Departure]:
    """Every departure the plan uses, in time order, with how many shipments ride it."""
    riders: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for item in (job.result or {}).get("shipments", []):
        for leg in item.get("legs", []):
            riders.setdefault((leg["service"], leg["depart"]), []).append(leg)
    out = [
        Departure(service, depart, legs[0]["mode"], legs[0]["from"], legs[0]["to"], len(legs))
        for (service, depart), legs in riders.items()
    ]
    return sorted(out, key=lambda d: (d.depart, d.service))


def hubs_used(job: PlanJob) -> list[str]:
    used = {
        hub
        for item in (job.result or {}).get("shipments", [])
        for leg in item.get("legs", [])
        for hub in (leg["from"], leg["to"])
    }
    return sorted(used)
