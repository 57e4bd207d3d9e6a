"""Sub-MIP neighbourhoods on a pool plan: re-pack the shipments competing for full departures.

On congested instances most of the plan's excess over the LP is packing: which shipments get
the room on the cheap full departures, and which take the next sailing, air, or stay unplanned
(worth about 100 CNY/kg). One-shipment moves (relocate, make-room) change one or two shipments
at a time; CP-SAT over the whole integer master is too big to search well in seconds. Each step
here takes one full departure (in use, without room for some shipment that has a pool column
through it), the shipments with a column through it, and those of the other full departures on
their columns, up to SIZE shipments; everyone else stays and only the room they leave counts.
The departure is drawn in proportion to its regret (what the shipments not on it would save on
their cheapest column through it), and on each departure its users alternate with the others,
those with most to save more likely first, so that a neighbourhood holds both who must make
room and who gains from it (6 s of re-packing from the same congested 2,000-shipment plan,
STEP_S 1.0: 0.18-0.25 M CNY lower with departures drawn by load and shipments in random order,
0.36-0.41 M with regret). CP-SAT (hinted with the current choice) then picks one pool column or
none for each of them at least cost, with cost_fixed for departures nobody else uses. The
result replaces the current choice only when it fits the real capacities and lowers the
objective, so the plan never gets worse.

Capacities are scaled to integers conservatively (sizes rounded up, room rounded down), so every
CP-SAT solution fits.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict

import numpy as np
from ortools.sat.python import cp_model

from routing.improve import PoolPlan

#: Shipments per neighbourhood. On the congested 2,000-shipment instance (15 s from the same
#: plan) 30 lowered the plan most: CP-SAT solves most such sub-problems in 0.02-0.3 s, while 80
#: ran into the step limit every time. With the limits below (6 s from the same plan), 20, 30
#: and 40 gave 0.72-0.74, 0.77-0.82 and 0.83-0.85 M CNY lower.
SIZE = 30
#: Time limit of one sub-problem, seconds. A few sub-problems run into any limit; at 1.0 s they
#: took half of the search's time (6 s from the congested 2,000-shipment plan, two workers:
#: 0.36-0.41 M CNY lower at 1.0 s, 0.64-0.72 M at 0.1 s).
STEP_S = 0.1
#: CP-SAT workers per sub-problem: one worker solves these small models in about half the time
#: of two (median 0.009-0.013 s against 0.018-0.021 s), so more neighbourhoods are tried (0.1 s:
#: 0.77-0.82 M CNY against 0.64-0.72 M).
WORKERS = 1
#: Steps in a row without improvement before the search stops; a step lowering the objective
#: by less than WORTH of it counts as idle.
PATIENCE = 60
WORTH = 1e-5
_SCALE = 1000.0


def _money(value: float) -> int:
    """CNY in whole cents: CP-SAT proves integer objectives faster than float ones."""
    return round(value * 100)


def search(plan: PoolPlan, deadline: float, seed: int = 0) -> PoolPlan:
    """Sub-MIP steps (module docstring) until the deadline or PATIENCE idle steps (those
    lowering the objective by less than WORTH of it)."""
    rng = np.random.default_rng(seed)
    crowding = _Crowding(plan, _columns_through(plan))
    idle = 0
    while time.monotonic() < deadline - 0.05 and idle < PATIENCE:
        full = sorted(crowding.regret)
        if not full:
            break
        weights = np.array([crowding.regret[d] for d in full]) + 1.0
        d = int(rng.choice(full, p=weights / weights.sum()))
        members = _neighbourhood(plan, crowding.through, crowding.now, d, full, rng)
        limit = min(STEP_S, deadline - time.monotonic())
        before = plan.objective
        old = [plan.choice[s] for s in members]
        _resolve(plan, members, limit, int(rng.integers(1 << 30)))
        crowding.update([s for s, j in zip(members, old, strict=True) if plan.choice[s] != j])
        idle = 0 if plan.objective < before * (1 - WORTH) else idle + 1
    return plan


class _Crowding:
    """Each shipment's current cost and the regret of every full departure, kept up to date
    as choices change: only the departures on a changed shipment's pool columns can change,
    so a step costs what it touches, not the size of the pool."""

    def __init__(self, plan: PoolPlan, through: dict[int, dict[int, float]]) -> None:
        self.plan, self.through = plan, through
        self.now = _current_costs(plan)
        self.regret: dict[int, float] = {}
        for d in through:
            self._refresh(d)

    def update(self, changed: list[int]) -> None:
        plan, touched = self.plan, set[int]()
        for s in changed:
            j = plan.choice[s]
            self.now[s] = plan.unplanned[s] if j is None else plan.cols[j][2]
            for k in plan.of_shipment[s]:
                touched.update(plan.cols[k][1])
        for d in touched:
            self._refresh(d)

    def _refresh(self, d: int) -> None:
        if _is_full(self.plan, self.through[d], d):
            self.regret[d] = _regret(self.plan, self.through, self.now, d)
        else:
            self.regret.pop(d, None)


def _columns_through(plan: PoolPlan) -> dict[int, dict[int, float]]:
    """For each departure, the shipments with a pool column through it and the cheapest
    such column's cost."""
    through: dict[int, dict[int, float]] = defaultdict(dict)
    for s, js in enumerate(plan.of_shipment):
        for j in js:
            cost = plan.cols[j][2]
            for d in plan.cols[j][1]:
                if cost < through[d].get(s, math.inf):
                    through[d][s] = cost
    return through


