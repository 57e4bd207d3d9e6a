"""The restricted master LP of column generation (HiGHS, warm-started: routing.lp).

The formulation is in routing.colgen. Columns are (shipment, path) pairs. A departure's capacity
rows are added as soon as the shipments with a column through it could overflow it, or when the
LP solution breaks them (`separate`); the strong linking rows, once `linking` is on, when the LP
breaks them by more than `link_share` of the LP value in fixed cost (a few hundred rows carry
almost all of the bound; thousands make each solve slow); cover rows when the LP breaks them.
The duals of any restricted master, with any subset of rows and columns, give a valid
Lagrangian bound (colgen).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from routing import colgen, covers
from routing import timeexpanded as tx
from routing.lp import INF, IncrementalLp
from routing.paths import Path

_EPS = 1e-7
#: Cover rows added per round at most.
MAX_COVERS = 200


class Master:
    """Columns, lazy rows, LP solution values and duals."""

    def __init__(self, te: tx.TimeExpanded, b: tx.Batch, co2e_price: float) -> None:
        self.te, self.b, self.co2e_price = te, b, co2e_price
        self.lp = IncrementalLp()
        self.linking = False
        self.link_share = 0.0
        self.value = 0.0
        self.cols: list[tuple[int, Path, float]] = []
        self.x: list[int] = []
        self.keys: dict[tuple[int, Path], int] = {}
        self.of_shipment: list[list[int]] = [[] for _ in b.shipments]
        self.uses: dict[int, list[int]] = defaultdict(list)
        self.kg_rows: dict[int, int] = {}
        self.m3_rows: dict[int, int] = {}
        self.link_rows: dict[tuple[int, int], int] = {}
        self.y: dict[int, int] = {}
        self.reaching: set[tuple[int, int]] = set()
        self.cover_rows: list[tuple[int, covers.Cover, int]] = []
        self.cover_of: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
        self.covers_seen: set[tuple[int, tuple[tuple[int, int], ...]]] = set()
        self.reach_kg = np.zeros(te.n)
        self.reach_m3 = np.zeros(te.n)
        total_w = float(b.weight.sum())
        self.big_k = np.where(np.isfinite(te.cap_kg), te.cap_kg, total_w)
        self.conv: list[int] = []
        for s in range(len(b.shipments)):
            u = self.lp.add_column(float(b.unplanned[s]), 1.0, (), ())
            self.conv.append(self.lp.add_row(1.0, 1.0, (u,), (1.0,)))
        self.xv = np.zeros(0)
        self.yv: dict[int, float] = {}

    def add_column(self, s: int, path: Path) -> bool:
        if (s, path) in self.keys:
            return False
        cost = colgen.column_cost(self.te, self.b, s, path, self.co2e_price)
        rows, coefs = self._rows_of(s, path)
        j = len(self.cols)
        self.keys[s, path] = j
        self.cols.append((s, path, cost))
        self.x.append(self.lp.add_column(cost, 1.0, rows, coefs))
        self.of_shipment[s].append(j)
        for d in path:
            self.uses[d].append(j)
        for d in path:
            if self.te.fixed[d] > 0 and d not in self.y:
                self._open(d)
            self._reach_row(s, d)
        return True

    def _rows_of(self, s: int, path: Path) -> tuple[list[int], list[float]]:
        """The existing rows a column of shipment s on `path` enters, with its coefficients
        (rows made afterwards take it from `uses`)."""
        rows, coefs = [self.conv[s]], [1.0]
        for d in path:
            if d in self.kg_rows:
                rows.append(self.kg_rows[d])
                coefs.append(float(self.b.weight[s]))
            if d in self.m3_rows:
                rows.append(self.m3_rows[d])
                coefs.append(float(self.b.volume[s]))
            if (s, d) in self.link_rows:
                rows.append(self.link_rows[s, d])
                coefs.append(1.0)
            for row, a in self.cover_of.get((s, d), ()):
                rows.append(row)
                coefs.append(float(a))
        return rows, coefs

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
        self.y[d] = self.lp.add_column(float(self.te.fixed[d]), 1.0, (), ())
        self._capacity_row(d, kg=True)

    def _capacity_row(self, d: int, kg: bool) -> None:
        cap = self.big_k[d] if kg else self.te.cap_m3[d]
        size = self.b.weight if kg else self.b.volume
        cols = [self.x[j] for j in self.uses[d]]
        coefs = [float(size[self.cols[j][0]]) for j in self.uses[d]]
        upper = float(cap)
        if d in self.y:
            cols.append(self.y[d])
            coefs.append(-upper)
            upper = 0.0
        (self.kg_rows if kg else self.m3_rows)[d] = self.lp.add_row(-INF, upper, cols, coefs)

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
                cols = [self.x[j] for j in self.uses[d] if self.cols[j][0] == s]
                self.link_rows[s, d] = self.lp.add_row(
                    -INF, 0.0, [*cols, self.y[d]], [1.0] * len(cols) + [-1.0]
                )
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
        coef = dict(cover.coef)
        cols, coefs = [], []
        for j in self.uses[d]:
            a = coef.get(self.cols[j][0])
            if a:
                cols.append(self.x[j])
                coefs.append(float(a))
        row = self.lp.add_row(-INF, float(cover.rhs), cols, coefs)
        for s, a in cover.coef:
            self.cover_of[s, d].append((row, a))
        self.cover_rows.append((d, cover, row))

    def solve_lp(self, time_limit_s: float | None = None) -> float | None:
        """The LP value, or None when the solver stops on the time limit (duals are unusable)."""
        if not self.lp.solve(time_limit_s):
            if time_limit_s is not None:
                return None
            raise RuntimeError("the master LP did not solve to optimality")
        values = self.lp.values
        self.xv = values[np.asarray(self.x, dtype=np.int64)]
        self.yv = {d: float(values[y]) for d, y in self.y.items()}
        self.value = self.lp.objective
        return self.value

    def duals(self) -> colgen.Duals:
        n = self.te.n
        dual = self.lp.row_duals
        alpha, beta = np.zeros(n), np.zeros(n)
        for d, row in self.kg_rows.items():
            alpha[d] = max(0.0, -dual[row])
        for d, row in self.m3_rows.items():
            beta[d] = max(0.0, -dual[row])
        gamma: dict[int, dict[int, float]] = defaultdict(dict)
        for (s, d), row in self.link_rows.items():
            value = -dual[row]
            if value > 0:
                gamma[d][s] = value
        cover: dict[int, dict[int, float]] = defaultdict(dict)
        cover_rhs = 0.0
        for d, cut, row in self.cover_rows:
            value = -dual[row]
            if value > 0:
                for s, a in cut.coef:
                    cover[d][s] = cover[d].get(s, 0.0) + value * a
                cover_rhs += value * cut.rhs
        pi = dual[np.asarray(self.conv, dtype=np.int64)]
        return colgen.Duals(pi, alpha, beta, dict(gamma), dict(cover), cover_rhs)
