"""Disruptions of a done plan: cancel or delay a departure, close a hub; re-plan who is hit.

The request is checked against the plan's network (the service, its departure, the hub must
exist) and queued as a ``replan`` job linked to the plan (``parent_id``). Its network input is
the network after the event, so the new plan can be checked on its own. routing.disruption
re-plans only the shipments whose legs used a departure the event took away. An optional
``now`` (RFC 3339) says when it happened: legs that left before it are under way, stay, and
the shipments on them are re-planned from where those legs arrive.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing import fields
from routing.disruption import CancelDeparture, CloseHub, DelayDeparture, Disruption, apply
from routing.network import Network, network_to_dict, parse_network
from routing.plan import plan_from_dict, plan_to_dict
from routing.shipments import parse_shipments
from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict
from warehouse.multimodal import jobs
from warehouse.multimodal.inputs import contract_error
from warehouse.multimodal.models import PlanJob

KINDS = ("cancel_departure", "delay_departure", "close_hub")
MAX_DELAY_H = 24 * 60.0


@dataclass(frozen=True)
class Replanned:
    plan: dict[str, Any]
    changed: list[str]


def _issue(path: str, code: str, message: str) -> dict[str, str]:
    return {"code": code, "path": path, "message": message}


def _time(body: dict[str, Any], key: str, issues: list[dict[str, str]]) -> Any:
    moment = fields.parse_time(body.get(key))
    if moment is None:
        issues.append(_issue(key, "BAD_TIME", f"'{key}' must be an RFC 3339 time"))
    return moment


def _departure(body: dict[str, Any], network: Network, issues: list[dict[str, str]]) -> Any:
    service = network.services.get(str(body.get("service")))
    if service is None:
        issues.append(
            _issue("service", "UNKNOWN_SERVICE", f"unknown service {body.get('service')}")
        )
    depart = _time(body, "depart", issues)
    if service is not None and depart is not None and depart not in service.departures:
        issues.append(
            _issue(
                "depart",
                "UNKNOWN_DEPARTURE",
                f"{service.id} has no departure at {body.get('depart')}",
            )
        )
    return service, depart


def parse_disruption(body: dict[str, Any], network: Network) -> Disruption:
    """The routing event for a request body; a 422 listing every problem otherwise."""
    issues: list[dict[str, str]] = []
    kind = body.get("kind")
    if kind not in KINDS:
        raise contract_error([_issue("kind", "BAD_VALUE", f"kind must be one of {KINDS}")])
    event: Disruption | None = None
    if kind == "close_hub":
        hub = body.get("hub")
        if hub not in network.hubs:
            issues.append(_issue("hub", "UNKNOWN_HUB", f"unknown hub {hub}"))
        start = _time(body, "from", issues)
        event = CloseHub(str(hub), start)
    else:
        service, depart = _departure(body, network, issues)
        delay = body.get("delay_h")
        if kind == "delay_departure" and not (
            isinstance(delay, int | float) and 0 < delay <= MAX_DELAY_H
        ):
            issues.append(_issue("delay_h", "BAD_VALUE", f"delay_h must be in (0, {MAX_DELAY_H}]"))
        if service is not None:
            event = (
                CancelDeparture(service.id, depart)
                if kind == "cancel_departure"
                else DelayDeparture(service.id, depart, float(delay or 0))
            )
    if "now" in body:
        now = _time(body, "now", issues)
        if isinstance(event, CancelDeparture | DelayDeparture) and now and event.depart < now:
            issues.append(_issue("depart", "DEPARTED", f"{event.service} left before 'now'"))
    if issues or event is None:
        raise contract_error(issues)
    return event


def now_of(body: dict[str, Any]) -> datetime | None:
    """The request's ``now`` (checked by parse_disruption), or None: nothing has moved."""
    return fields.parse_time(body["now"]) if body.get("now") is not None else None


def event_doc(event: Disruption, now: datetime | None = None) -> dict[str, Any]:
    doc: dict[str, Any]
    if isinstance(event, CloseHub):
        doc = {"kind": "close_hub", "hub": event.hub, "from": fields.format_time(event.start)}
    else:
        doc = {
            "kind": "cancel_departure",
            "service": event.service,
            "depart": fields.format_time(event.depart),
        }
    if isinstance(event, DelayDeparture):
        doc.update(kind="delay_departure", delay_h=event.delay_h)
    if now is not None:
        doc["now"] = fields.format_time(now)
    return doc


def _superseded(session: Session, job_id: int) -> bool:
    child = select(PlanJob.id).where(PlanJob.parent_id == job_id, PlanJob.status != jobs.FAILED)
    return session.scalars(child.limit(1)).first() is not None


def submit(
    session: Session,
    actor: Actor,
    plan_job_id: int,
    body: dict[str, Any],
    time_limit_s: float,
    seed: int,
) -> PlanJob:
    """A queued re-plan job for `body` on the done plan `plan_job_id`."""
    jobs.check_time_limit(time_limit_s)
    parent = jobs.done_job(session, plan_job_id)
    if _superseded(session, parent.id):
        raise Conflict(
            "E_PLAN_SUPERSEDED",
            f"Plan job {parent.id} has been re-planned already: disrupt the newest.",
        )
    network = parse_network(parent.network)
    event = parse_disruption(body, network)
    now = now_of(body)
    after, _ = apply(network, event, now)
    job = PlanJob(
        kind="replan",
        status=jobs.QUEUED,
        network=network_to_dict(after),
        network_source=parent.network_source,
        shipments=parent.shipments,
        time_limit_s=time_limit_s,
        seed=seed,
        parent_id=parent.id,
        root_id=parent.root_id or parent.id,
        disruption=event_doc(event, now),
        created_by=actor.name,
        created_at=utcnow(),
    )
    session.add(job)
    session.flush()
    record(
        session,
        actor,
        "plan.disrupted",
        "plan_job",
        parent.id,
        replan_job=job.id,
        **event_doc(event, now),
    )
    return job


def replan(parent: PlanJob, job: PlanJob) -> Replanned:
    """Run routing.disruption.replan for a queued re-plan job (no database access)."""
    from routing.disruption import replan as route_replan

    network = parse_network(parent.network)
    demand = parse_shipments(parent.shipments, network)
    body = dict(job.disruption or {})
    event = parse_disruption(body, network)
    assert parent.result is not None
    new, changed = route_replan(
        network,
        demand,
        plan_from_dict(parent.result),
        event,
        time_limit_s=job.time_limit_s,
        seed=job.seed,
        now=now_of(body),
    )
    return Replanned(plan_to_dict(new), changed)
