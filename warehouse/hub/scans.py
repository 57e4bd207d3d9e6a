"""Scan handlers of the hub: ``unload`` (devanning), ``handover`` (into a staging lane) and
``load`` (into an outbound container). ``putaway`` belongs to the bonded warehouse.

The scan's ``site`` names the hub; ``task`` the inbound container when devanning;
``location`` the area scanned before the package: ``HOLD`` for a damaged package when
devanning, the lane when staging, the container (number or SSCC) when loading.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from warehouse.answers import actor_of, guarded
from warehouse.errors import NotFound
from warehouse.hub import devanning, loading, sorting
from warehouse.hub.sites import hub_by_code
from warehouse.scanning import Answer, Scan, handles

DAMAGE_AREAS = frozenset({"HOLD", "DAMAGED"})


@handles("unload")
@guarded
def on_unload(session: Session, scan: Scan) -> Answer:
    """Devan a package of the inbound container (``task``); over packages are warned."""
    hub = hub_by_code(session, scan.site)
    damaged = (scan.location or "").upper() in DAMAGE_AREAS
    got = devanning.devan(session, actor_of(scan), hub, scan.code, scan.task, damaged, scan.ts)
    pkg, nxt = got.package, {"op": "unload", "task": got.inbound.container_no}
    details = {"package": pkg.code, "remaining": got.remaining}
    if pkg.over:
        return Answer(
            "warn",
            "E_NOT_ON_MANIFEST",
            f"{pkg.code} is not on the manifest of "
            f"{got.inbound.container_no}: recorded over, put it in the hold.",
            nxt,
            details,
        )
    if damaged:
        return Answer(
            "warn",
            "W_DAMAGED",
            f"{pkg.code} recorded damaged: hold area. {got.remaining} to go.",
            nxt,
            details,
        )
    lane = sorting.lane_for(session, hub, pkg.service)
    return Answer.ok(
        f"{pkg.code} ({pkg.customs_status}) devanned: to lane {lane.code}. {got.remaining} to go.",
        nxt,
        **details,
        lane=lane.code,
    )


@handles("handover")
@guarded
def on_handover(session: Session, scan: Scan) -> Answer:
    """Without a lane: the sort answer (which lane). With one: staged there."""
    hub = hub_by_code(session, scan.site)
    pkg = devanning.find_package(session, hub, scan.code)
    if pkg is None:
        raise NotFound("E_UNKNOWN_CODE", f"{scan.code!r} is no package of this hub.")
    got = sorting.handover(session, actor_of(scan), hub, pkg, scan.location, scan.ts)
    if not got.staged:
        return Answer(
            "warn",
            "W_SCAN_LANE",
            f"{pkg.code}: take it to lane {got.lane.code}, scan the lane.",
            {"op": "handover", "location": got.lane.code},
            {"lane": got.lane.code, "service": pkg.service},
        )
    return Answer.ok(
        f"{pkg.code} staged in {got.lane.code}.", {"op": "handover"}, lane=got.lane.code
    )


@handles("load")
@guarded
def on_load(session: Session, scan: Scan) -> Answer:
    """Load the next box into the container scanned (``location``); answer the one after."""
    hub = hub_by_code(session, scan.site)
    got = loading.load_box(session, actor_of(scan), hub, scan.code, scan.location, scan.ts)
    where = got.container.container_no
    if got.next is None:
        return Answer.ok(
            f"{got.package.code} loaded; {where} is complete: seal it.",
            {"op": "seal", "location": where},
            package=got.package.code,
        )
    n = got.next
    return Answer.ok(
        f"{got.package.code} loaded. Next {n['box']} at {n['pos_cm']} ({n['orientation']}), "
        f"step {n['step']} of {n['of']}.",
        {"op": "load", "location": where, **n},
        package=got.package.code,
    )
