"""Seeded instances on a network: N shipments and a congestion knob, for tests and benchmarks."""

from __future__ import annotations

import dataclasses
import random
from collections import defaultdict
from datetime import timedelta

import networkx as nx
import numpy as np

from routing import timeexpanded as tx
from routing.network import Network
from routing.paths import base_prices, cheapest
from routing.shipments import Demand, Objective, Shipment

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

    `congestion` c > 0 shrinks each used service's per-departure capacities so that its busiest
    departure would carry c times its capacity if every shipment took its cheapest route (never
    below the largest shipment that route carried); c = 0 keeps the network's capacities.
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
    b = tx.batch(te, demand.shipments, demand.objective)
    prices = base_prices(te, demand.objective.co2e_cost_per_kg)
    _, paths = cheapest(te, b, prices)
    load_kg = np.zeros(te.n)
    load_m3 = np.zeros(te.n)
    largest: dict[str, float] = defaultdict(float)
    for s, path in enumerate(paths):
        for d in path or ():
            load_kg[d] += b.weight[s]
            load_m3[d] += b.volume[s]
            sid = te.departures[d].service.id
            largest[sid] = max(largest[sid], b.weight[s])
    peak_kg: dict[str, float] = defaultdict(float)
    peak_m3: dict[str, float] = defaultdict(float)
    for d, dep in enumerate(te.departures):
        peak_kg[dep.service.id] = max(peak_kg[dep.service.id], load_kg[d])
        peak_m3[dep.service.id] = max(peak_m3[dep.service.id], load_m3[d])
    services = {}
    for sid, svc in network.services.items():
        if peak_kg[sid] > 0:
            kg = max(peak_kg[sid] / c, largest[sid])
            m3 = peak_m3[sid] / c * kg / (peak_kg[sid] / c)
            svc = dataclasses.replace(
                svc,
                capacity_kg=round(min(svc.capacity_kg or kg, kg), 1),
                capacity_m3=round(min(svc.capacity_m3 or m3, m3), 3),
            )
        services[sid] = svc
    return network.replace_services(services)
