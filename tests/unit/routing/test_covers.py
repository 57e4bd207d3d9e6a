"""Cover rows of the master LP: valid for every plan, and they tighten the bound."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import numpy as np

from routing import colgen
from routing import timeexpanded as tx
from routing.generate import generate
from routing.master import Master
from routing.network import parse_network
from routing.optimizer import solve
from routing.paths import cheapest
from routing.shipments import parse_shipments


def test_any_cover_multipliers_bound_the_optimum(docs: SimpleNamespace) -> None:
    """With random nonnegative multipliers on random covers (shipment sets heavier than a
    departure's capacity, seed 11), the Lagrangian bound stays at most a proven optimum."""
    net = parse_network(docs.small_network())
    weights = [250 + 100 * i for i in range(5)]
    demand = parse_shipments(
        docs.shipments_doc([docs.shipment(f"S{i}", w) for i, w in enumerate(weights)]), net
    )
    plan = solve(net, demand, time_limit_s=5)
    assert plan.status == "optimal"
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    big_k = np.where(np.isfinite(te.cap_kg), te.cap_kg, float(b.weight.sum()))
    rng = np.random.default_rng(11)
    zero = colgen.Duals(np.zeros(len(b.shipments)), np.zeros(te.n), np.zeros(te.n))
    limited = np.flatnonzero(np.isfinite(te.cap_kg))
    used = 0
    for _ in range(30):
        cover: dict[int, dict[int, float]] = {}
        rhs = 0.0
        for d in rng.choice(limited, size=4, replace=False).tolist():
            members = [int(s) for s in rng.permutation(len(b.shipments))]
            while b.weight[members[:-1]].sum() > te.cap_kg[d]:
                members.pop()
            if b.weight[members].sum() <= te.cap_kg[d]:
                continue
            delta = float(rng.random() * 3000)
            cover[d] = {s: delta for s in members}
            rhs += delta * (len(members) - 1)
            used += 1
        duals = colgen.Duals(zero.pi, rng.random(te.n), rng.random(te.n) * 20, {}, cover, rhs)
        prices = colgen.pricing_prices(te, demand.objective.co2e_cost_per_kg, duals)
        sp, _ = cheapest(te, b, prices)
        bound = colgen.lagrangian_bound(te, b, sp, duals, big_k)
        assert bound <= plan.objective * (1 + 1e-9)
    assert used > 30


def test_separated_rows_hold_for_every_load_that_fits(seed_doc: dict) -> None:
    """Every lifted cover or packing row the master adds on a congested instance (80
    shipments, seed 4) holds for every set of whole shipments that fits the departure's kg
    and m3 capacity (all subsets, on rows of up to 14 shipments), and the LP value with the
    rows is at least the value before."""
    network, demand = generate(parse_network(seed_doc), 80, congestion=1.5, seed=4)
    te = tx.build(network)
    b = tx.batch(te, demand.shipments, demand.objective)
    co2e = demand.objective.co2e_cost_per_kg
    master = Master(te, b, co2e)
    value = None
    for _ in range(8):
        value = master.solve_lp()
        master.separate()
        _, paths = cheapest(te, b, colgen.pricing_prices(te, co2e, master.duals()))
        for s, path in enumerate(paths):
            if path is not None:
                master.add_column(s, path)
    assert master.cover_rows
    checked = 0
    for d, cover, _ in master.cover_rows:
        coef = dict(cover.coef)
        if len(coef) > 14:
            continue
        checked += 1
        for k in range(len(coef) + 1):
            for subset in itertools.combinations(coef, k):
                fits = b.weight[list(subset)].sum() <= te.cap_kg[d] * (1 + 1e-9)
                fits = fits and b.volume[list(subset)].sum() <= te.cap_m3[d] * (1 + 1e-9)
                if fits:
                    assert sum(coef[s] for s in subset) <= cover.rhs
    assert checked > 0
    before = master.solve_lp()
    master.separate()
    after = master.solve_lp()
    assert value is not None and before is not None and after is not None
    assert after >= before - 1e-6 * abs(before)
