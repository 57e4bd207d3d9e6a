"""Parked master columns: the restricted LP keeps the value of the LP over the whole pool."""

from __future__ import annotations

import pytest

from routing import colgen
from routing import master as master_module
from routing import timeexpanded as tx
from routing.generate import generate
from routing.network import parse_network
from routing.paths import cheapest
from tests.unit.routing.pools import greedy_master


def test_parking_keeps_the_lp_value_of_the_whole_pool(
    seed_doc: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Columns parked (upper bound 0) for a reduced cost above their share, and woken when it
    turns negative, leave the LP value unchanged: once a solve wakes no column, unparking
    every column gives the same value (150 shipments, seed 3, parking at any size)."""
    monkeypatch.setattr(master_module, "PARK_FROM", 0)
    network, demand = generate(parse_network(seed_doc), 150, congestion=0, seed=3)
    te = tx.build(network)
    b = tx.batch(te, demand.shipments, demand.objective)
    co2e = demand.objective.co2e_cost_per_kg
    _, master = greedy_master(te, b, co2e)
    master.linking, master.link_share = True, 1e-5
    for _ in range(6):
        master.solve_lp()
        duals = master.duals()
        master.manage()
        master.separate()
        _, paths = cheapest(te, b, colgen.pricing_prices(te, co2e, duals))
        for s, path in enumerate(paths):
            if path is not None:
                master.add_column(s, path)
    value = master.solve_lp()
    for _ in range(20):
        if not master.manage():
            break
        value = master.solve_lp()
    assert master.parked and value is not None
    for j in master.parked:
        master.x[j].SetUb(1.0)
    full = master.solve_lp()
    assert full is not None
    assert abs(full - value) <= 1e-6 * abs(full)
