"""Column pools and pool plans for the routing search tests."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

from routing import colgen
from routing import timeexpanded as tx
from routing.generate import generate
from routing.greedy import greedy_routes
from routing.improve import PoolPlan, load
from routing.master import Master
from routing.network import parse_network
from routing.paths import Path, cheapest
from routing.shipments import Demand, parse_shipments


def greedy_master(
    te: tx.TimeExpanded, b: tx.Batch, co2e: float
) -> tuple[list[Path | None], Master]:
    """The greedy plan's routes, and a master whose pool holds each planned one."""
    greedy = greedy_routes(te, b, co2e)
    master = Master(te, b, co2e)
    for s, path in enumerate(greedy):
        if path is not None:
            master.add_column(s, path)
    return greedy, master


def congested_pool(
    seed_doc: dict[str, Any],
) -> tuple[tx.TimeExpanded, tx.Batch, float, list[Path | None], Master]:
    """A congested instance on the seed network (120 shipments, seed 5): its network, batch,
    CO2e price, greedy routes, and a master after four rounds of column generation."""
    network, demand = generate(parse_network(seed_doc), 120, congestion=1.5, seed=5)
    te = tx.build(network)
    b = tx.batch(te, demand.shipments, demand.objective)
    co2e = demand.objective.co2e_cost_per_kg
    greedy, master = greedy_master(te, b, co2e)
    for _ in range(4):
        master.solve_lp()
        master.separate()
        _, paths = cheapest(te, b, colgen.pricing_prices(te, co2e, master.duals()))
        for s, path in enumerate(paths):
            if path is not None:
                master.add_column(s, path)
    return te, b, co2e, greedy, master


def plan_of(
    te: tx.TimeExpanded, b: tx.Batch, master: Master, routes: Sequence[Path | None]
) -> PoolPlan:
    """The pool plan putting each shipment on its route (already in the pool) or unplanned."""
    keys = [None if p is None else master.keys[s, p] for s, p in enumerate(routes)]
    return load(PoolPlan(te, b, master.cols, master.of_shipment), keys)


def sea_and_air(
    docs: SimpleNamespace, ships: list[dict[str, Any]], air_kg: float
) -> tuple[Demand, tx.TimeExpanded, tx.Batch, Path, Path]:
    """A to D by one 1,000 kg sailing at 0.5 CNY/kg or one flight of ``air_kg`` at 5 CNY/kg,
    both on day 1: the demand, network, batch and the one-leg paths of the two departures."""
    net = parse_network(
        {
            "hubs": [docs.hub("A"), docs.hub("D")],
            "services": [
                docs.service("AD-SEA", "sea", "A", "D", [1], cost_per_kg=0.5, capacity_m3=100),
                docs.service("AD-AIR", "air", "A", "D", [1], cost_per_kg=5.0, capacity_kg=air_kg),
            ],
        }
    )
    demand = parse_shipments(docs.shipments_doc(ships), net)
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    at = te.index()
    depart = te.departures[0].depart
    return demand, te, b, (at["AD-SEA", depart],), (at["AD-AIR", depart],)
