"""Seeded instances on a network: N shipments and a congestion knob, for tests and benchmarks."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import timedelta

import networkx as nx

from routing import timeexpanded as tx
from routing.network import Network
from routing.paths import base_prices, cheapest
from routing.shipments import Demand, Objective, Shipment

#: Modes whose services `congestion` shrinks: the cheap trunk services.
CONGESTED_MODES = ("rail", "sea")
DEFAULT_OBJECTIVE = Objective(
    late_cost_per_kg_h=0.05, co2e_cost_per_kg=0.1, unplanned_cost_per_kg=100.0
)


def generate(
    network: Network,
    n: int,
    *,
    congestion: float = 0.0,
    seed: int = 0,
    objective: Objective = DEFAULT_OBJECTIVE,
) -> tuple[Network, Demand]:
    """N shipments from the home country's bonded zones and warehouses to reachable hubs abroad.

    `congestion` c > 0 makes the cheap trunk services (rail and sea) short of room: if every
    shipment took its cheapest route, a used service's departures from the first to the last
    one carrying that demand could take only 1 / c of it (never less than the largest shipment
    each), so the rest must wait, pay for air or road alternatives, or stay unplanned; c = 0
    keeps the network's capacities. Air and road keep theirs: they are the dearer way out.
    """
    rng = random.Random(seed)
    pairs = _pairs(network)
    te = tx.build(network)
    horizon = te.t0
    shipments = []
    for i in range(n):
        origin, dest, fastest_h = pairs[rng.randrange(len(pairs))]
        ready = horizon + timedelta(hours=rng.randrange(0, 10 * 24))
        tight = rng.random() < 0.2
        slack = rng.uniform(0.9, 1.3) if tight else rng.uniform(1.3, 3.0)
        due = ready + timedelta(hours=round(fastest_h * slack + 24))
        weight = round(min(20000.0, max(20.0, rng.lognormvariate(6.2, 1.1))), 1)
        volume = round(weight / rng.uniform(80, 400), 3)
        cargo = rng.choices(["general", "cold", "dg"], weights=[85, 10, 5])[0]
        shipments.append(
            Shipment(
                f"SH-{i + 1:05d}",
                origin,
                dest,
                ready,
                due,
                weight,
                volume,
                cargo,
                round(weight * rng.uniform(50, 500), 2),
            )
        )
    demand = Demand(tuple(shipments), objective)
    if congestion > 0:
        network = _congest(network, te, demand, congestion)
    return network, demand


def _pairs(network: Network) -> list[tuple[str, str, float]]:
    """(origin, destination, fastest transit hours) for reachable export pairs."""
    g = nx.DiGraph()
    for s in network.services.values():
        h = s.transit_h + network.hubs[s.destination].handling_h
        if not g.has_edge(s.origin, s.destination) or g[s.origin][s.destination]["h"] > h:
            g.add_edge(s.origin, s.destination, h=h)
    home = max(
        {h.country for h in network.hubs.values()},
        key=lambda c: sum(h.country == c for h in network.hubs.values()),
    )
    origins = [
        h.id
        for h in network.hubs.values()
        if h.country == home and h.kind in ("bonded", "warehouse") and h.id in g
    ]
    dests = [h.id for h in network.hubs.values() if h.country != home and h.id in g]
    pairs = []
    for o in origins:
        lengths = nx.single_source_dijkstra_path_length(g, o, weight="h")
        for d in dests:
            if d in lengths:
                weight = 3 if network.hubs[d].kind == "warehouse" else 1
                pairs += [(o, d, float(lengths[d]))] * weight
    if not pairs:
        raise ValueError("the network has no route from a home hub to a hub abroad")
    return pairs


def _congest(network: Network, te: tx.TimeExpanded, demand: Demand, c: float) -> Network:
    """Shrink the per-departure capacities of the cheap trunk services (CONGESTED_MODES) so that,
    over the departures their cheapest-route demand falls on, they carry 1 / c of it."""
    b = tx.batch(te, demand.shipments, demand.objective)
    prices = base_prices(te, demand.objective.co2e_cost_per_kg)
    _, paths = cheapest(te, b, prices)
    total_kg: dict[str, float] = defaultdict(float)
    total_m3: dict[str, float] = defaultdict(float)
    largest: dict[str, float] = defaultdict(float)
    loaded: dict[str, list[int]] = defaultdict(list)
    for s, path in enumerate(paths):
        for d in path or ():
            sid = te.departures[d].service.id
            total_kg[sid] += b.weight[s]
            total_m3[sid] += b.volume[s]
            largest[sid] = max(largest[sid], b.weight[s])
            loaded[sid].append(d)
    services = {}
    for sid, svc in network.services.items():
        if sid in loaded and svc.mode in CONGESTED_MODES:
            window = _window(te, svc.departures, loaded[sid])
            kg = max(total_kg[sid] / (c * window), largest[sid])
            m3 = total_m3[sid] / total_kg[sid] * kg
            svc = dataclasses.replace(
                svc,
                capacity_kg=round(min(svc.capacity_kg or kg, kg), 1),
                capacity_m3=round(min(svc.capacity_m3 or m3, m3), 3),
            )
        services[sid] = svc
    return network.replace_services(services)


def _window(te: tx.TimeExpanded, departures: tuple, used: list[int]) -> int:
    """How many departures of the service lie from its first to its last loaded one."""
    times = [te.departures[d].depart for d in used]
    return sum(1 for t in departures if min(times) <= t <= max(times))
