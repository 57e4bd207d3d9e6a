"""Column generation arithmetic without a solver: column costs, duals to prices, the bound.

The master LP (built in routing.master) is

    min  sum c_p x_p + sum F_d y_d + sum U_s u_s
    s.t. sum_{p of s} x_p + u_s = 1                  (pi_s)      every shipment s
         sum_{p through d} w_s x_p <= K_d y_d        (alpha_d)   kg, per departure
         sum_{p through d} v_s x_p <= V_d y_d        (beta_d)    m3, per departure
         sum_{p of s through d} x_p <= y_d           (gamma_sd)  strong linking, F_d > 0
         sum_s a_cs sum_{p of s through d} x_p <= r_c      (delta_c)  lifted cover c of d
         y_d in [0, 1]; y_d = 1 fixed (no variable) when F_d = 0.

A lifted cover or packing row c of departure d (routing.covers) holds for every set of whole
shipments that fits d's capacity (valid for the integer problem, cut off by fractional
packing).
Rows are added when the LP breaks them, so a missing row has multiplier 0. For any multipliers
alpha, beta, gamma, delta >= 0, keeping each shipment's choice (one path or unplanned) as its
domain gives the Lagrangian bound

    sum_s min(U_s, SP_s) + sum_{d: F_d > 0} min(0, F_d - K_d alpha_d - V_d beta_d - sum_s gamma_sd)
                         - sum_{d: F_d = 0} (K_d alpha_d + V_d beta_d) - sum_c delta_c r_c,

with SP_s the cheapest path of s priced with c_p plus alpha_d w_s + beta_d v_s + gamma_sd +
(sum of a_cs delta_c over the rows c of d) per departure: a bound on the whole problem (every path,
not only generated ones), equal to the LP value once pricing finds no negative reduced cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from routing.paths import Path, Prices, base_prices
from routing.timeexpanded import Batch, TimeExpanded


@dataclass
class Duals:
    """Row multipliers. `cover[d][s]` sums, over the cover rows of departure d, each row's
    multiplier times its coefficient of shipment s; `cover_rhs` sums each cover row's
    multiplier times its right side."""

    pi: np.ndarray
    alpha: np.ndarray
    beta: np.ndarray
    gamma: dict[int, dict[int, float]] = field(default_factory=dict)
    cover: dict[int, dict[int, float]] = field(default_factory=dict)
    cover_rhs: float = 0.0


def reduced_cost(
    te: TimeExpanded, b: Batch, s: int, path: Path, cost: float, duals: Duals
) -> float:
    """Reduced cost of a column (cost given) under the duals of the master LP."""
    total = cost - float(duals.pi[s])
    for d in path:
        total += duals.alpha[d] * b.weight[s] + duals.beta[d] * b.volume[s]
        total += duals.gamma.get(d, {}).get(s, 0.0) + duals.cover.get(d, {}).get(s, 0.0)
    return float(total)


def column_cost(te: TimeExpanded, b: Batch, s: int, path: Path, co2e_price: float) -> float:
    """Freight, CO2e price, transfer handling and lateness of shipment s on path (no fixed)."""
    total = 0.0
    for k, d in enumerate(path):
        total += b.charge[s, te.mode[d]] * te.cost_per_kg[d]
        total += b.weight[s] * co2e_price * te.co2_per_kg[d]
        if k < len(path) - 1:
            total += b.weight[s] * te.handling_per_kg[te.arr_hub[d]]
    late = max(0.0, te.arr_s[path[-1]] - b.due_s[s])
    return float(total + b.late_per_s[s] * late)


def mix(center: Duals, current: Duals, weight: float) -> Duals:
    """weight * center + (1 - weight) * current for the row multipliers (pi from current);
    nonnegative when both are, so its Lagrangian bound is valid."""
    if weight <= 0:
        return current
    return Duals(
        current.pi,
        weight * center.alpha + (1 - weight) * current.alpha,
        weight * center.beta + (1 - weight) * current.beta,
        _mix_sparse(center.gamma, current.gamma, weight),
        _mix_sparse(center.cover, current.cover, weight),
        weight * center.cover_rhs + (1 - weight) * current.cover_rhs,
    )


def _mix_sparse(
    center: dict[int, dict[int, float]], current: dict[int, dict[int, float]], weight: float
) -> dict[int, dict[int, float]]:
    mixed: dict[int, dict[int, float]] = {}
    for d in set(center) | set(current):
        a, c = center.get(d, {}), current.get(d, {})
        mixed[d] = {
            s: weight * a.get(s, 0.0) + (1 - weight) * c.get(s, 0.0) for s in set(a) | set(c)
        }
    return mixed


def pricing_prices(te: TimeExpanded, co2e_price: float, duals: Duals) -> Prices:
    prices = base_prices(te, co2e_price)
    prices.per_kg = prices.per_kg + duals.alpha
    prices.per_m3 = prices.per_m3 + duals.beta
    prices.sparse = {d: dict(entries) for d, entries in duals.gamma.items()}
    for d, entries in duals.cover.items():
        target = prices.sparse.setdefault(d, {})
        for s, value in entries.items():
            target[s] = target.get(s, 0.0) + value
    return prices


def lagrangian_bound(
    te: TimeExpanded, b: Batch, sp: np.ndarray, duals: Duals, big_k: np.ndarray
) -> float:
    """The bound of the module docstring; `big_k` is K_d (finite) used in the kg rows."""
    bound = float(np.minimum(b.unplanned, sp).sum())
    fixed = te.fixed > 0
    gamma_sum = np.zeros(te.n)
    for d, entries in duals.gamma.items():
        gamma_sum[d] = sum(entries.values())
    v_cap = np.where(np.isfinite(te.cap_m3), te.cap_m3, 0.0)
    kg_term = np.where(duals.alpha > 0, big_k * duals.alpha, 0.0)
    m3_term = np.where(duals.beta > 0, v_cap * duals.beta, 0.0)
    y_coef = te.fixed - kg_term - m3_term - gamma_sum
    bound += float(np.minimum(0.0, y_coef[fixed]).sum())
    bound -= float((kg_term + m3_term)[~fixed].sum())
    return bound - duals.cover_rhs


def relative_gap(incumbent: float, bound: float) -> float:
    if incumbent == 0:
        return 0.0
    return max(0.0, incumbent - bound) / abs(incumbent)


def routes_objective(
    te: TimeExpanded, b: Batch, routes: Sequence[Path | None], co2e_price: float
) -> float:
    """The objective of a choice of routes (fixed costs once per used departure)."""
    total = 0.0
    used: set[int] = set()
    for s, path in enumerate(routes):
        if path is None:
            total += float(b.unplanned[s])
        else:
            total += column_cost(te, b, s, path, co2e_price)
            used.update(path)
    return total + float(sum(te.fixed[d] for d in used))
