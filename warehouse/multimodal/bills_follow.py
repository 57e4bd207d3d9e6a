"""Bills of lading follow a re-plan: the legs of changed shipments are re-booked or delayed.

For a bill on the re-planned plan: an unchanged shipment only moves to the new plan. A changed
one gets the new plan's legs: a leg with the same departure keeps its status, a leg on the
delayed departure (delay_departure) is ``delayed``, any other leg is ``rebooked``.
A shipment left unplanned keeps its legs, those not underway become ``delayed`` and the bill
gets the reason as ``alert``. Legs already departed or arrived are never rewritten: when the
new route does not keep them, the bill stays as it is with ``alert`` = REPLAN_CONFLICT.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing.fields import format_time, parse_time
from warehouse.access.audit import Actor, record
from warehouse.multimodal import legstatus
from warehouse.multimodal.bills import leg_row, set_leg
from warehouse.multimodal.models import BillOfLading, BolLeg, PlanJob

REPLAN_CONFLICT = "REPLAN_CONFLICT"


def _new_key(leg: dict[str, Any]) -> tuple[str, str]:
    return leg["service"], leg["depart"]


def _keeps_underway(old: list[BolLeg], new: list[dict[str, Any]]) -> bool:
    underway = [leg for leg in old if leg.status in legstatus.UNDERWAY]
    return all(
        k < len(new) and (leg.service, format_time(leg.depart)) == _new_key(new[k])
        for k, leg in enumerate(underway)
    )


def delayed_departure(event: dict[str, Any] | None) -> tuple[str, str] | None:
    """(service, new departure time) of a delay_departure event; None for other events."""
    if not event or event.get("kind") != "delay_departure":
        return None
    moment = parse_time(event["depart"])
    assert moment is not None
    return event["service"], format_time(moment + timedelta(hours=float(event["delay_h"])))


def _status(same: BolLeg | None, key: tuple[str, str], delayed: tuple[str, str] | None) -> str:
    if same is not None:
        return same.status
    return legstatus.DELAYED if key == delayed else legstatus.REBOOKED


def _rebook(bill: BillOfLading, new: list[dict[str, Any]], event: dict[str, Any] | None) -> None:
    old = list(bill.legs)
    by_key = {(g.service, format_time(g.depart)): g for g in old}
    delayed = delayed_departure(event)
    statuses = [_status(by_key.get(_new_key(g)), _new_key(g), delayed) for g in new]
    for k, g in enumerate(new):
        if k < len(old):
            set_leg(old[k], g)
            old[k].status = statuses[k]
        else:
            bill.legs.append(leg_row(k + 1, g, statuses[k]))
    del bill.legs[len(new) :]
    bill.co2e_kg = sum(float(g["co2e_kg"]) for g in new)
    bill.alert = None


def _hold(bill: BillOfLading, reason: str) -> None:
    for leg in bill.legs:
        if leg.status not in legstatus.UNDERWAY:
            leg.status = legstatus.DELAYED
    bill.alert = reason


def _follow(bill: BillOfLading, item: dict[str, Any], event: dict[str, Any] | None) -> str:
    if item["status"] != "planned":
        _hold(bill, str(item.get("reason") or "NO_ROUTE"))
        return "held"
    if not _keeps_underway(list(bill.legs), item["legs"]):
        bill.alert = REPLAN_CONFLICT
        return "conflict"
    _rebook(bill, item["legs"], event)
    return "rebooked"


def follow_replan(session: Session, actor: Actor, job: PlanJob) -> dict[str, str]:
    """Move the parent plan's bills to `job`; returns what happened to each bill."""
    assert job.result is not None
    items = {s["id"]: s for s in job.result["shipments"]}
    changed = set(job.changed or ())
    outcome: dict[str, str] = {}
    bills = session.scalars(select(BillOfLading).where(BillOfLading.plan_job_id == job.parent_id))
    for bill in bills:
        if bill.shipment_id not in changed:
            bill.plan_job_id, outcome[bill.number] = job.id, "kept"
            continue
        before = [(g.service, g.depart.isoformat(), g.status) for g in bill.legs]
        outcome[bill.number] = _follow(bill, items[bill.shipment_id], job.disruption)
        if outcome[bill.number] != "conflict":
            bill.plan_job_id = job.id
        after = [(g.service, g.depart.isoformat(), g.status) for g in bill.legs]
        record(
            session,
            actor,
            f"bol.{outcome[bill.number]}",
            "bill_of_lading",
            bill.number,
            plan_job=job.id,
            disruption=job.disruption,
            before=before,
            after=after,
        )
    return outcome
