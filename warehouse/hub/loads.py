"""Outbound loads: the staged packages of one service, planned into the containers given.

The load planner (:func:`routing.loadplan.planner.plan_load`) places the boxes; the plan is
kept as the planning contract's JSON. Plan container ``index`` k of type T is the k-th
container of type T that the plan uses, matched in the order the request lists them. Boxes
the planner cannot place (``TOO_LARGE``, ``TOO_HEAVY``, ``NO_CONTAINER_LEFT``,
``TIME_LIMIT``) stay staged.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routing.loadplan.model import ContractError
from routing.loadplan.planner import plan_load
from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.hub.containers import container_type, validate_container_no
from warehouse.hub.models import HubSite, OutboundContainer, OutboundLoad, Package
from warehouse.hub.statuses import DEFAULT_LOAD_STATUSES, State, parse_statuses
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import allocate_ssccs

ACTIVE = ("planned", "loading", "sealed")


@dataclass(frozen=True)
class NewLoad:
    service: str
    containers: Sequence[tuple[str, str]]  # (container number, type) in the order to use
    statuses: Sequence[str] = field(default=tuple(s.value for s in DEFAULT_LOAD_STATUSES))
    time_limit_s: float = 5.0
    seed: int = 0


def box_of(p: Package) -> dict[str, Any]:
    """A package as a box of the planning contract (dims as listed: length, width, height)."""
    return {
        "id": p.code,
        "dims_cm": [d / 10 for d in p.dims_mm],
        "weight_kg": p.weight_g / 1000,
        "cargo": p.cargo,
        "status": p.customs_status,
        "rotate": p.rotate,
        "stack": p.stack,
    }


def _containers(session: Session, listed: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out = [(validate_container_no(no), container_type(kind).type) for no, kind in listed]
    numbers = [no for no, _ in out]
    if not out or len(set(numbers)) != len(numbers):
        raise Invalid("E_BAD_CONTAINERS", "List each outbound container once, at least one.")
    busy = session.scalars(
        select(OutboundContainer.container_no)
        .join(OutboundLoad, OutboundLoad.id == OutboundContainer.load_id)
        .where(
            OutboundContainer.container_no.in_(numbers),
            OutboundLoad.status.in_(ACTIVE),
            OutboundContainer.plan_index.is_not(None),
        )
    ).all()
    if busy:
        raise Conflict("E_CONTAINER_BUSY", f"In another load already: {', '.join(busy)}.")
    return out


def _staged(session: Session, hub: HubSite, service: str, statuses: Sequence[str]) -> list[Package]:
    return list(
        session.scalars(
            select(Package)
            .where(
                Package.hub_id == hub.id,
                Package.service == service,
                Package.load_id.is_(None),
                Package.state == State.STAGED.value,
                Package.customs_status.in_(statuses),
            )
            .order_by(Package.id)
        )
    )


def plan_input(containers: list[tuple[str, str]], packages: list[Package]) -> dict[str, Any]:
    counts = Counter(kind for _, kind in containers)
    return {
        "containers": [container_type(k).contract(n) for k, n in counts.items()],
        "boxes": [box_of(p) for p in packages],
    }


def _next_no(session: Session, hub: HubSite) -> str:
    n = int(
        session.scalar(select(func.count(OutboundLoad.id)).where(OutboundLoad.hub_id == hub.id))
        or 0
    )
    return f"OB-{hub.code}-{n + 1:05d}"


def create_load(session: Session, actor: Actor, hub: HubSite, new: NewLoad) -> OutboundLoad:
    """Plan the staged packages of ``new.service`` into the listed containers."""
    statuses = [s.value for s in parse_statuses(new.statuses)]
    containers = _containers(session, new.containers)
    packages = _staged(session, hub, new.service, statuses)
    if not packages:
        raise Conflict("E_NOTHING_STAGED", f"No staged packages for service {new.service}.")
    data = plan_input(containers, packages)
    try:
        plan = plan_load(data, new.time_limit_s, new.seed)
    except ContractError as exc:
        raise Invalid("E_PLAN_INPUT", exc.message, **exc.to_dict()) from None
    if not any(c["placements"] for c in plan["containers"]):
        raise Invalid(
            "E_NOTHING_PLACED", "The planner could place no package.", unplaced=plan["unplaced"]
        )
    load = OutboundLoad(
        hub_id=hub.id,
        no=_next_no(session, hub),
        service=new.service,
        statuses=statuses,
        status="planned",
        plan_input=data,
        plan=plan,
    )
    session.add(load)
    session.flush()
    _assign(session, hub, load, containers, {p.code: p for p in packages})
    record(
        session,
        actor,
        "hub.load.plan",
        "hub_load",
        load.no,
        service=new.service,
        containers=sum(1 for c in plan["containers"] if c["placements"]),
        unplaced=plan["unplaced"],
    )
    return load


def _assign(
    session: Session,
    hub: HubSite,
    load: OutboundLoad,
    listed: list[tuple[str, str]],
    by_code: dict[str, Package],
) -> None:
    rows = [OutboundContainer(load_id=load.id, container_no=no, type=kind) for no, kind in listed]
    used = [c for c in load.plan["containers"] if c["placements"]]
    ssccs = iter(allocate_ssccs(session, SsccConfig(0, hub.company_prefix), len(used)))
    session.add_all(rows)
    free = list(rows)
    for cont in used:
        row = next(r for r in free if r.type == cont["type"])
        free.remove(row)
        row.plan_index, row.sscc = cont["index"], next(ssccs)
        session.flush()
        for placement in cont["placements"]:
            pkg = by_code[placement["box"]]
            pkg.load_id, pkg.container_id = load.id, row.id
    session.flush()


def load_by_no(session: Session, hub: HubSite, number: str) -> OutboundLoad:
    found = session.scalar(
        select(OutboundLoad).where(OutboundLoad.hub_id == hub.id, OutboundLoad.no == number)
    )
    if found is None:
        raise NotFound("E_UNKNOWN_LOAD", f"No outbound load {number!r}.")
    return found


def containers_of(session: Session, load: OutboundLoad) -> list[OutboundContainer]:
    return list(
        session.scalars(
            select(OutboundContainer)
            .where(OutboundContainer.load_id == load.id)
            .order_by(OutboundContainer.id)
        )
    )


def rendered_plan(session: Session, load: OutboundLoad) -> dict[str, Any]:
    """The plan as the contract's JSON, with each container's number and seal filled in."""
    return plan_with_containers(load, containers_of(session, load))


def plan_with_containers(
    load: OutboundLoad, containers: Sequence[OutboundContainer]
) -> dict[str, Any]:
    """``load``'s plan with the number and seal of its ``containers`` (already fetched)."""
    by_index = {c.plan_index: c for c in containers if c.plan_index is not None}
    plan = dict(load.plan)
    plan["containers"] = [
        {
            **c,
            "seal": by_index[c["index"]].seal if c["index"] in by_index else None,
            "container_no": by_index[c["index"]].container_no if c["index"] in by_index else None,
        }
        for c in load.plan["containers"]
    ]
    return plan
