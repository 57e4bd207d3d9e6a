"""The warm-started master LP gives what a solve from scratch gives, after any changes."""

from __future__ import annotations

import numpy as np
from hypothesis import given, seed, settings
from hypothesis import strategies as st
from ortools.linear_solver import pywraplp

from routing.lp import INF, IncrementalLp


def _scratch(costs: list[float], rows: list[tuple]) -> float:
    """The same LP built at once and solved by GLOP."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    xs = [solver.NumVar(0.0, 1.0, "") for _ in costs]
    for lower, upper, cols, coefs in rows:
        row = solver.Constraint(
            -solver.infinity() if lower == -INF else lower,
            solver.infinity() if upper == INF else upper,
        )
        for c, a in zip(cols, coefs, strict=True):
            row.SetCoefficient(xs[c], a)
    objective = solver.Objective()
    for x, c in zip(xs, costs, strict=True):
        objective.SetCoefficient(x, c)
    objective.SetMinimization()
    assert solver.Solve() == pywraplp.Solver.OPTIMAL
    return float(objective.Value())


@seed(20261121)
@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=2**31 - 1))
def test_incremental_solves_match_a_solve_from_scratch(rng_seed: int) -> None:
    """A covering LP solved, then grown by columns and rows, solved again from its basis each
    time: every value equals GLOP's on the LP built from scratch,
    and the values returned keep every row."""
    rng = np.random.default_rng(rng_seed)
    lp = IncrementalLp()
    costs: list[float] = []
    rows: list[tuple] = []
    n_rows = int(rng.integers(3, 8))
    for _ in range(n_rows):
        slack = lp.add_column(100.0, 1.0, (), ())
        costs.append(100.0)
        rows.append((1.0, 1.0, [slack], [1.0]))
        lp.add_row(1.0, 1.0, [slack], [1.0])
    for _ in range(4):
        for _ in range(int(rng.integers(1, 6))):
            members = [r for r in range(len(rows)) if rng.random() < 0.5] or [0]
            cost = float(rng.uniform(1.0, 50.0))
            coefs = [float(rng.uniform(0.5, 2.0)) if rows[r][1] != 1.0 else 1.0 for r in members]
            col = lp.add_column(cost, 1.0, members, coefs)
            costs.append(cost)
            for r, a in zip(members, coefs, strict=True):
                rows[r][2].append(col)
                rows[r][3].append(a)
        cols = [c for c in range(n_rows, len(costs)) if rng.random() < 0.4]
        if cols:
            weights = [float(rng.uniform(0.5, 2.0)) for _ in cols]
            cap = float(rng.uniform(0.5, 3.0))
            lp.add_row(-INF, cap, cols, weights)
            rows.append((-INF, cap, list(cols), list(weights)))
        assert lp.solve(10.0)
        assert abs(lp.objective - _scratch(costs, rows)) <= 1e-6 * max(1.0, lp.objective)
        values = lp.values
        for lower, upper, members, coefs in rows:
            activity = float(np.dot(values[members], coefs))
            assert lower - 1e-7 <= activity <= upper + 1e-7


def test_rows_added_after_a_solve_have_zero_duals_until_the_next() -> None:
    """Duals are read between solves (the bound after adding rows): a row added since the
    last solve has multiplier 0, the others keep theirs."""
    lp = IncrementalLp()
    x, y, z = (lp.add_column(cost, 1.0, (), ()) for cost in (1.0, 2.0, 5.0))
    convexity = lp.add_row(1.0, 1.0, [x, y, z], [1.0, 1.0, 1.0])
    cap = lp.add_row(-INF, 0.3, [x], [1.0])
    assert lp.solve()
    assert abs(lp.objective - 1.7) < 1e-9
    late = lp.add_row(-INF, 0.5, [y], [1.0])
    duals = lp.row_duals
    assert list(np.round(duals[[convexity, cap, late]], 9)) == [2.0, -1.0, 0.0]
    assert lp.solve()
    assert abs(lp.objective - 2.3) < 1e-9
    assert list(np.round(lp.row_duals[[convexity, cap, late]], 9)) == [5.0, -4.0, -3.0]
