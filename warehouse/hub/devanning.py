"""Devanning by scan: each package out of its inbound container, over, short and damaged.

A scan of a manifested package devans it (once: a second scan is refused). A code on no
manifest is an *over* package: recorded and held (it has no declared customs status, so no
ledger line takes it) and answered with a warning. Closing the devanning marks every package
not scanned *short*. Damaged packages go to the hold area and stay out of the loads.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid
from warehouse.hub import events, ledger
from warehouse.hub.manifest import inbound_by_no
from warehouse.hub.models import HubSite, InboundContainer, Package
from warehouse.hub.statuses import CustomsStatus, State
from warehouse.trace import parse_code
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import allocate_ssccs

UNDECLARED = ""  # the customs status of an over package until customs declares it
DEVANNED = "devanned"


@dataclass(frozen=True)
class Devanned:
    package: Package
    inbound: InboundContainer
    remaining: int


def find_package(session: Session, hub: HubSite, code: str) -> Package | None:
    """The package a scanned code names: its SSCC in any GS1 form, or its waybill."""
    parsed = parse_code(code)
    where = Package.sscc == parsed.sscc if parsed.sscc else Package.code == parsed.text
    found = session.scalar(select(Package).where(Package.hub_id == hub.id, where))
    if found is None and not parsed.sscc:
        found = session.scalar(
            select(Package).where(Package.hub_id == hub.id, Package.waybill == parsed.text)
        )
    return found


def remaining(session: Session, inbound: InboundContainer) -> int:
    return int(
        session.scalar(
            select(func.count(Package.id)).where(
                Package.inbound_id == inbound.id, Package.state == State.MANIFESTED.value
            )
        )
        or 0
    )


def _open(inbound: InboundContainer) -> None:
    if inbound.status == DEVANNED:
        raise Conflict("E_DEVANNING_CLOSED", f"Devanning of {inbound.container_no} is closed.")


def _over(session: Session, hub: HubSite, inbound: InboundContainer, code: str) -> Package:
    parsed = parse_code(code)
    sscc = parsed.sscc or allocate_ssccs(session, SsccConfig(0, hub.company_prefix))[0]
    pkg = Package(
        hub_id=hub.id,
        inbound_id=inbound.id,
        code=parsed.sscc or parsed.text[:64],
        sscc=sscc,
        waybill=None if parsed.sscc else parsed.text[:64],
        epc=events.unit_epc(hub, sscc),
        dims_mm=[],
        weight_g=0,
        customs_status=UNDECLARED,
        state=State.HELD.value,
        over=True,
    )
    session.add(pkg)
    session.flush()
    return pkg


def devan(
    session: Session,
    actor: Actor,
    hub: HubSite,
    code: str,
    container_no: str | None,
    damaged: bool,
    when: dt.datetime,
) -> Devanned:
    """Take one package out of its inbound container into the hub (or record it over)."""
    inbound = inbound_by_no(session, hub, container_no) if container_no else None
    pkg = find_package(session, hub, code)
    if pkg is None:
        if inbound is None:
            raise Invalid("E_NO_TASK", "Scan the inbound container before its packages.")
        _open(inbound)
        pkg = _over(session, hub, inbound, code)
    else:
        inbound = _manifested(session, pkg, inbound)
        pkg.state = (State.HELD if damaged else State.DEVANNED).value
        line = ledger.line_for(session, hub.id, CustomsStatus(pkg.customs_status))
        ledger.post(
            session,
            actor,
            line.id,
            ledger.EntryKind.DEVANNED,
            (1, pkg.weight_g),
            ("hub_inbound", inbound.container_no),
        )
    pkg.damaged, pkg.devanned_at = damaged, when
    inbound.status = "devanning"
    events.devanned(session, hub, inbound, pkg, when)
    record(
        session,
        actor,
        "hub.devan",
        "hub_package",
        pkg.code,
        container=inbound.container_no,
        over=pkg.over,
        damaged=damaged,
        customs_status=pkg.customs_status,
    )
    return Devanned(pkg, inbound, remaining(session, inbound))


def _manifested(
    session: Session, pkg: Package, inbound: InboundContainer | None
) -> InboundContainer:
    own = session.get_one(InboundContainer, pkg.inbound_id)
    if inbound is not None and inbound.id != own.id:
        raise Conflict(
            "E_OTHER_CONTAINER",
            f"{pkg.code} is manifested in {own.container_no}.",
            expected_container=own.container_no,
        )
    if pkg.state != State.MANIFESTED.value:
        raise Conflict(
            "E_ALREADY_DEVANNED", f"{pkg.code} was devanned already ({pkg.state}).", state=pkg.state
        )
    _open(own)
    return own


def close_devanning(
    session: Session, actor: Actor, hub: HubSite, inbound: InboundContainer, when: dt.datetime
) -> list[Package]:
    """Devanning done: the packages not scanned are short. Returns them."""
    _open(inbound)
    shorts = list(
        session.scalars(
            select(Package)
            .where(Package.inbound_id == inbound.id, Package.state == State.MANIFESTED.value)
            .order_by(Package.id)
        )
    )
    for pkg in shorts:
        pkg.state = State.SHORT.value
    inbound.status, inbound.devanned_at = DEVANNED, when
    events.emptied(session, hub, inbound, when)
    record(
        session,
        actor,
        "hub.devanning.close",
        "hub_inbound",
        inbound.container_no,
        short=[p.code for p in shorts],
    )
    return shorts


def progress(session: Session, inbound: InboundContainer) -> dict[str, Any]:
    """Counts by state and the discrepancies found so far (over, short, damaged)."""
    pkgs = list(session.scalars(select(Package).where(Package.inbound_id == inbound.id)))
    manifested = [p for p in pkgs if not p.over]
    found = [
        {"code": p.code, "kind": kind}
        for p in pkgs
        for kind, hit in (
            ("over", p.over),
            ("short", p.state == State.SHORT.value),
            ("damaged", p.damaged),
        )
        if hit
    ]
    return {
        "container_no": inbound.container_no,
        "status": inbound.status,
        "manifested": len(manifested),
        "devanned": sum(1 for p in manifested if p.devanned_at is not None),
        "remaining": sum(1 for p in manifested if p.state == State.MANIFESTED.value),
        "states": dict(Counter(p.state for p in pkgs)),
        "discrepancies": found,
    }
