"""Sorting: one staging lane per outbound service; a handover scan puts a package there.

A package scanned without a lane is told its lane (the sort answer); scanned with a lane it
is staged there, or refused with ``E_WRONG_LANE`` naming the right one. Held packages
(damaged, over) and packages not yet devanned are never staged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, NotFound
from warehouse.hub import events
from warehouse.hub.models import HubSite, Lane, Package
from warehouse.hub.statuses import State


@dataclass(frozen=True)
class Sorted:
    package: Package
    lane: Lane
    staged: bool


def lane_area(lane: Lane) -> str:
    """The lane's part of the GLN extension (``L01``)."""
    return lane.code.rsplit("-", 1)[1]


def lane_for(session: Session, hub: HubSite, service: str) -> Lane:
    """The lane of an outbound service, opened when its first package is sorted."""
    lane = session.scalar(select(Lane).where(Lane.hub_id == hub.id, Lane.service == service))
    if lane is None:
        n = 1 + int(session.scalar(select(func.count(Lane.id)).where(Lane.hub_id == hub.id)) or 0)
        lane = Lane(hub_id=hub.id, code=f"{hub.code}-L{n:02d}", service=service)
        session.add(lane)
        session.flush()
    return lane


def lane_by_code(session: Session, code: str) -> Lane:
    lane = session.scalar(select(Lane).where(Lane.code == code))
    if lane is None:
        raise NotFound("E_UNKNOWN_LANE", f"No staging lane {code!r}.", lane=code)
    return lane


def sortable(package: Package) -> None:
    if package.state == State.STAGED.value:
        raise Conflict("E_ALREADY_STAGED", f"{package.code} is staged already.")
    if package.state != State.DEVANNED.value:
        raise Conflict(
            "E_NOT_SORTABLE",
            f"{package.code} is {package.state}: it is not sorted.",
            state=package.state,
        )


def handover(
    session: Session,
    actor: Actor,
    hub: HubSite,
    package: Package,
    lane_code: str | None,
    when: dt.datetime,
) -> Sorted:
    """Tell the lane (no ``lane_code``) or stage the package in the lane scanned."""
    sortable(package)
    lane = lane_for(session, hub, package.service)
    package.lane_id = lane.id
    if not lane_code:
        return Sorted(package, lane, False)
    if lane_by_code(session, lane_code).id != lane.id:
        raise Conflict(
            "E_WRONG_LANE", f"{package.code} goes to lane {lane.code}.", expected_lane=lane.code
        )
    package.state = State.STAGED.value
    events.staged(session, hub, package, lane_area(lane), when)
    record(session, actor, "hub.stage", "hub_package", package.code, lane=lane.code)
    return Sorted(package, lane, True)


def sort_plan(session: Session, hub: HubSite) -> list[dict[str, Any]]:
    """Per outbound service: its lane, and its packages on the floor by state and status."""
    pkgs = session.scalars(
        select(Package).where(
            Package.hub_id == hub.id,
            Package.state.in_([State.DEVANNED.value, State.STAGED.value]),
        )
    ).all()
    services = sorted({p.service for p in pkgs})
    plan = []
    for service in services:
        mine = [p for p in pkgs if p.service == service]
        plan.append(
            {
                "service": service,
                "lane": lane_for(session, hub, service).code,
                "destinations": sorted({p.destination for p in mine if p.destination}),
                "to_sort": sum(1 for p in mine if p.state == State.DEVANNED.value),
                "staged": sum(1 for p in mine if p.state == State.STAGED.value),
                "statuses": dict(Counter(p.customs_status for p in mine)),
                "cargo": dict(Counter(p.cargo for p in mine)),
            }
        )
    return plan
