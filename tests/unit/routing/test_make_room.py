"""Make-room moves (routing.eject) and congested instances (routing.generate)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from types import SimpleNamespace

import numpy as np

from routing import colgen, eject
from routing import timeexpanded as tx
from routing.generate import CONGESTED_MODES, generate
from routing.greedy import greedy_routes
from routing.improve import local_search
from routing.master import Master
from routing.network import parse_network
from routing.paths import base_prices, cheapest
from routing.shipments import parse_shipments
from tests.unit.routing.pools import greedy_master, plan_of


def _day(d: int) -> datetime:
    return datetime(2026, 12, d, 8, tzinfo=UTC)


def test_heavy_shipment_gets_the_sea_slot_a_light_one_can_leave(docs: SimpleNamespace) -> None:
    """A 500 kg shipment on air while a 200 kg one fills the 600 kg sea departure it needs is
    moved to sea when the light one can take the next sailing at the same cost; relocating one
    shipment at a time cannot find this (the light one's move alone saves nothing)."""
    net = parse_network(docs.small_network())
    ships = [
        docs.shipment("LIGHT", 200, due="2026-12-20T00:00:00Z"),
        docs.shipment("HEAVY", 500, due="2026-12-20T00:00:00Z"),
    ]
    demand = parse_shipments(docs.shipments_doc(ships), net)
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    at = te.index()
    early = (at["AB-ROAD", _day(1)], at["BD-SEA", _day(2)])
    late = (at["AB-ROAD", _day(3)], at["BD-SEA", _day(4)])
    air = (at["AB-ROAD", _day(1)], at["BD-AIR", _day(2)])
    master = Master(te, b, demand.objective.co2e_cost_per_kg)
    for s, path in ((0, early), (0, late), (1, early), (1, air)):
        master.add_column(s, path)
    plan = plan_of(te, b, master, [early, air])
    stuck = local_search(plan, time.monotonic() + 5).objective
    assert plan.routes() == [early, air]
    plan = eject.search(plan, time.monotonic() + 5)
    assert plan.routes() == [late, early]
    assert plan.objective < stuck
    value = colgen.routes_objective(te, b, plan.routes(), demand.objective.co2e_cost_per_kg)
    assert abs(plan.objective - value) <= 1e-6 * value


def test_make_room_never_worsens_and_keeps_capacities(seed_doc: dict) -> None:
    """From the greedy plan of a congested instance (120 shipments, seed 5), with each
    shipment's capacity-blind cheapest path in the pool, make-room moves lower the objective
    (never by an accepted rise), their running objective equals the one recomputed from the
    routes, and every departure stays within its capacities."""
    network, demand = generate(parse_network(seed_doc), 120, congestion=1.5, seed=5)
    te = tx.build(network)
    b = tx.batch(te, demand.shipments, demand.objective)
    co2e = demand.objective.co2e_cost_per_kg
    greedy, master = greedy_master(te, b, co2e)
    unlimited = base_prices(te, co2e)
    unlimited.limit_kg[:] = np.inf
    unlimited.limit_m3[:] = np.inf
    for s, path in enumerate(cheapest(te, b, unlimited)[1]):
        if path is not None:
            master.add_column(s, path)
    start = colgen.routes_objective(te, b, greedy, co2e)
    plan = plan_of(te, b, master, greedy)
    plan = eject.search(plan, time.monotonic() + 5)
    routes = plan.routes()
    value = colgen.routes_objective(te, b, routes, co2e)
    assert value < start
    assert abs(plan.objective - value) <= 1e-6 * value
    kg, m3 = np.zeros(te.n), np.zeros(te.n)
    for s, path in enumerate(routes):
        for d in path or ():
            kg[d] += b.weight[s]
            m3[d] += b.volume[s]
    assert np.all(kg <= te.cap_kg * (1 + 1e-9)) and np.all(m3 <= te.cap_m3 * (1 + 1e-9))


def test_congestion_shrinks_the_cheap_trunk_services_only(seed_doc: dict) -> None:
    """With congestion 2, every rail or sea service some shipment's cheapest route uses can
    carry at most half that demand over its loaded departures (or the largest such shipment),
    air and road keep the seed's capacities, and the greedy baseline pays more than without
    congestion (300 shipments, seed 2)."""
    base = parse_network(seed_doc)
    plain_net, demand = generate(base, 300, seed=2)
    tight_net, same = generate(base, 300, congestion=2.0, seed=2)
    assert same == demand
    shrunk = [
        sid
        for sid, svc in tight_net.services.items()
        if svc.capacity_kg != base.services[sid].capacity_kg
    ]
    assert shrunk
    assert all(tight_net.services[sid].mode in CONGESTED_MODES for sid in shrunk)
    co2e = demand.objective.co2e_cost_per_kg

    def greedy_cost(network: object) -> float:
        te = tx.build(network)  # type: ignore[arg-type]
        b = tx.batch(te, demand.shipments, demand.objective)
        return colgen.routes_objective(te, b, greedy_routes(te, b, co2e), co2e)

    assert greedy_cost(tight_net) > greedy_cost(plain_net)
