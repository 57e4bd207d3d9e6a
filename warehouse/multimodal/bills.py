"""Issuing the one bill of lading (一单制) for a planned shipment, and reporting leg status.

One document per consignment: the FIATA FBL fields, every leg of the plan with its emissions,
and one total charge = the shipment's cost in the plan (freight of its legs + transfer
handling), rounded to the fen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from routing.fields import parse_time
from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict, NotFound
from warehouse.multimodal import jobs, legstatus, numbering
from warehouse.multimodal.models import BillOfLading, BolLeg, PlanJob

MAIN_CARRIAGE = ("sea", "air", "rail")
CENT = Decimal("0.01")


@dataclass(frozen=True)
class NewBill:
    plan_job_id: int
    shipment_id: str
    consignor: str
    consignee: str
    notify_party: str | None
    marks_and_numbers: str
    packages_number: int
    packages_kind: str
    description_of_goods: str
    place_of_issue: str
    mto: str


def money(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(CENT, rounding=ROUND_HALF_UP)


def planned_shipment(job: PlanJob, shipment_id: str) -> dict[str, Any]:
    assert job.result is not None
    found = [s for s in job.result["shipments"] if s["id"] == shipment_id]
    if not found:
        raise NotFound("E_NO_SHIPMENT", f"Plan job {job.id} has no shipment {shipment_id}.")
    if found[0]["status"] != "planned":
        raise Conflict(
            "E_SHIPMENT_UNPLANNED",
            f"Shipment {shipment_id} is not planned.",
            reason=found[0].get("reason"),
        )
    return dict(found[0])


def _place(hubs: dict[str, dict[str, Any]], hub_id: str) -> dict[str, str]:
    return {"hub": hub_id, "name": str(hubs.get(hub_id, {}).get("name", hub_id))}


def places(job: PlanJob, shipment: dict[str, Any]) -> dict[str, Any]:
    """Receipt and delivery are the shipment's ends; loading and discharge the main carriage's."""
    hubs = {h["id"]: h for h in job.network.get("hubs", [])}
    legs = shipment["legs"]
    main = [g for g in legs if g["mode"] in MAIN_CARRIAGE] or legs
    return {
        "place_of_receipt": _place(hubs, legs[0]["from"]),
        "port_of_loading": _place(hubs, main[0]["from"]),
        "port_of_discharge": _place(hubs, main[-1]["to"]),
        "place_of_delivery": _place(hubs, legs[-1]["to"]),
    }


def _cargo(job: PlanJob, shipment_id: str, new: NewBill) -> dict[str, Any]:
    source = next(s for s in job.shipments["shipments"] if s["id"] == shipment_id)
    return {
        "marks_and_numbers": new.marks_and_numbers,
        "packages": {"number": new.packages_number, "kind": new.packages_kind},
        "description_of_goods": new.description_of_goods,
        "gross_weight_kg": float(source["weight_kg"]),
        "measurement_m3": float(source["volume_m3"]),
        "cargo_class": source.get("cargo", "general"),
    }


def leg_row(seq: int, leg: dict[str, Any], status: str = legstatus.BOOKED) -> BolLeg:
    row = BolLeg(seq=seq, status=status)
    set_leg(row, leg)
    return row


def set_leg(row: BolLeg, leg: dict[str, Any]) -> None:
    row.service, row.mode, row.from_hub, row.to_hub = (
        leg["service"],
        leg["mode"],
        leg["from"],
        leg["to"],
    )
    row.depart, row.arrive = _time(leg["depart"]), _time(leg["arrive"])
    row.cost, row.co2e_kg = float(leg["cost"]), float(leg["co2e_kg"])


def _time(text: str) -> datetime:
    moment = parse_time(text)
    assert moment is not None, text
    return moment


def issue(session: Session, actor: Actor, new: NewBill, company_prefix: str) -> BillOfLading:
    job = jobs.done_job(session, new.plan_job_id)
    shipment = planned_shipment(job, new.shipment_id)
    legs = shipment["legs"]
    freight = money(sum(float(g["cost"]) for g in legs))
    total = money(shipment["cost"])
    now = utcnow()
    serial = numbering.next_serial(session)
    bill = BillOfLading(
        number=numbering.document_number(serial, now),
        serial=serial,
        ginc=numbering.ginc(company_prefix, serial),
        plan_job_id=job.id,
        root_job_id=job.root_id or job.id,
        shipment_id=new.shipment_id,
        parties={
            "consignor": new.consignor,
            "consignee": new.consignee,
            "notify_party": new.notify_party,
        },
        cargo=_cargo(job, new.shipment_id, new),
        places=places(job, shipment),
        freight=freight,
        handling=total - freight,
        total_charge=total,
        currency="CNY",
        co2e_kg=float(shipment["co2e_kg"]),
        place_of_issue=new.place_of_issue,
        mto=new.mto,
        issued_by=actor.name,
        issued_at=now,
        legs=[leg_row(k, g) for k, g in enumerate(legs, start=1)],
    )
    _refuse_second(session, bill)
    session.add(bill)
    try:
        session.flush()
    except IntegrityError:  # a concurrent issue won the unique (root_job_id, shipment_id)
        session.rollback()
        raise _exists(bill) from None
    record(
        session,
        actor,
        "bol.issued",
        "bill_of_lading",
        bill.number,
        plan_job=job.id,
        shipment=new.shipment_id,
        total=str(total),
        legs=len(legs),
    )
    return bill


def _exists(bill: BillOfLading) -> Conflict:
    return Conflict(
        "E_BOL_EXISTS", f"Shipment {bill.shipment_id} of this plan already has a bill of lading."
    )


def _refuse_second(session: Session, bill: BillOfLading) -> None:
    found = session.scalars(
        select(BillOfLading.number).where(
            BillOfLading.root_job_id == bill.root_job_id,
            BillOfLading.shipment_id == bill.shipment_id,
        )
    ).first()
    if found is not None:
        raise _exists(bill)


def get_bill(session: Session, number: str, *, lock: bool = False) -> BillOfLading:
    query = select(BillOfLading).where(BillOfLading.number == number)
    bill = session.scalars(query.with_for_update() if lock else query).first()
    if bill is None:
        raise NotFound("E_NO_BOL", f"No bill of lading {number}.")
    return bill


def report_leg(
    session: Session, actor: Actor, number: str, seq: int, status: str, at: datetime
) -> BolLeg:
    """Move leg `seq` of bill `number` to `status` at `at` (legstatus rules)."""
    bill = get_bill(session, number, lock=True)
    legs = {leg.seq: leg for leg in bill.legs}
    leg = legs.get(seq)
    if leg is None:
        raise NotFound("E_NO_LEG", f"Bill of lading {number} has no leg {seq}.")
    before = legs.get(seq - 1)
    legstatus.check_move(
        legstatus.LegState(leg.status, leg.departed_at),
        status,
        at,
        legstatus.LegState(before.status, before.departed_at) if before else None,
    )
    old = leg.status
    leg.status, leg.status_at = status, at
    if status == legstatus.DEPARTED:
        leg.departed_at = at
    elif status == legstatus.ARRIVED:
        leg.arrived_at = at
    record(
        session,
        actor,
        "bol.leg_status",
        "bill_of_lading",
        number,
        seq=seq,
        old=old,
        new=status,
        at=at.isoformat(),
    )
    return leg
