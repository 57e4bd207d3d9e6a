"""Disruptions: cancel or delay a departure, or close a hub, and re-plan only who is hit.

Shipments whose legs use a removed or moved departure are re-planned from their origin; every
other shipment keeps its legs, and its weight and volume stay on its departures (the re-plan
sees only the capacity left, and departures already paid for by kept shipments cost no extra
cost_fixed). The plan's lower_bound is then a bound over plans that keep those legs.
"""

from __future__ import annotations

import dataclasses
import time
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
from routing.shipments import Demand

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


def apply(network: Network, event: Disruption) -> tuple[Network, set[DepartureKey]]:
    """The network after the event, and the departures (service, depart) it took away."""
    services = dict(network.services)
    removed: set[DepartureKey] = set()
    if isinstance(event, CancelDeparture | DelayDeparture):
        svc = network.services[event.service]
        if event.depart not in svc.departures:
            raise ValueError(f"{event.service} has no departure at {event.depart}")
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
                if (svc.origin == event.hub and t >= event.start)
                or (svc.destination == event.hub and svc.arrival(t) >= event.start)
            }
            if gone:
                services[svc.id] = dataclasses.replace(
                    svc, departures=tuple(t for t in svc.departures if t not in gone)
                )
                removed |= {(svc.id, t) for t in gone}
    return network.replace_services(services), removed


def replan(
    network: Network,
    demand: Demand,
    plan: Plan,
    event: Disruption,
    *,
    time_limit_s: float = 10.0,
    seed: int = 0,
) -> tuple[Plan, list[str]]:
    """The re-planned plan and the ids of the shipments whose legs changed (input order)."""
    start = time.monotonic()
    after, removed = apply(network, event)
    te = tx.build(after)
    index = te.index()
    old = plan.routes()
    hit = [s for s in demand.shipments if any(k in removed for k in old.get(s.id, ()))]
    hit_ids = {s.id for s in hit}
    kept: dict[str, Path | None] = {
        s.id: tuple(index[k] for k in old[s.id]) if s.id in old else None
        for s in demand.shipments
        if s.id not in hit_ids
    }
    whole = tx.batch(te, demand.shipments, demand.objective)
    position = {s.id: i for i, s in enumerate(demand.shipments)}
    used_kg, used_m3 = np.zeros(te.n), np.zeros(te.n)
    opened = np.zeros(te.n, dtype=bool)
    for sid, path in kept.items():
        for d in path or ():
            used_kg[d] += whole.weight[position[sid]]
            used_m3[d] += whole.volume[position[sid]]
            opened[d] = True
    sub_te = dataclasses.replace(
        te,
        cap_kg=te.cap_kg - used_kg,
        cap_m3=te.cap_m3 - used_m3,
        fixed=np.where(opened, 0.0, te.fixed),
    )
    sub = tx.subset(whole, [position[s.id] for s in hit])
    co2e = demand.objective.co2e_cost_per_kg
    remaining = max(1.0, time_limit_s - (time.monotonic() - start))
    result = optimize(sub_te, sub, co2e, time_limit_s=remaining, seed=seed) if hit else None
    routes: dict[str, list[Departure]] = {
        sid: [te.departures[d] for d in path] for sid, path in kept.items() if path
    }
    reasons = {s.id: s.reason or "NO_ROUTE" for s in plan.shipments if not s.planned}
    bound = _kept_objective(te, whole, kept, position, co2e)
    if result is not None:
        bound += result.bound
        missing = [k for k, p in enumerate(result.routes) if p is None]
        for k, why in unplanned_reasons(sub_te, sub, missing, co2e).items():
            reasons[hit[k].id] = why
        for k, path in enumerate(result.routes):
            if path is not None:
                routes[hit[k].id] = [te.departures[d] for d in path]
    new = make_plan(
        after, demand, routes, reasons, lower_bound=bound, solve_s=time.monotonic() - start
    )
    new = dataclasses.replace(new, status=status_for(new.objective, new.lower_bound))
    changed = [s.id for s in hit if new.routes().get(s.id) != old.get(s.id)]
    return new, changed


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
