"""Large neighbourhood search on a pool plan: ruin around a departure, recreate with new paths.

Each step takes the users of one departure (a full one or one with cost_fixed, chosen at random)
and every unplanned shipment that has a path, takes them out, prices fresh cheapest paths for
all of them at once on what the others leave (residual capacities; cost_fixed only for
departures nobody uses), adds those paths to the pool, and puts the shipments back one by one
(heaviest first, or in random order) on their cheapest pool option given everyone else. The
step is kept when the objective does not rise, otherwise undone, so the plan never gets worse.
The search stops at the deadline, or after PATIENCE steps in a row that did not lower the
objective.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np

from routing import timeexpanded as tx
from routing.improve import PoolPlan, local_search
from routing.paths import Path, base_prices, cheapest

AddColumn = Callable[[int, Path], object]
PATIENCE = 40


def search(
    plan: PoolPlan,
    te: tx.TimeExpanded,
    b: tx.Batch,
    co2e_price: float,
    add_column: AddColumn,
    deadline: float,
    seed: int = 0,
) -> PoolPlan:
    """Ruin-and-recreate steps (module docstring) until the deadline."""
    rng = np.random.default_rng(seed)
    routable = set(np.flatnonzero(b.source >= 0).tolist())
    idle = 0
    while time.monotonic() < deadline and idle < PATIENCE:
        before = plan.objective
        candidates = [
            d
            for d, users in enumerate(plan.users)
            if users
            and (
                plan.fixed[d] > 0
                or plan.load_kg[d] > 0.9 * plan.cap_kg[d]
                or plan.load_m3[d] > 0.9 * plan.cap_m3[d]
            )
        ]
        if not candidates:
            break
        d = int(candidates[rng.integers(len(candidates))])
        out = set(plan.users[d])
        out |= {s for s, j in enumerate(plan.choice) if j is None and s in routable}
        movers = sorted(out)
        _step(plan, te, b, co2e_price, add_column, movers, rng)
        if rng.random() < 0.1:
            local_search(plan, deadline, int(rng.integers(1 << 30)))
        idle = 0 if plan.objective < before - 1e-9 * max(1.0, abs(before)) else idle + 1
    return plan


def _step(
    plan: PoolPlan,
    te: tx.TimeExpanded,
    b: tx.Batch,
    co2e_price: float,
    add_column: AddColumn,
    movers: list[int],
    rng: np.random.Generator,
) -> None:
    before = plan.objective
    old = {s: plan.choice[s] for s in movers}
    for s in movers:
        plan.remove(s)
    prices = base_prices(te, co2e_price)
    unused = np.array([not users for users in plan.users])
    prices.constant = np.where(unused, te.fixed, 0.0)
    prices.limit_kg = te.cap_kg - np.array(plan.load_kg)
    prices.limit_m3 = te.cap_m3 - np.array(plan.load_m3)
    _, paths = cheapest(te, b, prices, np.array(movers))
    for s, path in zip(movers, paths, strict=True):
        if path is not None:
            add_column(s, path)
    if rng.random() < 0.5:
        order = sorted(movers, key=lambda s: -plan.unplanned[s])
    else:
        order = [movers[k] for k in rng.permutation(len(movers))]
    for s in order:
        plan.insert(s, plan.best(s))
    if plan.objective <= before + 1e-9 * max(1.0, abs(before)):
        return
    for s in movers:
        plan.remove(s)
    for s in movers:
        plan.insert(s, old[s])
