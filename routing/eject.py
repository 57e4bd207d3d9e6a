"""Make-room moves on a pool plan: put a shipment on a cheaper column by moving who blocks it.

Relocate (routing.improve) moves a shipment only to a column that fits given everyone else, so
a heavy shipment whose cheap columns are full stays on an expensive one although the shipments
filling them have nearly as cheap alternatives (on the 2,000-shipment seed instance a 20 t
shipment stayed on air at 1.16 M CNY while the LP sent it by sea at 0.45 M: one move worth
most of the gap). A make-room move takes a shipment with regret (its cost now minus its
cheapest pool column's cost, capacities ignored), and for each cheaper column takes out of
every full departure of that column just enough users to make room (those whose next best
option costs least extra per kg first), puts the shipment on the column and the others back on
their cheapest options, heaviest first. The move is kept when the objective drops, otherwise
undone, so the plan never gets worse.
"""

from __future__ import annotations

import time

import numpy as np

from routing.improve import PoolPlan

#: Cheaper columns tried per shipment in one pass.
TRIES = 4


def search(plan: PoolPlan, deadline: float) -> PoolPlan:
    """Make-room moves (module docstring), largest regret first, until no move helps."""
    while time.monotonic() < deadline:
        improved = False
        for s in _by_regret(plan):
            if time.monotonic() > deadline:
                break
            improved |= _make_room(plan, s)
        if not improved:
            break
    return plan


def _current_cost(plan: PoolPlan, s: int) -> float:
    j = plan.choice[s]
    return plan.unplanned[s] if j is None else plan.cols[j][2]


def _open_cost(plan: PoolPlan, j: int) -> float:
    """Cost of column j with the fixed cost of its departures nobody uses (capacity ignored)."""
    return plan.cols[j][2] + sum(plan.fixed[d] for d in plan.cols[j][1] if not plan.users[d])


def _by_regret(plan: PoolPlan) -> list[int]:
    regret = {}
    for s, js in enumerate(plan.of_shipment):
        if not js:
            continue
        gain = _current_cost(plan, s) - min(plan.cols[j][2] for j in js)
        if gain > 1e-9 * max(1.0, _current_cost(plan, s)):
            regret[s] = gain
    return sorted(regret, key=lambda s: -regret[s])


def _make_room(plan: PoolPlan, s: int) -> bool:
    now = _current_cost(plan, s)
    cheaper = sorted(
        (j for j in plan.of_shipment[s] if j != plan.choice[s] and plan.cols[j][2] < now),
        key=lambda j: _open_cost(plan, j),
    )
    return any(_try(plan, s, j) for j in cheaper[:TRIES])


def _try(plan: PoolPlan, s: int, j: int) -> bool:
    before = plan.objective
    old = plan.choice[s]
    plan.remove(s)
    blockers = _blockers(plan, s, j)
    moved = {t: plan.choice[t] for t in blockers}
    for t in blockers:
        plan.remove(t)
    if not np.isfinite(plan.price(s, j)):
        _restore(plan, s, old, moved)
        return False
    plan.insert(s, j)
    for t in sorted(blockers, key=lambda t: -plan.w[t]):
        plan.insert(t, plan.best(t))
    if plan.objective < before - 1e-9 * max(1.0, abs(before)):
        return True
    for t in blockers:
        plan.remove(t)
    plan.remove(s)
    _restore(plan, s, old, moved)
    return False


def _blockers(plan: PoolPlan, s: int, j: int) -> list[int]:
    """Users to take off the departures of column j so that shipment s fits: on each full
    departure, those whose move to their next best option costs least per kg freed first."""
    out: set[int] = set()
    w, v = plan.w[s], plan.v[s]
    for d in plan.cols[j][1]:
        freed = out & plan.users[d]
        need_kg = plan.load_kg[d] + w - plan.cap_kg[d] - sum(plan.w[t] for t in freed)
        need_m3 = plan.load_m3[d] + v - plan.cap_m3[d] - sum(plan.v[t] for t in freed)
        if need_kg <= 0 and need_m3 <= 0:
            continue
        for t in sorted(plan.users[d] - out, key=lambda t: _displacement(plan, t, d)):
            if need_kg <= 0 and need_m3 <= 0:
                break
            out.add(t)
            need_kg -= plan.w[t]
            need_m3 -= plan.v[t]
    return sorted(out)


def _displacement(plan: PoolPlan, t: int, d: int) -> float:
    """Extra cost per kg of moving user t off departure d to its best other option now."""
    _, cost = plan.best_priced(t, avoid=d)
    return (cost - _current_cost(plan, t)) / plan.w[t]


def _restore(plan: PoolPlan, s: int, old: int | None, moved: dict[int, int | None]) -> None:
    for t, choice in moved.items():
        plan.insert(t, choice)
    plan.insert(s, old)
