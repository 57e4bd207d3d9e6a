"""Disruptions: cancel or delay a departure, or close a hub, and re-plan only who is hit.

Shipments whose legs use a removed or moved departure are re-planned; every other shipment
keeps its legs, and its weight and volume stay on its departures (the re-plan sees only the
capacity left, and departures already paid for by kept shipments cost no extra cost_fixed).
Without ``now`` a hit shipment is re-planned from its origin and ready time (nothing has moved
yet). With ``now`` the legs that depart before it are under way: they stay, and the shipment
is re-planned from the hub where the last of them arrives, once that hub's handling time has
passed; a departure that has left cannot be cancelled or delayed (``DepartureLeft``). The
plan's lower_bound is then a bound over plans that keep those legs.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from routing import timeexpanded as tx
from routing.colgen import routes_objective
from routing.network import Departure, Network
from routing.optimizer import optimize
from routing.paths import Path
from routing.plan import Plan, make_plan, status_for
from routing.reasons import unplanned_reasons
from routing.shipments import Demand, Shipment

DepartureKey = tuple[str, datetime]


@dataclass(frozen=True)
class CancelDeparture:
    service: str
    depart: datetime


@dataclass(frozen=True)
class DelayDeparture:
    service: str
    depart: datetime
    delay_h: float


@dataclass(frozen=True)
class CloseHub:
    """No departure leaves or arrives at the hub from `start` on."""

    hub: str
    start: datetime


Disruption = CancelDeparture | DelayDeparture | CloseHub


class DepartureLeft(ValueError):
    """The event names a departure that has left before ``now``."""


def apply(
    network: Network, event: Disruption, now: datetime | None = None
) -> tuple[Network, set[DepartureKey]]:
    """The network after the event, and the departures (service, depart) it took away.

    With ``now``, departures that left before it are under way and stay: a closed hub still
    receives them."""
    services = dict(network.services)
    removed: set[DepartureKey] = set()
    if isinstance(event, CancelDeparture | DelayDeparture):
        svc = network.services[event.service]
        if event.depart not in svc.departures:
            raise ValueError(f"{event.service} has no departure at {event.depart}")
        if now is not None and event.depart < now:
            raise DepartureLeft(f"{event.service} left at {event.depart}, before {now}")
        times = [t for t in svc.departures if t != event.depart]
        if isinstance(event, DelayDeparture):
            times = sorted({*times, event.depart + timedelta(hours=event.delay_h)})
        services[svc.id] = dataclasses.replace(svc, departures=tuple(times))
        removed.add((svc.id, event.depart))
    else:
        for svc in network.services.values():
            gone = {
                t
                for t in svc.departures
                if (now is None or t >= now)
                and (
                    (svc.origin == event.hub and t >= event.start)
                    or (svc.destination == event.hub and svc.arrival(t) >= event.start)
                )
            }
            if gone:
                services[svc.id] = dataclasses.replace(
                    svc, departures=tuple(t for t in svc.departures if t not in gone)
                )
                removed |= {(svc.id, t) for t in gone}
    return network.replace_services(services), removed


@dataclass(frozen=True)
class Hit:
    """A shipment to re-plan: ``moved`` are its legs under way (indices into the new
    time-expanded network), ``rest`` the shipment from where they end."""

    shipment: Shipment
    moved: Path
    rest: Shipment


def replan(
    network: Network,
    demand: Demand,
    plan: Plan,
    event: Disruption,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
    now: datetime | None = None,
) -> tuple[Plan, list[str]]:
    """The re-planned plan and the ids of the shipments whose legs changed (input order)."""
    start = time.monotonic()
    after, removed = apply(network, event, now)
    te = tx.build(after)
    index = te.index()
    old = plan.routes()
    hits = [
        _hit(after, s, old[s.id], index, now)
        for s in demand.shipments
        if any(k in removed for k in old.get(s.id, ()))
    ]
    hit_ids = {h.shipment.id for h in hits}
    kept: dict[str, Path | None] = {
        s.id: tuple(index[k] for k in old[s.id]) if s.id in old else None
        for s in demand.shipments
        if s.id not in hit_ids
    }
    whole = tx.batch(te, demand.shipments, demand.objective)
    position = {s.id: i for i, s in enumerate(demand.shipments)}
    held = [(position[sid], path) for sid, path in kept.items() if path]
    held += [(position[h.shipment.id], h.moved) for h in hits if h.moved]
    sub_te = _room_left(te, whole, held)
    co2e = demand.objective.co2e_cost_per_kg
    sub = _rest_batch(te, whole, hits, position, demand, co2e)
    remaining = max(1.0, time_limit_s - (time.monotonic() - start))
    result = optimize(sub_te, sub, co2e, time_limit_s=remaining, seed=seed) if hits else None
    routes: dict[str, list[Departure]] = {
        sid: [te.departures[d] for d in path] for sid, path in kept.items() if path
    }
    reasons = {s.id: s.reason or "NO_ROUTE" for s in plan.shipments if not s.planned}
    bound = _kept_objective(te, whole, kept, position, co2e)
    bound += sum(_moved_cost(te, whole, position[h.shipment.id], h.moved, co2e) for h in hits)
    if result is not None:
        bound += result.bound
        missing = [k for k, p in enumerate(result.routes) if p is None]
        for k, why in unplanned_reasons(sub_te, sub, missing, co2e).items():
            reasons[hits[k].shipment.id] = why
        for k, path in enumerate(result.routes):
            if path is not None:
                routes[hits[k].shipment.id] = [te.departures[d] for d in hits[k].moved + path]
    new = make_plan(
        after, demand, routes, reasons, lower_bound=bound, solve_s=time.monotonic() - start
    )
    new = dataclasses.replace(new, status=status_for(new.objective, new.lower_bound))
    changed = [
        h.shipment.id for h in hits if new.routes().get(h.shipment.id) != old.get(h.shipment.id)
    ]
    return new, changed


def _hit(
    network: Network,
    shipment: Shipment,
    legs: Sequence[DepartureKey],
    index: dict[DepartureKey, int],
    now: datetime | None,
) -> Hit:
    moved = [k for k in legs if now is not None and k[1] < now]
    if not moved:
        return Hit(shipment, (), shipment)
    last = network.services[moved[-1][0]]
    hub = last.destination
    ready = last.arrival(moved[-1][1]) + timedelta(hours=network.hubs[hub].handling_h)
    path = tuple(index[k] for k in moved)
    return Hit(shipment, path, dataclasses.replace(shipment, origin=hub, ready=ready))


def _room_left(
    te: tx.TimeExpanded, whole: tx.Batch, held: list[tuple[int, Path]]
) -> tx.TimeExpanded:
    """The network with the room the held legs take away, their departures paid for."""
    used_kg, used_m3 = np.zeros(te.n), np.zeros(te.n)
    opened = np.zeros(te.n, dtype=bool)
    for s, path in held:
        for d in path:
            used_kg[d] += whole.weight[s]
            used_m3[d] += whole.volume[s]
            opened[d] = True
    return dataclasses.replace(
        te,
        cap_kg=te.cap_kg - used_kg,
        cap_m3=te.cap_m3 - used_m3,
        fixed=np.where(opened, 0.0, te.fixed),
    )


def _rest_batch(
    te: tx.TimeExpanded,
    whole: tx.Batch,
    hits: list[Hit],
    position: dict[str, int],
    demand: Demand,
    co2e: float,
) -> tx.Batch:
    """The hit shipments from where they are. A shipment under way that is left unplanned
    costs its unplanned cost in the plan: its rest is charged that less what it has moved."""
    rest = tx.batch(te, [h.rest for h in hits], demand.objective)
    moved = [_moved_cost(te, whole, position[h.shipment.id], h.moved, co2e) for h in hits]
    return dataclasses.replace(rest, unplanned=rest.unplanned - np.array(moved, dtype=float))


def _moved_cost(te: tx.TimeExpanded, b: tx.Batch, s: int, moved: Path, co2e: float) -> float:
    """Freight, CO2e and handling of the legs under way, the handling where they end included
    (the column cost of a route is this plus the column cost of the rest)."""
    total = 0.0
    for d in moved:
        total += b.charge[s, te.mode[d]] * te.cost_per_kg[d]
        total += b.weight[s] * (co2e * te.co2_per_kg[d] + te.handling_per_kg[te.arr_hub[d]])
    return float(total)


def _kept_objective(
    te: tx.TimeExpanded,
    whole: tx.Batch,
    kept: dict[str, Path | None],
    position: dict[str, int],
    co2e: float,
) -> float:
    ids = list(kept)
    sub = tx.subset(whole, [position[i] for i in ids])
    return routes_objective(te, sub, [kept[i] for i in ids], co2e)
