"""Loading by scan, in the planned order, each scan answered with the next box and its place.

The handheld scans the container it loads (its number or its SSCC) and then each package.
Containers load independently (one per dock door): the next box of a container is the first
of its placements, in loading order, not yet loaded
(:func:`routing.loadplan.handheld.next_placement`). Refused: a package of a customs status
the load does not take (``E_STATUS_MIX``), a package planned into another container
(``E_WRONG_CONTAINER``), any other package (``E_WRONG_BOX``, with the expected one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from routing.loadplan.handheld import next_placement
from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.hub import events
from warehouse.hub.containers import validate_container_no
from warehouse.hub.devanning import find_package
from warehouse.hub.loads import containers_of
from warehouse.hub.models import HubSite, OutboundContainer, OutboundLoad, Package
from warehouse.hub.statuses import State

OPEN = ("planned", "loading")


@dataclass(frozen=True)
class LoadedBox:
    package: Package
    container: OutboundContainer
    next: dict[str, Any] | None


def loaded_codes(session: Session, load: OutboundLoad) -> set[str]:
    return set(
        session.scalars(
            select(Package.code).where(
                Package.load_id == load.id, Package.state == State.LOADED.value
            )
        )
    )


def describe(session: Session, load: OutboundLoad, step: dict[str, Any] | None) -> dict | None:
    """A handheld step with the container's number and the box's orientation."""
    if step is None:
        return None
    row = next(c for c in containers_of(session, load) if c.plan_index == step["container"])
    box = next(b for b in load.plan_input["boxes"] if b["id"] == step["box"])
    turned = [float(d) for d in step["dims_cm"]] != [float(d) for d in box["dims_cm"]]
    return {
        **step,
        "container_no": row.container_no,
        "orientation": "turned" if turned else "as_listed",
    }


def next_box(session: Session, load: OutboundLoad, container: int | None = None) -> dict | None:
    """The next box of the load (or of one container of it), or None when all are in."""
    step = next_placement(load.plan, loaded_codes(session, load), container)
    return describe(session, load, step)


def container_at(session: Session, hub: HubSite, code: str | None) -> OutboundContainer:
    """The outbound container being loaded, from its number or its SSCC."""
    if not code:
        raise Invalid("E_NO_CONTAINER", "Scan the container you load before the boxes.")
    key = OutboundContainer.sscc if code.isdigit() else OutboundContainer.container_no
    value = code if code.isdigit() else validate_container_no(code)
    found = session.scalar(
        select(OutboundContainer)
        .join(OutboundLoad, OutboundLoad.id == OutboundContainer.load_id)
        .where(
            key == value,
            OutboundLoad.hub_id == hub.id,
            OutboundLoad.status.in_(OPEN),
            OutboundContainer.plan_index.is_not(None),
        )
    )
    if found is None:
        raise NotFound("E_UNKNOWN_CONTAINER", f"No container {code} is being loaded here.")
    return found


def _refuse(
    session: Session, load: OutboundLoad, pkg: Package, expected: dict, container_id: int
) -> None:
    if pkg.customs_status not in load.statuses:
        raise Conflict(
            "E_STATUS_MIX",
            f"{pkg.code} is {pkg.customs_status or 'undeclared'}; "
            f"this load takes {', '.join(load.statuses)} only.",
            expected=expected,
        )
    if pkg.state == State.LOADED.value:
        raise Conflict("E_ALREADY_LOADED", f"{pkg.code} is loaded already.")
    if pkg.load_id == load.id and pkg.container_id != container_id:
        other = session.get_one(OutboundContainer, pkg.container_id)
        raise Conflict(
            "E_WRONG_CONTAINER",
            f"{pkg.code} goes into {other.container_no}.",
            expected_container=other.container_no,
            expected=expected,
        )
    raise Conflict("E_WRONG_BOX", f"Wrong box: load {expected['box']} next.", expected=expected)


def load_box(
    session: Session,
    actor: Actor,
    hub: HubSite,
    code: str,
    container_code: str | None,
    when: dt.datetime,
) -> LoadedBox:
    """Load one scanned package into the container scanned before it, if it is next."""
    container = container_at(session, hub, container_code)
    load = session.get_one(OutboundLoad, container.load_id)
    expected = next_box(session, load, container.plan_index)
    if expected is None:
        raise Conflict("E_CONTAINER_COMPLETE", f"{container.container_no} is complete: seal it.")
    pkg = find_package(session, hub, code)
    if pkg is None:
        raise NotFound("E_UNKNOWN_CODE", f"{code!r} is no package of this hub.", expected=expected)
    if pkg.code != expected["box"]:
        _refuse(session, load, pkg, expected, container.id)
    pkg.state, pkg.loaded_at = State.LOADED.value, when
    load.status = "loading"
    assert container.sscc is not None
    events.loaded(session, hub, container.sscc, pkg, when)
    record(
        session,
        actor,
        "hub.load",
        "hub_package",
        pkg.code,
        load=load.no,
        container=container.container_no,
        step=expected["step"],
    )
    session.flush()
    return LoadedBox(pkg, container, next_box(session, load, container.plan_index))