def _current_costs(plan: PoolPlan) -> list[float]:
    return [plan.unplanned[s] if j is None else plan.cols[j][2] for s, j in enumerate(plan.choice)]


def _regret(
    plan: PoolPlan, through: dict[int, dict[int, float]], now: list[float], d: int
) -> float:
    """What the shipments not on d would save, at most, on their cheapest columns through d."""
    users = plan.users[d]
    return sum(max(0.0, now[s] - c) for s, c in through[d].items() if s not in users)


def _is_full(plan: PoolPlan, wanting: dict[int, float], d: int) -> bool:
    """d is in use without room for some shipment with a pool column through it."""
    users = plan.users[d]
    if not users:
        return False
    room_kg = plan.cap_kg[d] - plan.load_kg[d]
    room_m3 = plan.cap_m3[d] - plan.load_m3[d]
    return any((plan.w[s] > room_kg or plan.v[s] > room_m3) and s not in users for s in wanting)


def _neighbourhood(
    plan: PoolPlan,
    through: dict[int, dict[int, float]],
    now: list[float],
    start: int,
    full: list[int],
    rng: np.random.Generator,
) -> list[int]:
    """Shipments competing for `start`, then for the full departures their columns use: on
    each departure its users in random order alternating with the others by randomised
    saving (those that would gain most from its room first)."""
    is_full = set(full)
    members: list[int] = []
    seen: set[int] = set()
    queue = [start]
    visited = {start}
    while queue and len(members) < SIZE:
        d = queue.pop(0)
        for s in _candidates(plan, through, now, d, rng):
            if s in seen:
                continue
            seen.add(s)
            members.append(s)
            for j in plan.of_shipment[s]:
                for e in plan.cols[j][1]:
                    if e in is_full and e not in visited:
                        visited.add(e)
                        queue.append(e)
            if len(members) >= SIZE:
                break
    return members


def _candidates(
    plan: PoolPlan,
    through: dict[int, dict[int, float]],
    now: list[float],
    d: int,
    rng: np.random.Generator,
) -> list[int]:
    users = [s for s in through.get(d, {}) if s in plan.users[d]]
    rng.shuffle(users)
    others = [(s, c) for s, c in through.get(d, {}).items() if s not in plan.users[d]]
    keys = rng.random(len(others)) * np.array([max(0.0, now[s] - c) + 1.0 for s, c in others])
    wanting = [others[k][0] for k in np.argsort(-keys)]
    out = [s for pair in zip(users, wanting, strict=False) for s in pair]
    shorter = min(len(users), len(wanting))
    return out + users[shorter:] + wanting[shorter:]


