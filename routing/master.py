"""The restricted master LP of column generation (GLOP through pywraplp).

The formulation is in routing.colgen. Columns are (shipment, path) pairs; capacity rows and the
strong linking rows are added lazily (`separate`) when the LP solution breaks them, and the
linking rows only once `linking` is switched on: without them the LP is an order of magnitude
faster to solve and column generation converges first on the weak master, then the linking rows
tighten it. The duals of any restricted master give a valid Lagrangian bound (colgen).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from ortools.linear_solver import pywraplp

from routing import colgen
from routing import timeexpanded as tx
from routing.paths import Path

_EPS = 1e-7
#: Measured on the congested 2,000-shipment master with linking rows: dual simplex without
#: presolve solves it in about 40% of GLOP's default time.
GLOP_PARAMS = "use_dual_simplex:true use_preprocessing:false"


class Master:
    """Columns, lazy rows, LP solution values and duals."""

    def __init__(self, te: tx.TimeExpanded, b: tx.Batch, co2e_price: float) -> None:
        self.te, self.b, self.co2e_price = te, b, co2e_price
        self.lp = pywraplp.Solver.CreateSolver("GLOP")
        self.lp.SetSolverSpecificParametersAsString(GLOP_PARAMS)
        self.linking = False
        self.cols: list[tuple[int, Path, float]] = []
        self.x: list[pywraplp.Variable] = []
        self.keys: dict[tuple[int, Path], int] = {}
        self.of_shipment: list[list[int]] = [[] for _ in b.shipments]
        self.uses: dict[int, list[int]] = defaultdict(list)
        self.kg_rows: dict[int, pywraplp.Constraint] = {}
        self.m3_rows: dict[int, pywraplp.Constraint] = {}
        self.link_rows: dict[tuple[int, int], pywraplp.Constraint] = {}
        self.y: dict[int, pywraplp.Variable] = {}
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
        return True

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
        if not self.linking:
            return added
        for (s, d), value in share.items():
            if value > yv[d] + 1e-6 and (s, d) not in self.link_rows:
                row = self.lp.Constraint(-self.lp.infinity(), 0.0)
                row.SetCoefficient(self.y[d], -1.0)
                for j in self.uses[d]:
                    if self.cols[j][0] == s:
                        row.SetCoefficient(self.x[j], 1.0)
                self.link_rows[s, d] = row
                added += 1
        return added

    def solve_lp(self, time_limit_s: float | None = None) -> float | None:
        """The LP value, or None when GLOP stops on the time limit (duals are then unusable)."""
        if time_limit_s is not None:
            self.lp.SetTimeLimit(max(1, int(time_limit_s * 1000)))
        status = self.lp.Solve()
        if status != pywraplp.Solver.OPTIMAL:
            if time_limit_s is not None:
                return None
            raise RuntimeError("the master LP did not solve to optimality")
        self.xv = np.array([x.solution_value() for x in self.x])
        self.yv = {d: y.solution_value() for d, y in self.y.items()}
        return float(self.objective.Value())

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
        pi = np.array([row.dual_value() for row in self.conv])
        return colgen.Duals(pi, alpha, beta, dict(gamma))
