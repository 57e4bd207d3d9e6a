"""Integer plans from a column pool: LP rounding and a local search with exact costs.

A plan chooses for each shipment one column of the pool (its path) or none (unplanned). Its
objective counts each column's cost, `cost_fixed` once per departure with at least one user, and
the unplanned cost. The local search keeps every departure within its capacities and repeats
two moves until neither improves the objective (or the deadline passes):

- *relocate*: take one shipment out and put it back on its cheapest option given everyone else
  (paying `cost_fixed` only for departures nobody else uses);
- *close*: take every user off a departure with `cost_fixed` and put each back on its cheapest
  option avoiding it; keep the change only when the objective drops.

Every accepted move lowers the objective, so the search ends and never returns a worse plan.
"""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np

from routing import timeexpanded as tx
from routing.paths import Path

Column = tuple[int, Path, float]
_SLACK = 1 + 1e-10


class PoolPlan:
    """A choice of one pool column (or none) per shipment, with loads and users per departure."""

    def __init__(
        self,
        te: tx.TimeExpanded,
        b: tx.Batch,
        cols: Sequence[Column],
        of_shipment: Sequence[Sequence[int]],
    ) -> None:
        self.cols, self.of_shipment = cols, of_shipment
        self.w, self.v = b.weight.tolist(), b.volume.tolist()
        self.unplanned = b.unplanned.tolist()
        self.fixed = te.fixed.tolist()
        self.cap_kg = (te.cap_kg * _SLACK).tolist()
        self.cap_m3 = (te.cap_m3 * _SLACK).tolist()
        self.load_kg = [0.0] * te.n
        self.load_m3 = [0.0] * te.n
        self.users: list[set[int]] = [set() for _ in range(te.n)]
        self.choice: list[int | None] = [None] * len(b.shipments)
        self.objective = float(sum(self.unplanned))

    def remove(self, s: int) -> None:
        j = self.choice[s]
        if j is None:
            self.objective -= self.unplanned[s]
            return
        self.objective -= self.cols[j][2]
        for d in self.cols[j][1]:
            self.load_kg[d] -= self.w[s]
            self.load_m3[d] -= self.v[s]
            self.users[d].discard(s)
            if not self.users[d]:
                self.objective -= self.fixed[d]
                self.load_kg[d] = self.load_m3[d] = 0.0
        self.choice[s] = None

    def insert(self, s: int, j: int | None) -> None:
        """Put shipment s (removed) on column j, or leave it unplanned when j is None."""
        self.choice[s] = j
        if j is None:
            self.objective += self.unplanned[s]
            return
        self.objective += self.cols[j][2]
        for d in self.cols[j][1]:
            if not self.users[d]:
                self.objective += self.fixed[d]
            self.load_kg[d] += self.w[s]
            self.load_m3[d] += self.v[s]
            self.users[d].add(s)

    def price(self, s: int, j: int, avoid: int = -1) -> float:
        """Cost of putting the removed shipment s on column j now (inf when it does not fit)."""
        _, path, cost = self.cols[j]
        w, v = self.w[s], self.v[s]
        for d in path:
            if d == avoid or self.load_kg[d] + w > self.cap_kg[d]:
                return np.inf
            if self.load_m3[d] + v > self.cap_m3[d]:
                return np.inf
            if not self.users[d]:
                cost += self.fixed[d]
        return cost

    def best(self, s: int, avoid: int = -1) -> int | None:
        return self.best_priced(s, avoid)[0]

    def best_priced(self, s: int, avoid: int = -1) -> tuple[int | None, float]:
        """Shipment s's cheapest option now (a column, or None for unplanned) and its cost."""
        choice, value = None, self.unplanned[s]
        for j in self.of_shipment[s]:
            c = self.price(s, j, avoid)
            if c < value - 1e-9:
                choice, value = j, c
        return choice, value

    def routes(self) -> list[Path | None]:
        return [None if j is None else self.cols[j][1] for j in self.choice]


def load(plan: PoolPlan, choice: Sequence[int | None]) -> PoolPlan:
    """Insert the choice (assumed to fit) shipment by shipment."""
    for s, j in enumerate(choice):
        plan.remove(s)
        plan.insert(s, j)
    return plan


def round_lp(plan: PoolPlan, xv: np.ndarray, closed: set[int]) -> PoolPlan:
    """Shipments by decreasing largest x, each on its highest-x column that fits and avoids
    `closed` departures; the others on their cheapest fitting pool column or unplanned."""
    top = {s: max((xv[j] for j in js), default=0.0) for s, js in enumerate(plan.of_shipment)}
    for s in sorted(top, key=lambda s: -top[s]):
        plan.remove(s)
        ranked = sorted(plan.of_shipment[s], key=lambda j: (-xv[j], plan.cols[j][2]))
        for j in ranked:
            if (
                xv[j] > 1e-6
                and not closed.intersection(plan.cols[j][1])
                and np.isfinite(plan.price(s, j))
            ):
                plan.insert(s, j)
                break
        else:
            plan.insert(s, plan.best(s))
    return plan


def local_search(plan: PoolPlan, deadline: float, seed: int = 0) -> PoolPlan:
    """Relocate and close moves (module docstring) until none improves or the deadline."""
    rng = np.random.default_rng(seed)
    n = len(plan.choice)
    while time.monotonic() < deadline:
        before = plan.objective
        for s in rng.permutation(n).tolist():
            plan.remove(s)
            plan.insert(s, plan.best(s))
        for d in rng.permutation(len(plan.users)).tolist():
            if plan.fixed[d] > 0 and plan.users[d]:
                _close(plan, d)
            if time.monotonic() > deadline:
                break
        if plan.objective > before - 1e-9 * max(1.0, abs(before)):
            break
    return plan


def _close(plan: PoolPlan, d: int) -> None:
    before = plan.objective
    movers = sorted(plan.users[d], key=lambda s: -plan.w[s])
    old = {s: plan.choice[s] for s in movers}
    for s in movers:
        plan.remove(s)
    for s in movers:
        plan.insert(s, plan.best(s, avoid=d))
    if plan.objective < before - 1e-9 * max(1.0, abs(before)):
        return
    for s in movers:
        plan.remove(s)
    for s in movers:
        plan.insert(s, old[s])