def _resolve(plan: PoolPlan, members: list[int], limit: float, seed: int) -> bool:
    """Re-choose the columns of `members` by CP-SAT; True when the plan improved."""
    if limit <= 0.05 or not members:
        return False
    before = plan.objective
    old = {s: plan.choice[s] for s in members}
    for s in members:
        plan.remove(s)
    choice = _solve(plan, members, old, limit, seed)
    if choice is not None:
        ok = True
        for s in members:
            j = choice[s]
            if j is not None and not math.isfinite(plan.price(s, j)):
                ok = False
                j = None
            plan.insert(s, j)
        if ok and plan.objective < before - 1e-9 * max(1.0, abs(before)):
            return True
        for s in members:
            plan.remove(s)
    for s in members:
        plan.insert(s, old[s])
    return False


def _solve(
    plan: PoolPlan,
    members: list[int],
    hint: dict[int, int | None],
    limit: float,
    seed: int,
) -> dict[int, int | None] | None:
    """Members' columns (or None) at least cost on the room left; None when CP-SAT finds no
    solution in time. The objective counts each column's saving over leaving its shipment
    unplanned, in whole cents, and cost_fixed of departures nobody else uses."""
    model = cp_model.CpModel()
    x: dict[int, cp_model.IntVar] = {}
    by_dep: dict[int, list[int]] = defaultdict(list)
    for s in members:
        options = [j for j in plan.of_shipment[s] if math.isfinite(plan.price(s, j))]
        if hint[s] is not None and hint[s] not in options:
            return None
        for j in options:
            x[j] = model.new_bool_var("")
            model.add_hint(x[j], hint[s] == j)
            for d in plan.cols[j][1]:
                by_dep[d].append(j)
        model.add_at_most_one(x[j] for j in options)
    variables: list[cp_model.IntVar] = list(x.values())
    coefs = [_money(plan.cols[j][2] - plan.unplanned[plan.cols[j][0]]) for j in x]
    for d, js in by_dep.items():
        _capacity(model, plan, x, d, js)
        if plan.fixed[d] > 0 and not plan.users[d]:
            y = model.new_bool_var("")
            for j in js:
                model.add_implication(x[j], y)
            model.add_hint(y, any(hint[plan.cols[j][0]] == j for j in js))
            variables.append(y)
            coefs.append(_money(plan.fixed[d]))
    model.minimize(cp_model.LinearExpr.weighted_sum(variables, coefs))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = WORKERS
    solver.parameters.random_seed = seed % (1 << 31)
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    choice: dict[int, int | None] = dict.fromkeys(members)
    for j, var in x.items():
        if solver.value(var):
            choice[plan.cols[j][0]] = j
    return choice


def _capacity(
    model: cp_model.CpModel, plan: PoolPlan, x: dict[int, cp_model.IntVar], d: int, js: list[int]
) -> None:
    """The room left on d by the shipments outside the neighbourhood, in scaled integers."""
    for size, load, cap in (
        (plan.w, plan.load_kg, plan.cap_kg),
        (plan.v, plan.load_m3, plan.cap_m3),
    ):
        if not math.isfinite(cap[d]):
            continue
        shipments = {plan.cols[j][0] for j in js}
        if sum(size[s] for s in shipments) <= cap[d] - load[d]:
            continue
        room = math.floor((cap[d] - load[d]) * _SCALE + 1e-6)
        terms = [math.ceil(size[plan.cols[j][0]] * _SCALE - 1e-6) * x[j] for j in js]
        model.add(sum(terms) <= room)
