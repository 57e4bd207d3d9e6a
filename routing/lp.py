"""A minimisation LP that keeps its simplex basis when columns or rows are added (HiGHS).

Column generation solves the same master again and again after adding a few hundred columns
or rows. pywraplp hands its solver a freshly extracted model at every solve, so GLOP started
from scratch each round; HiGHS keeps the model and its basis (new columns enter at their lower
bound, new rows with their slack basic), so a round costs the iterations the change needs.
"""

from __future__ import annotations

from collections.abc import Sequence

import highspy
import numpy as np

INF = highspy.kHighsInf
_OPTIMAL = highspy.HighsModelStatus.kOptimal


class IncrementalLp:
    """Columns and rows are numbered in the order they are added, from 0."""

    def __init__(self) -> None:
        self._h = highspy.Highs()
        self._h.setOptionValue("output_flag", False)
        self._h.setOptionValue("presolve", "off")
        self.columns = 0
        self.rows = 0
        self._values = np.zeros(0)
        self._row_duals = np.zeros(0)
        self.objective = 0.0

    def add_column(
        self, cost: float, upper: float, rows: Sequence[int], coefs: Sequence[float]
    ) -> int:
        """A column in [0, upper]; returns its number."""
        self._h.addCol(float(cost), 0.0, float(upper), *_sparse(rows, coefs))
        self.columns += 1
        return self.columns - 1

    def add_row(
        self, lower: float, upper: float, cols: Sequence[int], coefs: Sequence[float]
    ) -> int:
        """A row lower <= sum coefs * cols <= upper (INF for none); returns its number."""
        self._h.addRow(float(lower), float(upper), *_sparse(cols, coefs))
        self.rows += 1
        return self.rows - 1

    def solve(self, time_limit_s: float | None = None) -> bool:
        """Solve from the current basis; True when optimal (then values and duals are set).

        HiGHS measures its time limit against the object's run time summed over every solve.
        """
        limit = INF if time_limit_s is None else self._h.getRunTime() + max(0.0, time_limit_s)
        self._h.setOptionValue("time_limit", float(limit))
        self._h.run()
        if self._h.getModelStatus() != _OPTIMAL:
            return False
        solution = self._h.getSolution()
        self._values = np.asarray(solution.col_value)
        self._row_duals = np.asarray(solution.row_dual)
        self.objective = float(self._h.getInfo().objective_function_value)
        return True

    @property
    def values(self) -> np.ndarray:
        """Column values of the last optimal solve; 0 for columns added since."""
        return _padded(self._values, self.columns)

    @property
    def row_duals(self) -> np.ndarray:
        """Row duals of the last optimal solve (d objective / d bound); 0 for rows added since."""
        return _padded(self._row_duals, self.rows)


def _sparse(index: Sequence[int], coefs: Sequence[float]) -> tuple[int, np.ndarray, np.ndarray]:
    """A sparse vector as HiGHS takes it: count, indices, values."""
    return len(index), np.asarray(index, dtype=np.int32), np.asarray(coefs, dtype=np.float64)


def _padded(values: np.ndarray, size: int) -> np.ndarray:
    if values.size >= size:
        return values
    return np.concatenate([values, np.zeros(size - values.size)])
