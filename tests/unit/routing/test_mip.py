"""The integer master over pool columns (routing.mip)."""

from __future__ import annotations

from types import SimpleNamespace

from routing import colgen
from routing.mip import reduced_set, solve_integer, within_capacity
from tests.unit.routing.pools import congested_pool, sea_and_air


def test_master_swaps_one_heavy_shipment_for_two_light_ones(docs: SimpleNamespace) -> None:
    """A 1,000 kg sailing carries a 600 kg shipment while two of 500 kg fly at ten times the
    price per kg. Hinted with that plan, the integer master over both columns of each shipment
    puts the two light ones on the sailing and flies the heavy one (the optimum)."""
    ships = [docs.shipment("HEAVY", 600), docs.shipment("L1", 500), docs.shipment("L2", 500)]
    demand, te, b, sea, air = sea_and_air(docs, ships, 5000)
    cols = [
        (s, path, colgen.column_cost(te, b, s, path, demand.objective.co2e_cost_per_kg))
        for s in range(3)
        for path in (sea, air)
    ]
    routes = solve_integer(te, b, cols, range(len(cols)), [sea, air, air], 10.0, 0, "CP_SAT")
    assert routes == [air, sea, sea]


def test_master_keeps_capacities_and_never_worsens_its_hint(seed_doc: dict) -> None:
    """On a congested instance (120 shipments, seed 5) with the pool of a few rounds of column
    generation, the integer master over the reduced column set, hinted with the greedy plan,
    returns a plan within every capacity and no dearer than the greedy plan."""
    te, b, co2e, greedy, master = congested_pool(seed_doc)
    master.solve_lp()
    best = {master.keys[s, p] for s, p in enumerate(greedy) if p is not None}
    keep = reduced_set(te, b, master.cols, master.of_shipment, master.xv, best, master.duals())
    routes = solve_integer(te, b, master.cols, keep, greedy, 5.0, 1, "CP_SAT")
    assert routes is not None
    assert within_capacity(te, b, routes)
    start = colgen.routes_objective(te, b, greedy, co2e)
    assert colgen.routes_objective(te, b, routes, co2e) <= start * (1 + 1e-9)
