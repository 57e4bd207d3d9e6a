"""The restricted master LP of column generation (GLOP through pywraplp).

The formulation is in routing.colgen. Columns are (shipment, path) pairs. A departure's capacity
rows are added as soon as the shipments with a column through it could overflow it, or when the
LP solution breaks them (`separate`); the strong linking rows, once `linking` is on, when the LP
breaks them by more than `link_share` of the LP value in fixed cost (a few hundred rows carry
almost all of the bound; thousands make GLOP slow); cover rows when the LP breaks them. Columns
priced well above their cost are parked out of a large LP and return when their reduced cost
turns negative (`manage`). The duals of any restricted master, with any subset of rows and
columns, give a valid Lagrangian bound (colgen).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.linear_solver import pywraplp

from routing import colgen, covers
from routing import timeexpanded as tx
from routing.paths import Path

_EPS = 1e-7
#: Measured on the congested 2,000-shipment master with linking rows: dual simplex without
#: presolve solves it in about 40% of GLOP's default time.
GLOP_PARAMS = "use_dual_simplex:true use_preprocessing:false"
#: Cover rows added per round at most.
MAX_COVERS = 200
#: A column with LP value 0 whose reduced cost exceeds this share of its cost is parked (upper
#: bound 0) until its reduced cost turns negative. pywraplp re-extracts the model at every solve,
#: so GLOP starts from scratch each round (as many iterations after adding only rows) and its
#: time grows with the column count: on a 10,000-shipment master of 44,000 columns parking
#: 35,000 of them cut a solve from 11 s to 2 s at the same value.
PARK_RC = 1e-3
#: Columns are parked only while the LP has more than this many active ones: on 2,000 shipments
#: (under 10,000 columns, solves well under a second) parking only added churn, and the bound
#: after 30 s was 0.2-0.7% lower.
PARK_FROM = 20_000


class Master:
    """Columns, lazy rows, LP solution values and duals."""

    def __init__(self, te: tx.TimeExpanded, b: tx.Batch, co2e_price: float) -> None:
        self.te, self.b, self.co2e_price = te, b, co2e_price
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.lp.SetSolverSpecificParametersAsString(GLOP_PARAMS)
        self.linking = False
        self.link_share = 0.0
        self.value = 0.0
        self.cols: list[tuple[int, Path, float]] = []
        self.parked: set[int] = set()
        self.x: list[pywraplp.Variable] = []
        self.keys: dict[tuple[int, Path], int] = {}
        self.of_shipment: list[list[int]] = [[] for _ in b.shipments]
        self.uses: dict[int, list[int]] = defaultdict(list)
        self.kg_rows: dict[int, pywraplp.Constraint] = {}
        self.m3_rows: dict[int, pywraplp.Constraint] = {}
        self.link_rows: dict[tuple[int, int], pywraplp.Constraint] = {}
        self.y: dict[int, pywraplp.Variable] = {}
        self.reaching: set[tuple[int, int]] = set()
        self.cover_rows: list[tuple[int, covers.Cover, pywraplp.Constraint]] = []
        self.cover_of: dict[tuple[int, int], list[tuple[pywraplp.Constraint, int]]] = defaultdict(
            list
        )
        self.covers_seen: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
        self.reach_kg = np.zeros(te.n)
        self.reach_m3 = np.zeros(te.n)
        total_w = float(b.weight.sum())
        self.big_k = np.where(np.isfinite(te.cap_kg), te.cap_kg, total_w)
        self.objective = self.lp.Objective()
        self.objective.SetMinimization()
        self.conv = []
        for s in range(len(b.shipments)):
            row = self.lp.Constraint(1.0, 1.0)
            u = self.lp.NumVar(0.0, 1.0, "")
            row.SetCoefficient(u, 1.0)
            self.objective.SetCoefficient(u, float(b.unplanned[s]))
            self.conv.append(row)
        self.xv = np.zeros(0)
        self.yv: dict[int, float] = {}

    def add_column(self, s: int, path: Path) -> bool:
        if (s, path) in self.keys:
            return False
        cost = colgen.column_cost(self.te, self.b, s, path, self.co2e_price)
        x = self.lp.NumVar(0.0, 1.0, "")
        self.objective.SetCoefficient(x, cost)
        self.conv[s].SetCoefficient(x, 1.0)
        j = len(self.cols)
        self.keys[s, path] = j
        self.cols.append((s, path, cost))
        self.x.append(x)
        self.of_shipment[s].append(j)
        for d in path:
            self.uses[d].append(j)
            if self.te.fixed[d] > 0 and d not in self.y:
                self._open(d)
            if d in self.kg_rows:
                self.kg_rows[d].SetCoefficient(x, float(self.b.weight[s]))
            if d in self.m3_rows:
                self.m3_rows[d].SetCoefficient(x, float(self.b.volume[s]))
            if (s, d) in self.link_rows:
                self.link_rows[s, d].SetCoefficient(x, 1.0)
            for row, a in self.cover_of.get((s, d), ()):
                row.SetCoefficient(x, float(a))
            self._reach_row(s, d)
        return True

    def _reach_row(self, s: int, d: int) -> None:
        """Add d's capacity rows as soon as the shipments with a column through d could
        overflow it, so that the next LP cannot pile new columns onto it (without this, on
        10,000 shipments the rows came a round late and the LP value swung between 137 M and
        152 M from one round to the next)."""
        if (s, d) in self.reaching:
            return
        self.reaching.add((s, d))
        self.reach_kg[d] += self.b.weight[s]
        self.reach_m3[d] += self.b.volume[s]
        if d not in self.kg_rows and self.reach_kg[d] > self.te.cap_kg[d]:
            self._capacity_row(d, kg=True)
        if d not in self.m3_rows and self.reach_m3[d] > self.te.cap_m3[d]:
            self._capacity_row(d, kg=False)

    def _open(self, d: int) -> None:
        self.y[d] = self.lp.NumVar(0.0, 1.0, "")
        self.objective.SetCoefficient(self.y[d], float(self.te.fixed[d]))
        self._capacity_row(d, kg=True)

    def _capacity_row(self, d: int, kg: bool) -> None:
        cap = self.big_k[d] if kg else self.te.cap_m3[d]
        size = self.b.weight if kg else self.b.volume
        if d in self.y:
            row = self.lp.Constraint(-self.lp.infinity(), 0.0)
            row.SetCoefficient(self.y[d], -float(cap))
        else:
            row = self.lp.Constraint(-self.lp.infinity(), float(cap))
        for j in self.uses[d]:
            row.SetCoefficient(self.x[j], float(size[self.cols[j][0]]))
        (self.kg_rows if kg else self.m3_rows)[d] = row

    def separate(self) -> int:
        """Add the capacity (and, once `linking` is on, linking) rows the LP solution breaks."""
        xv = self.xv
        load_kg = np.zeros(self.te.n)
        load_m3 = np.zeros(self.te.n)
        share: dict[tuple[int, int], float] = defaultdict(float)
        for j in np.flatnonzero(xv > _EPS).tolist():
            s, path, _ = self.cols[j]
            for d in path:
                load_kg[d] += self.b.weight[s] * xv[j]
                load_m3[d] += self.b.volume[s] * xv[j]
                if d in self.y:
                    share[s, d] += xv[j]
        yv = self.yv
        open_ = np.ones(self.te.n)
        for d, v in yv.items():
            open_[d] = v
        added = 0
        for d in np.flatnonzero(load_kg > self.te.cap_kg * open_ + 1e-6).tolist():
            if d not in self.kg_rows:
                self._capacity_row(d, kg=True)
                added += 1
        for d in np.flatnonzero(load_m3 > self.te.cap_m3 * open_ + 1e-6).tolist():
            if d not in self.m3_rows:
                self._capacity_row(d, kg=False)
                added += 1
        added += self._separate_covers()
        if not self.linking:
            return added
        worth = self.link_share * abs(self.value)
        for (s, d), value in share.items():
            excess = value - yv[d]
            if excess > 1e-6 and excess * self.te.fixed[d] > worth and (s, d) not in self.link_rows:
                row = self.lp.Constraint(-self.lp.infinity(), 0.0)
                row.SetCoefficient(self.y[d], -1.0)
                for j in self.uses[d]:
                    if self.cols[j][0] == s:
                        row.SetCoefficient(self.x[j], 1.0)
                self.link_rows[s, d] = row
                added += 1
        return added

    def _separate_covers(self) -> int:
        """Add the most violated lifted cover rows (routing.covers), kg and m3, at most
        MAX_COVERS per round."""
        flow: dict[int, dict[int, float]] = defaultdict(lambda: defaultdict(float))
        for j in np.flatnonzero(self.xv > _EPS).tolist():
            s, path, _ = self.cols[j]
            for d in path:
                if d in self.kg_rows or d in self.m3_rows:
                    flow[d][s] += float(self.xv[j])
        found: list[tuple[float, int, covers.Cover]] = []
        for d, per in flow.items():
            for rows, cap, size in (
                (self.kg_rows, self.te.cap_kg[d], self.b.weight),
                (self.m3_rows, self.te.cap_m3[d], self.b.volume),
            ):
                if d not in rows or not np.isfinite(cap):
                    continue
                cover = covers.separate(per, size, float(cap))
                if cover is not None and (d, cover.coef) not in self.covers_seen:
                    found.append((-cover.violation, d, cover))
        found.sort(key=lambda item: item[0])
        for _, d, cover in found[:MAX_COVERS]:
            self._cover_row(d, cover)
        return min(len(found), MAX_COVERS)

    def _cover_row(self, d: int, cover: covers.Cover) -> None:
        self.covers_seen.add((d, cover.coef))
        row = self.lp.Constraint(-self.lp.infinity(), float(cover.rhs))
        coef = dict(cover.coef)
        for j in self.uses[d]:
            a = coef.get(self.cols[j][0])
            if a:
                row.SetCoefficient(self.x[j], float(a))
        for s, a in cover.coef:
            self.cover_of[s, d].append((row, a))
        self.cover_rows.append((d, cover, row))

    def solve_lp(self, time_limit_s: float | None = None) -> float | None:
        """The LP value, or None when the solver stops on the time limit (duals are unusable)."""
        if time_limit_s is not None:
            self.lp.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            if time_limit_s is not None:
                return None
            raise RuntimeError("the master LP did not solve to optimality")
        self.xv = np.array([x.solution_value() for x in self.x])
        self.yv = {d: y.solution_value() for d, y in self.y.items()}
        self.value = float(self.objective.Value())
        return self.value

    def manage(self) -> int:
        """After a solve, park the columns priced well above their cost (see PARK_RC) and
        return those parked with a negative reduced cost to the LP; returns how many came back
        (they change the LP like new columns)."""
        if not self.parked and len(self.x) <= PARK_FROM:
            return 0
        pi = [row.dual_value() for row in self.conv]
        rc = [x.reduced_cost() for x in self.x]
        park = len(self.x) - len(self.parked) > PARK_FROM
        woken = 0
        for j, x in enumerate(self.x):
            s, _, cost = self.cols[j]
            if j in self.parked:
                if rc[j] < -1e-6 * max(1.0, abs(pi[s])):
                    self.parked.discard(j)
                    x.SetUb(1.0)
                    woken += 1
            elif park and self.xv[j] <= _EPS and rc[j] > PARK_RC * max(1.0, cost):
                self.parked.add(j)
                x.SetUb(0.0)
        return woken

    def duals(self) -> colgen.Duals:
        n = self.te.n
        alpha, beta = np.zeros(n), np.zeros(n)
        for d, row in self.kg_rows.items():
            alpha[d] = max(0.0, -row.dual_value())
        for d, row in self.m3_rows.items():
            beta[d] = max(0.0, -row.dual_value())
        gamma: dict[int, dict[int, float]] = defaultdict(dict)
        for (s, d), row in self.link_rows.items():
            value = -row.dual_value()
            if value > 0:
                gamma[d][s] = value
        cover: dict[int, dict[int, float]] = defaultdict(dict)
        cover_rhs = 0.0
        for d, cut, row in self.cover_rows:
            value = -row.dual_value()
            if value > 0:
                for s, a in cut.coef:
                    cover[d][s] = cover[d].get(s, 0.0) + value * a
                cover_rhs += value * cut.rhs
        pi = np.array([row.dual_value() for row in self.conv])
        return colgen.Duals(pi, alpha, beta, dict(gamma), dict(cover), cover_rhs)
