"""Closing a load: seals recorded, a customs transit record per container, then departure.

A load is sealed only when every planned box is in (``E_LOAD_INCOMPLETE`` otherwise) and
every container used has its seal number (``E_NO_SEAL``). Departure ships the containers
and takes the packages off the hub ledger: one entry per customs status per transit record,
so statuses never mix in a line even when they share a container.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid
from warehouse.hub import events, ledger
from warehouse.hub.containers import validate_container_no
from warehouse.hub.loading import OPEN, next_box
from warehouse.hub.loads import containers_of
from warehouse.hub.models import HubSite, OutboundContainer, OutboundLoad, Package, TransitRecord
from warehouse.hub.statuses import CustomsStatus, State


def _packages(session: Session, container: OutboundContainer) -> list[Package]:
    return list(
        session.scalars(
            select(Package).where(Package.container_id == container.id).order_by(Package.id)
        )
    )


def _summary(packages: list[Package]) -> dict[str, Any]:
    out: dict[str, dict[str, float]] = defaultdict(lambda: {"packages": 0, "weight_kg": 0.0})
    for p in packages:
        out[p.customs_status]["packages"] += 1
        out[p.customs_status]["weight_kg"] += p.weight_g / 1000
    return dict(out)


def _seals(used: list[OutboundContainer], seals: Mapping[str, str]) -> dict[str, str]:
    given = {validate_container_no(no): seal.strip() for no, seal in seals.items()}
    numbers = {c.container_no for c in used}
    if set(given) - numbers:
        raise Invalid(
            "E_UNKNOWN_CONTAINER", f"Not in this load: {', '.join(sorted(set(given) - numbers))}."
        )
    missing = sorted(n for n in numbers if not given.get(n))
    if missing:
        raise Invalid(
            "E_NO_SEAL", f"Seal numbers missing for {', '.join(missing)}.", containers=missing
        )
    return given


def transit_record(
    session: Session,
    hub: HubSite,
    load: OutboundLoad,
    container: OutboundContainer,
    when: dt.datetime,
) -> TransitRecord:
    pkgs = _packages(session, container)
    tr = TransitRecord(
        no=f"TR-{load.no}-{container.plan_index}",
        load_id=load.id,
        container_id=container.id,
        container_no=container.container_no,
        seal=container.seal or "",
        service=load.service,
        packages=[
            {
                "code": p.code,
                "sscc": p.sscc,
                "waybill": p.waybill,
                "customs_status": p.customs_status,
                "cargo": p.cargo,
                "weight_kg": p.weight_g / 1000,
            }
            for p in pkgs
        ],
        statuses=_summary(pkgs),
        created_at=when,
    )
    session.add(tr)
    return tr


def close_load(
    session: Session,
    actor: Actor,
    hub: HubSite,
    load: OutboundLoad,
    seals: Mapping[str, str],
    when: dt.datetime,
) -> list[TransitRecord]:
    """Seal every container of a fully loaded load and write its transit records."""
    if load.status not in OPEN:
        raise Conflict("E_LOAD_CLOSED", f"Load {load.no} is {load.status}.")
    missing = next_box(session, load)
    if missing is not None:
        raise Conflict(
            "E_LOAD_INCOMPLETE",
            f"Load {load.no} is not fully loaded: {missing['box']} is next.",
            next=missing,
        )
    used = [c for c in containers_of(session, load) if c.plan_index is not None]
    given = _seals(used, seals)
    records = []
    for c in used:
        c.seal = given[c.container_no]
        tr = transit_record(session, hub, load, c, when)
        assert c.sscc is not None
        extra = {"silk:containerNo": c.container_no, "silk:seal": c.seal}
        events.sealed(session, hub, c.sscc, tr.no, extra, when)
        records.append(tr)
    load.status, load.sealed_at = "sealed", when
    session.flush()
    record(
        session,
        actor,
        "hub.load.seal",
        "hub_load",
        load.no,
        seals={c.container_no: c.seal for c in used},
    )
    return records


def transit_records(session: Session, load: OutboundLoad) -> list[TransitRecord]:
    return list(
        session.scalars(
            select(TransitRecord).where(TransitRecord.load_id == load.id).order_by(TransitRecord.id)
        )
    )


def depart(
    session: Session, actor: Actor, hub: HubSite, load: OutboundLoad, when: dt.datetime
) -> None:
    """The sealed containers leave: shipped, and off the hub ledger status by status."""
    if load.status != "sealed":
        raise Conflict("E_NOT_SEALED", f"Load {load.no} is {load.status}: seal it first.")
    for tr in transit_records(session, load):
        for status, total in sorted(tr.statuses.items()):
            line = ledger.line_for(session, hub.id, CustomsStatus(status))
            grams = sum(
                round(p["weight_kg"] * 1000) for p in tr.packages if p["customs_status"] == status
            )
            ledger.post(
                session,
                actor,
                line.id,
                ledger.EntryKind.DEPARTED,
                (-int(total["packages"]), -grams),
                ("hub_transit", tr.no),
            )
    for c in containers_of(session, load):
        for p in _packages(session, c):
            p.state = State.DEPARTED.value
    ssccs = [c.sscc for c in containers_of(session, load) if c.sscc]
    events.departed(session, hub, ssccs, load.service, when)
    load.status, load.departed_at = "departed", when
    record(session, actor, "hub.load.depart", "hub_load", load.no, containers=len(ssccs))
