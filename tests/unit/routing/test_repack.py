"""Sub-MIP re-packing of full departures (routing.repack)."""

from __future__ import annotations

import time
from types import SimpleNamespace

from routing import colgen, eject, repack
from routing import timeexpanded as tx
from routing.generate import generate
from routing.improve import local_search
from routing.master import Master
from routing.mip import within_capacity
from routing.network import parse_network
from routing.paths import cheapest
from routing.shipments import parse_shipments
from tests.unit.routing.pools import greedy_master, plan_of


def test_two_light_shipments_take_the_sailing_from_one_heavy(docs: SimpleNamespace) -> None:
    """A 1,000 kg sailing carries a 600 kg shipment while two of 500 kg fly at ten times the
    price per kg: the plan is cheaper with the two on the sailing and the heavy one flying.
    Relocate and make-room moves cannot find it (taking the sailing for one 500 kg shipment
    alone loses 100 kg of sea freight); re-packing the three does."""
    net = parse_network(
        {
            "hubs": [docs.hub("A"), docs.hub("D")],
            "services": [
                docs.service("AD-SEA", "sea", "A", "D", [1], cost_per_kg=0.5, capacity_m3=100),
                docs.service("AD-AIR", "air", "A", "D", [1], cost_per_kg=5.0, capacity_kg=5000),
            ],
        }
    )
    ships = [docs.shipment("HEAVY", 600), docs.shipment("L1", 500), docs.shipment("L2", 500)]
    demand = parse_shipments(docs.shipments_doc(ships), net)
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    at = te.index()
    sea, air = (at["AD-SEA", te.departures[0].depart],), (at["AD-AIR", te.departures[0].depart],)
    master = Master(te, b, demand.objective.co2e_cost_per_kg)
    for s in range(3):
        master.add_column(s, sea)
        master.add_column(s, air)
    plan = plan_of(te, b, master, [sea, air, air])
    plan = eject.search(local_search(plan, time.monotonic() + 5), time.monotonic() + 5)
    stuck = plan.objective
    assert plan.routes() == [sea, air, air]
    plan = repack.search(plan, time.monotonic() + 5)
    assert plan.routes() == [air, sea, sea]
    assert plan.objective < stuck
    value = colgen.routes_objective(te, b, plan.routes(), demand.objective.co2e_cost_per_kg)
    assert abs(plan.objective - value) <= 1e-6 * value


def test_repack_never_worsens_and_keeps_capacities(seed_doc: dict) -> None:
    """From the greedy plan of a congested instance (120 shipments, seed 5) with a pool of a
    few rounds of column generation, re-packing never raises the objective, its running
    objective equals the one recomputed from the routes, and capacities hold."""
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
    start = colgen.routes_objective(te, b, greedy, co2e)
    plan = plan_of(te, b, master, greedy)
    plan = repack.search(plan, time.monotonic() + 5, seed=3)
    routes = plan.routes()
    value = colgen.routes_objective(te, b, routes, co2e)
    assert value <= start * (1 + 1e-9)
    assert abs(plan.objective - value) <= 1e-6 * value
    assert within_capacity(te, b, routes)
