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
from warehouse.hub.loads import rendered_plan
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
    )
    for inbound in containers:
        counts = _states(session, inbound)
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


def _states(session: Session, inbound: InboundContainer) -> dict[str, int]:
    """Manifested packages of the container (over packages excluded) by state."""
    got = session.execute(
        select(Package.state, func.count(Package.id))
        .where(Package.inbound_id == inbound.id, Package.over.is_(False))
        .group_by(Package.state)
    )
    return {state: int(n) for state, n in got}


def _loads(session: Session, hub: HubSite) -> list[LoadRow]:
    found = session.scalars(
        select(OutboundLoad)
        .where(OutboundLoad.hub_id == hub.id, OutboundLoad.status != "departed")
        .order_by(OutboundLoad.created_at, OutboundLoad.id)
    )
    return [_load_row(session, load) for load in found]


def _load_row(session: Session, load: OutboundLoad) -> LoadRow:
    plan = rendered_plan(session, load)
    loaded = _loaded_per_container(session, load)
    containers = [
        _container_row(c, loaded.get(c["container_no"], 0))
        for c in plan["containers"]
        if c["placements"]
    ]
    phase = Phase.SEALED if load.status == "sealed" else Phase.LOADING
    return LoadRow(
        load.no, load.service, list(load.statuses), phase, containers, len(plan["unplaced"])
    )


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


def _loaded_per_container(session: Session, load: OutboundLoad) -> dict[str, int]:
    """Packages in each container of the load (loaded, or departed with it)."""
    got = session.execute(
        select(OutboundContainer.container_no, func.count(Package.id))
        .join(Package, Package.container_id == OutboundContainer.id)
        .where(
            OutboundContainer.load_id == load.id,
            Package.state.in_([State.LOADED.value, State.DEPARTED.value]),
        )
        .group_by(OutboundContainer.container_no)
    )
    return {no: int(n) for no, n in got}
