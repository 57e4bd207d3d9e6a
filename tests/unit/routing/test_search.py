"""Building blocks of the optimizer: scalar pricing, pool local search, LNS, smoothed bounds."""

from __future__ import annotations

import time
from types import SimpleNamespace

import numpy as np

from routing import colgen, lns
from routing import timeexpanded as tx
from routing.generate import generate
from routing.greedy import greedy_prices
from routing.improve import local_search
from routing.mip import within_capacity
from routing.network import parse_network
from routing.optimizer import solve
from routing.paths import base_prices, cheapest, cheapest_one
from routing.shipments import parse_shipments
from tests.unit.routing.pools import greedy_master, plan_of


def _instance(seed_doc: dict, n: int, congestion: float, seed: int) -> tuple:
    network, demand = generate(parse_network(seed_doc), n, congestion=congestion, seed=seed)
    te = tx.build(network)
    return network, demand, te, tx.batch(te, demand.shipments, demand.objective)


def test_scalar_pricing_matches_the_vector_sweep(seed_doc: dict) -> None:
    """cheapest_one(s) gives exactly the cost and path of cheapest() for shipment s, with
    capacity limits, fixed-cost constants and cargo masks (seed 3, 40 shipments)."""
    _, demand, te, b = _instance(seed_doc, 40, 1.5, 3)
    prices = greedy_prices(te, demand.objective.co2e_cost_per_kg)
    prices.limit_kg = prices.limit_kg * 0.5
    costs, paths = cheapest(te, b, prices)
    for s in range(len(b.shipments)):
        cost, path = cheapest_one(te, b, prices, s)
        assert path == paths[s]
        assert cost == costs[s] or (np.isinf(cost) and np.isinf(costs[s]))


def test_local_search_and_lns_never_worsen_and_keep_capacities(seed_doc: dict) -> None:
    """Starting from the greedy plan, the pool local search and the ruin-and-recreate search
    only accept moves that do not raise the objective, keep every departure within capacity,
    and their running objective equals the objective recomputed from the routes (seed 5)."""
    _, demand, te, b = _instance(seed_doc, 120, 1.5, 5)
    co2e = demand.objective.co2e_cost_per_kg
    greedy, master = greedy_master(te, b, co2e)
    start = colgen.routes_objective(te, b, greedy, co2e)
    plan = plan_of(te, b, master, greedy)
    assert abs(plan.objective - start) <= 1e-6 * start
    plan = local_search(plan, time.monotonic() + 5, seed=1)
    plan = lns.search(plan, te, b, co2e, master.add_column, time.monotonic() + 5, seed=2)
    routes = plan.routes()
    value = colgen.routes_objective(te, b, routes, co2e)
    assert value <= start * (1 + 1e-9)
    assert abs(plan.objective - value) <= 1e-6 * value
    assert within_capacity(te, b, routes)


def test_any_nonnegative_multipliers_bound_the_optimum(docs: SimpleNamespace) -> None:
    """The Lagrangian bound at any alpha, beta, gamma >= 0 (here random ones and their
    Wentges mix with the zero multipliers, seed 7) is at most a proven optimal objective."""
    net = parse_network(docs.small_network())
    demand = parse_shipments(
        docs.shipments_doc([docs.shipment(f"S{i}", 250 + 100 * i) for i in range(5)]), net
    )
    plan = solve(net, demand, time_limit_s=5)
    assert plan.status == "optimal"
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    big_k = np.where(np.isfinite(te.cap_kg), te.cap_kg, float(b.weight.sum()))
    rng = np.random.default_rng(7)
    zero = colgen.Duals(np.zeros(len(b.shipments)), np.zeros(te.n), np.zeros(te.n), {})
    for _ in range(20):
        gamma = {
            int(d): {int(s): float(rng.random() * 500) for s in range(len(b.shipments))}
            for d in np.flatnonzero(te.fixed > 0)
        }
        duals = colgen.Duals(zero.pi, rng.random(te.n) * 2, rng.random(te.n) * 50, gamma)
        for mixed in (duals, colgen.mix(zero, duals, 0.5), colgen.mix(duals, zero, 0.3)):
            prices = colgen.pricing_prices(te, demand.objective.co2e_cost_per_kg, mixed)
            sp, _ = cheapest(te, b, prices)
            bound = colgen.lagrangian_bound(te, b, sp, mixed, big_k)
            assert bound <= plan.objective * (1 + 1e-9)


def test_base_prices_scalar_sweep_without_source_is_unplanned(docs: SimpleNamespace) -> None:
    """A shipment ready after the last departure from its origin has no path in either sweep."""
    net = parse_network(docs.small_network())
    demand = parse_shipments(
        docs.shipments_doc(
            [docs.shipment("S1", ready="2026-12-20T00:00:00Z", due="2026-12-28T00:00:00Z")]
        ),
        net,
    )
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    prices = base_prices(te, 0.1)
    assert cheapest_one(te, b, prices, 0) == (np.inf, None)
    assert cheapest(te, b, prices)[1] == [None]
