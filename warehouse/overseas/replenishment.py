"""9810 replenishment: planned with the route planner (a quote to choose cheapest or fastest,
then a plan job), booked under one bill of lading, received abroad by scanning its SSCC.

Status: planning -> in_transit (bill issued) -> received.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Enterprise, Sku
from warehouse.multimodal import bills, jobs
from warehouse.multimodal.inputs import parse_inputs
from warehouse.overseas.leadtime import ORIGIN, leads, ready_at, shipment_doc
from warehouse.overseas.models import OverseasWarehouse, Replenishment, ReplenishmentLine
from warehouse.overseas.stock import warehouse
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import allocate_ssccs

OPTIONS = ("cheapest", "fastest")
PLAN_TIME_LIMIT_S = 5.0


@dataclass(frozen=True)
class NewReplenishment:
    warehouse: str
    owner: str
    lines: tuple[tuple[str, int], ...]
    option: str = "cheapest"
    origin: str = ORIGIN
    cargo: str | None = None


def by_no(session: Session, no: str) -> Replenishment:
    found = session.scalar(select(Replenishment).where(Replenishment.no == no))
    if found is None:
        raise NotFound("E_UNKNOWN_REPLENISHMENT", f"No replenishment {no!r}.")
    return found


def lines_of(session: Session, rep: Replenishment) -> list[ReplenishmentLine]:
    return list(
        session.scalars(
            select(ReplenishmentLine)
            .where(ReplenishmentLine.replenishment_id == rep.id)
            .order_by(ReplenishmentLine.id)
        )
    )


def _skus(session: Session, new: NewReplenishment, owner: Enterprise) -> list[tuple[Sku, int]]:
    if not new.lines or any(q <= 0 for _, q in new.lines):
        raise Invalid("E_BAD_LINES", "A replenishment needs lines with positive quantities.")
    out = []
    for code, qty in new.lines:
        sku = md.sku_by_code(session, code)
        if sku.owner_id != owner.id:
            raise Invalid("E_NOT_OWNER", f"SKU {sku.code} is not {owner.code}'s.")
        out.append((sku, qty))
    return out


def _refuse_cargo(wh: OverseasWarehouse, cargo: str) -> None:
    if cargo not in wh.cargo_classes:
        raise Invalid(
            "E_CARGO_CLASS_REFUSED",
            f"Overseas warehouse {wh.code} does not take {cargo} cargo "
            f"(it takes {', '.join(wh.cargo_classes)}).",
            cargo=cargo,
            accepted=wh.cargo_classes,
        )


def _objective(option: str) -> dict[str, float]:
    late = 1.0 if option == "fastest" else 0.0
    return {"late_cost_per_kg_h": late, "co2e_cost_per_kg": 0.0, "unplanned_cost_per_kg": 1000.0}


def plan(
    session: Session, actor: Actor, new: NewReplenishment, now: datetime, company_prefix: str
) -> Replenishment:
    """Quote, choose, and submit the plan job (the caller queues it after commit)."""
    if new.option not in OPTIONS:
        raise Invalid("E_BAD_OPTION", f"Option is one of {OPTIONS}.")
    wh = warehouse(session, new.warehouse)
    owner = md.enterprise(session, new.owner)
    goods = _skus(session, new, owner)
    cargo = new.cargo or ("cold" if any(s.cold_chain for s, _ in goods) else "general")
    _refuse_cargo(wh, cargo)
    weight = sum(s.gross_g * q for s, q in goods) / 1000
    chosen = leads(new.origin, wh.hub, weight, cargo, now)
    lead = chosen.get(new.option) or next(iter(chosen.values()))
    ready = ready_at(now)
    sscc = allocate_ssccs(session, SsccConfig(1, company_prefix))[0]
    no = f"RPL-{sscc[-9:]}"
    due = lead.arrive + timedelta(hours=1)
    doc = shipment_doc(no, new.origin, wh.hub, ready, weight, cargo, due)
    job = jobs.submit_plan(
        session,
        actor,
        parse_inputs("seed", {"shipments": [doc], "objective": _objective(new.option)}),
        PLAN_TIME_LIMIT_S,
        0,
    )
    rep = Replenishment(
        no=no,
        warehouse_id=wh.id,
        owner_id=owner.id,
        status="planning",
        origin_hub=new.origin,
        cargo=cargo,
        option=lead.option,
        weight_kg=weight,
        volume_m3=doc["volume_m3"],
        ready=ready,
        lead_time_h=lead.transit_h,
        quote={"transit_h": lead.transit_h, "cost": lead.cost, "legs": lead.legs},
        plan_job_id=job.id,
        sscc=sscc,
        created_by=actor.name,
    )
    session.add(rep)
    session.flush()
    session.add_all(
        ReplenishmentLine(replenishment_id=rep.id, sku_id=s.id, quantity=q, received=0)
        for s, q in goods
    )
    record(
        session,
        actor,
        "replenishment.plan",
        "replenishment",
        no,
        warehouse=wh.code,
        option=lead.option,
        lead_time_h=lead.transit_h,
        plan_job=job.id,
    )
    return rep


def book(session: Session, actor: Actor, no: str, company_prefix: str) -> Replenishment:
    """Issue the one bill of lading once the plan job is done (E_PLAN_NOT_DONE before)."""
    rep = by_no(session, no)
    if rep.status != "planning" or rep.plan_job_id is None:
        raise Conflict("E_ALREADY_BOOKED", f"Replenishment {no} is {rep.status}.")
    wh = session.get_one(OverseasWarehouse, rep.warehouse_id)
    owner = session.get_one(Enterprise, rep.owner_id)
    units = sum(ln.quantity for ln in lines_of(session, rep))
    bill = bills.issue(
        session,
        actor,
        bills.NewBill(
            plan_job_id=rep.plan_job_id,
            shipment_id=rep.no,
            consignor=owner.name,
            consignee=f"{wh.name} ({owner.code})",
            notify_party=None,
            marks_and_numbers=f"SSCC {rep.sscc}",
            packages_number=1,
            packages_kind="pallet",
            description_of_goods=f"9810 replenishment, {units} units",
            place_of_issue="Qingdao",
            mto="Silkhub Multimodal Transport Operator",
        ),
        company_prefix,
    )
    rep.bol_number, rep.status = bill.number, "in_transit"
    record(session, actor, "replenishment.book", "replenishment", no, bol=bill.number)
    return rep
