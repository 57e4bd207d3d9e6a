"""A hub day through the service layer and the scan seam: for ``silkhub simulate hub``.

One inbound container of ``n`` sample packages arrives; every package is devanned by an
``unload`` scan except one (short), one is scanned damaged and one unknown code is scanned
(over); the devanning is closed, the rest sorted and staged by ``handover`` scans, each
outbound service planned into 40HC containers, loaded by ``load`` scans in the handheld's
order, sealed and shipped; then the plans and the hub ledger are checked.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from routing.loadplan.check import check_plan
from warehouse import handlers
from warehouse.access.audit import Actor
from warehouse.db import utcnow
from warehouse.hub import closing, loading, loads
from warehouse.hub.check import ledger_findings
from warehouse.hub.containers import TYPES, container_number
from warehouse.hub.devanning import close_devanning
from warehouse.hub.ledger import lines
from warehouse.hub.manifest import ManifestLine, NewInbound, register_inbound
from warehouse.hub.models import HubSite, InboundContainer, Package
from warehouse.hub.sample import SHIPPER_PREFIX, sample_manifest
from warehouse.hub.sites import HubIdentity, ensure_hub
from warehouse.hub.statuses import State
from warehouse.scanning import Answer, Scan, handle_scan
from warehouse.trace.sscc import build_sscc

assert handlers.REGISTERED
SIM = Actor("simulate-hub", "cli")


@dataclass
class DaySummary:
    site: str
    packages: int
    answers: Counter[str] = field(default_factory=Counter)
    discrepancies: dict[str, list[str]] = field(default_factory=dict)
    loads: list[dict[str, Any]] = field(default_factory=list)
    ledger: list[dict[str, Any]] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    seconds: float = 0.0


class Handheld:
    """A scanner at the hub: numbered messages through :func:`warehouse.scanning.handle_scan`."""

    def __init__(self, session: Session, site: str, summary: DaySummary) -> None:
        self.session, self.site, self.summary, self.n = session, site, summary, 0

    def scan(
        self, op: str, code: str, location: str | None = None, task: str | None = None
    ) -> Answer:
        self.n += 1
        msg = Scan(
            "hs-sim",
            self.site,
            f"hs-sim:{self.n:06d}",
            op,
            code,
            utcnow(),
            user="sim",
            location=location,
            task=task,
        )
        answer = handle_scan(self.session, msg)
        self.session.commit()
        self.summary.answers[f"{op}:{answer.code}"] += 1
        return answer


def _new_site(session: Session, seed: int) -> str:
    n = int(session.scalar(select(func.count(HubSite.id))) or 0)
    return f"SIM-HUB-{seed}-{n + 1}"


def run_day(
    session: Session, identity: HubIdentity, n: int, seed: int, time_limit_s: float = 5.0
) -> DaySummary:
    started = time.monotonic()
    site = _new_site(session, seed)
    summary = DaySummary(site, n)
    hub = ensure_hub(session, SIM, site, identity)
    manifest = sample_manifest(n, seed)
    inbound_no = container_number("SIM", seed % 10**6)
    new = NewInbound(inbound_no, "SIM-SEAL", f"MF-{site}", [_line(p) for p in manifest])
    inbound = register_inbound(session, SIM, hub, new)
    session.commit()
    hand = Handheld(session, site, summary)
    codes = [p.get("sscc") or p["waybill"] for p in manifest]
    damaged = codes[-2]  # and codes[-1] is never scanned: short
    for code in codes[:-1]:
        hand.scan("unload", code, "HOLD" if code == damaged else None, inbound_no)
    hand.scan("unload", build_sscc(0, SHIPPER_PREFIX, 999_999_999), None, inbound_no)
    shorts = closing_devanning(session, hub, inbound)
    summary.discrepancies = {"short": shorts, "damaged": [damaged], "over": ["(unknown SSCC)"]}
    for code in codes[:-2]:
        told = hand.scan("handover", code)
        hand.scan("handover", code, (told.next or {}).get("location"))
    for service in sorted({p["service"] for p in manifest}):
        summary.loads.append(_ship_service(session, hub, hand, service, time_limit_s, seed))
    summary.ledger = [
        {
            "customs_status": ln.customs_status,
            "packages": ln.packages,
            "weight_kg": ln.weight_g / 1000,
        }
        for ln in lines(session, hub.id)
    ]
    summary.findings += ledger_findings(session, hub)
    summary.seconds = time.monotonic() - started
    return summary


def closing_devanning(session: Session, hub: HubSite, inbound: InboundContainer) -> list[str]:
    shorts = close_devanning(session, SIM, hub, inbound, utcnow())
    session.commit()
    return [p.code for p in shorts]


def _line(p: dict[str, Any]) -> ManifestLine:
    return ManifestLine(**{**p, "dims_cm": tuple(p["dims_cm"])})


def _containers(session: Session, hub: HubSite, service: str, seed: int) -> list[tuple[str, str]]:
    staged = session.scalars(
        select(Package).where(
            Package.hub_id == hub.id,
            Package.service == service,
            Package.state == State.STAGED.value,
        )
    ).all()
    volume = sum(math.prod(p.dims_mm) for p in staged) / 1000  # cm3
    inner = math.prod(TYPES["40HC"].inner_cm)
    need = 1 + math.ceil(volume / (0.7 * inner))
    base = (seed * 97 + len(service) * 1000 + hub.id * 10_000) % 900_000
    return [(container_number("SIM", base + i, "U"), "40HC") for i in range(need)]


def _ship_service(
    session: Session, hub: HubSite, hand: Handheld, service: str, time_limit_s: float, seed: int
) -> dict[str, Any]:
    new = loads.NewLoad(
        service, _containers(session, hub, service, seed), time_limit_s=time_limit_s, seed=seed
    )
    load = loads.create_load(session, SIM, hub, new)
    session.commit()
    step = loading.next_box(session, load)
    while step is not None:
        hand.scan("load", step["box"], step["container_no"])
        step = loading.next_box(session, load)
    used = [c for c in loads.containers_of(session, load) if c.plan_index is not None]
    closing.close_load(
        session, SIM, hub, load, {c.container_no: f"SL{c.id:06d}" for c in used}, utcnow()
    )
    closing.depart(session, SIM, hub, load, utcnow() + dt.timedelta(seconds=1))
    session.commit()
    problems = check_plan(load.plan_input, load.plan)
    return {
        "no": load.no,
        "service": service,
        "containers": len(used),
        "fill": [round(c["fill"], 3) for c in load.plan["containers"] if c["placements"]],
        "boxes": sum(len(c["placements"]) for c in load.plan["containers"]),
        "unplaced": load.plan["unplaced"],
        "lower_bound": load.plan["lower_bound_containers"],
        "check": problems,
    }
