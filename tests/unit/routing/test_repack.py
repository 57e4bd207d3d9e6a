"""Sub-MIP re-packing of full departures (routing.repack)."""

from __future__ import annotations

import itertools
import time
from types import SimpleNamespace

import numpy as np
import pytest

from routing import colgen, eject, repack
from routing.improve import PoolPlan, local_search
from routing.master import Master
from routing.mip import within_capacity
from tests.unit.routing.pools import congested_pool, plan_of, sea_and_air


def test_two_light_shipments_take_the_sailing_from_one_heavy(docs: SimpleNamespace) -> None:
    """A 1,000 kg sailing carries a 600 kg shipment while two of 500 kg fly at ten times the
    price per kg: the plan is cheaper with the two on the sailing and the heavy one flying.
    Relocate and make-room moves cannot find it (taking the sailing for one 500 kg shipment
    alone loses 100 kg of sea freight); re-packing the three does."""
    ships = [docs.shipment("HEAVY", 600), docs.shipment("L1", 500), docs.shipment("L2", 500)]
    demand, te, b, sea, air = sea_and_air(docs, ships, 5000)
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
    te, b, co2e, greedy, master = congested_pool(seed_doc)
    start = colgen.routes_objective(te, b, greedy, co2e)
    plan = plan_of(te, b, master, greedy)
    plan = repack.search(plan, time.monotonic() + 5, seed=3)
    routes = plan.routes()
    value = colgen.routes_objective(te, b, routes, co2e)
    assert value <= start * (1 + 1e-9)
    assert abs(plan.objective - value) <= 1e-6 * value
    assert within_capacity(te, b, routes)


def _crowded_sailing(docs: SimpleNamespace, wanting: int) -> tuple[PoolPlan, tuple[int, ...]]:
    """A 1,000 kg sailing full with two 500 kg shipments, and `wanting` 50 kg shipments on
    air that would each save 4.5 CNY/kg on it; returns the pool plan and the sailing."""
    ships = [docs.shipment("U1", 500), docs.shipment("U2", 500)]
    ships += [docs.shipment(f"W{k}", 50) for k in range(wanting)]
    demand, te, b, sea, air = sea_and_air(docs, ships, 1e5)
    master = Master(te, b, demand.objective.co2e_cost_per_kg)
    for s in range(len(ships)):
        master.add_column(s, sea)
        master.add_column(s, air)
    return plan_of(te, b, master, [sea, sea] + [air] * wanting), sea


def test_regret_of_a_departure_counts_the_savings_of_those_not_on_it(
    docs: SimpleNamespace,
) -> None:
    """A full departure's regret is what the shipments not on it would save on their cheapest
    column through it (4.5 CNY/kg on 3 x 50 kg here); its users add nothing."""
    plan, sea = _crowded_sailing(docs, 3)
    crowding = repack._Crowding(plan, repack._columns_through(plan))
    assert set(crowding.through[sea[0]]) == {0, 1, 2, 3, 4}
    assert list(crowding.regret) == [sea[0]]
    regret = crowding.regret[sea[0]]
    assert abs(regret - 3 * 50 * 4.5) <= 1e-6 * regret


def test_crowding_kept_up_to_date_equals_crowding_computed_afresh(docs: SimpleNamespace) -> None:
    """After choices change, the updated costs, full departures and regrets are those computed
    from scratch on the new plan: an emptied sailing is no longer full, and it is full again
    once a 500 kg shipment leaves no room for the other."""
    plan, sea = _crowded_sailing(docs, 3)
    crowding = repack._Crowding(plan, repack._columns_through(plan))

    def move(s: int, path: tuple[int, ...]) -> None:
        plan.remove(s)
        plan.insert(s, next(j for j in plan.of_shipment[s] if tuple(plan.cols[j][1]) == path))
        crowding.update([s])
        fresh = repack._Crowding(plan, repack._columns_through(plan))
        assert crowding.now == fresh.now
        assert crowding.regret == pytest.approx(fresh.regret)

    air = tuple(plan.cols[plan.choice[2]][1])
    for s, path in ((0, air), (1, air), (2, tuple(sea))):
        move(s, path)
    assert sea[0] not in crowding.regret
    move(0, tuple(sea))
    assert sea[0] in crowding.regret


def test_neighbourhood_of_a_crowded_departure_keeps_its_users(docs: SimpleNamespace) -> None:
    """With more shipments wanting a full sailing than a neighbourhood holds, every
    neighbourhood still includes the sailing's users (without them no room can be re-packed),
    whatever the random draw."""
    plan, sea = _crowded_sailing(docs, 2 * repack.SIZE)
    through = repack._columns_through(plan)
    now = repack._current_costs(plan)
    for seed in range(20):
        rng = np.random.default_rng(seed)
        members = repack._neighbourhood(plan, through, now, sea[0], [sea[0]], rng)
        assert len(members) == repack.SIZE == len(set(members))
        assert {0, 1} <= set(members)


def test_search_stops_after_steps_that_gain_too_little(
    docs: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Steps that each lower the objective by less than WORTH of it count as idle: the search
    stops after PATIENCE of them although every one improved, leaving the time to the next
    search (on an uncongested batch such steps of a few CNY took the whole share)."""
    plan, _ = _crowded_sailing(docs, 3)
    steps = []

    def tiny(plan: PoolPlan, members: list[int], limit: float, seed: int) -> bool:
        steps.append(plan.objective)
        plan.objective *= 1 - repack.WORTH / 10
        return True

    monkeypatch.setattr(repack, "_resolve", tiny)
    repack.search(plan, time.monotonic() + 60)
    assert len(steps) == repack.PATIENCE
    assert all(b < a for a, b in itertools.pairwise(steps))
