"""What the hub supervisor watches: containers and loads in progress, and the hub ledger.

Each piece of work is shown in one phase: an inbound container is *devanning* until its
devanning is closed, then *sorting* while any of its packages is on the floor and not yet
staged; an outbound load is *loading* from planning until sealing (a planned load is one
whose first box has not gone in), then *sealed* until it departs. Finished work (an inbound
container whose packages are all staged or gone, a departed load) is not listed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.hub.check import ledger_findings
from warehouse.hub.ledger import lines
from warehouse.hub.loads import plan_with_containers
from warehouse.hub.models import (
    HubSite,
    InboundContainer,
    OutboundContainer,
    OutboundLoad,
    Package,
)
from warehouse.hub.statuses import State


class Phase(StrEnum):
    DEVANNING = "devanning"
    SORTING = "sorting"
    LOADING = "loading"
    SEALED = "sealed"


@dataclass(frozen=True)
class InboundRow:
    container_no: str
    manifest_no: str
    phase: Phase
    manifested: int
    devanned: int
    to_sort: int


@dataclass(frozen=True)
class ContainerRow:
    container_no: str | None
    type: str
    boxes: int
    loaded: int
    fill: float
    weight_kg: float
    seal: str | None


@dataclass(frozen=True)
class LoadRow:
    no: str
    service: str
    statuses: list[str]
    phase: Phase
    containers: list[ContainerRow]
    unplaced: int


@dataclass(frozen=True)
class LedgerRow:
    customs_status: str
    packages: int
    weight_kg: float


@dataclass(frozen=True)
class Overview:
    inbound: list[InboundRow]
    loads: list[LoadRow]
    ledger: list[LedgerRow]
    findings: list[str]


def hub_codes(session: Session) -> list[str]:
    return list(session.scalars(select(HubSite.code).order_by(HubSite.code)))


def overview(session: Session, hub: HubSite) -> Overview:
    ledger = [
        LedgerRow(ln.customs_status, ln.packages, ln.weight_g / 1000)
        for ln in lines(session, hub.id)
    ]
    return Overview(
        _inbound(session, hub), _loads(session, hub), ledger, ledger_findings(session, hub)
    )


def _inbound(session: Session, hub: HubSite) -> list[InboundRow]:
    rows = []
    containers = session.scalars(
        select(InboundContainer)
        .where(InboundContainer.hub_id == hub.id)
        .order_by(InboundContainer.arrived_at, InboundContainer.id)
    ).all()
    states = _states(session, [c.id for c in containers])
    for inbound in containers:
        counts = states.get(inbound.id, {})
        manifested = sum(counts.values())
        to_sort = counts.get(State.DEVANNED.value, 0)
        if inbound.status == "devanned" and not to_sort:
            continue
        phase = Phase.SORTING if inbound.status == "devanned" else Phase.DEVANNING
        devanned = (
            manifested - counts.get(State.MANIFESTED.value, 0) - counts.get(State.SHORT.value, 0)
        )
        rows.append(
            InboundRow(
                inbound.container_no, inbound.manifest_no, phase, manifested, devanned, to_sort
            )
        )
    return rows


def _states(session: Session, inbound_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per inbound container, its manifested packages (over packages excluded) by state, in
    one grouped query."""
    if not inbound_ids:
        return {}
    got = session.execute(
        select(Package.inbound_id, Package.state, func.count(Package.id))
        .where(Package.inbound_id.in_(inbound_ids), Package.over.is_(False))
        .group_by(Package.inbound_id, Package.state)
    )
    out: dict[int, dict[str, int]] = {}
    for inbound_id, state, n in got:
        out.setdefault(inbound_id, {})[state] = int(n)
    return out


def _loads(session: Session, hub: HubSite) -> list[LoadRow]:
    """The open loads with their containers and loaded counts: three queries in all."""
    found = session.scalars(
        select(OutboundLoad)
        .where(OutboundLoad.hub_id == hub.id, OutboundLoad.status != "departed")
        .order_by(OutboundLoad.created_at, OutboundLoad.id)
    ).all()
    ids = [load.id for load in found]
    containers: dict[int, list[OutboundContainer]] = {}
    loaded: dict[int, dict[str, int]] = {}
    if ids:
        for c in session.scalars(
            select(OutboundContainer)
            .where(OutboundContainer.load_id.in_(ids))
            .order_by(OutboundContainer.id)
        ):
            containers.setdefault(c.load_id, []).append(c)
        loaded = _loaded_per_container(session, ids)
    return [_load_row(load, containers.get(load.id, []), loaded.get(load.id, {})) for load in found]


def _load_row(
    load: OutboundLoad, containers: list[OutboundContainer], loaded: dict[str, int]
) -> LoadRow:
    plan = plan_with_containers(load, containers)
    rows = [
        _container_row(c, loaded.get(c["container_no"], 0))
        for c in plan["containers"]
        if c["placements"]
    ]
    phase = Phase.SEALED if load.status == "sealed" else Phase.LOADING
    return LoadRow(load.no, load.service, list(load.statuses), phase, rows, len(plan["unplaced"]))


def _container_row(c: dict[str, Any], loaded: int) -> ContainerRow:
    return ContainerRow(
        c["container_no"],
        c["type"],
        len(c["placements"]),
        loaded,
        float(c["fill"]),
        float(c["weight_kg"]),
        c["seal"],
    )


def _loaded_per_container(session: Session, load_ids: list[int]) -> dict[int, dict[str, int]]:
    """Per load, the packages in each of its containers (loaded, or departed with it)."""
    got = session.execute(
        select(OutboundContainer.load_id, OutboundContainer.container_no, func.count(Package.id))
        .join(Package, Package.container_id == OutboundContainer.id)
        .where(
            OutboundContainer.load_id.in_(load_ids),
            Package.state.in_([State.LOADED.value, State.DEPARTED.value]),
        )
        .group_by(OutboundContainer.load_id, OutboundContainer.container_no)
    )
    out: dict[int, dict[str, int]] = {}
    for load_id, no, n in got:
        out.setdefault(load_id, {})[no] = int(n)
    return out
