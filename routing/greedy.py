"""The greedy baseline: shipments in input order, each on its cheapest path that still fits.

A departure's cost_fixed is amortised over its capacity (cost_fixed / capacity_kg per
chargeable kg; the whole cost_fixed when capacity is unlimited), so every shipment sees the same
static prices and only the residual capacities change as the greedy goes. Paths are computed for
a batch of shipments at once on the current residual capacities; when a precomputed path no
longer fits, only that shipment is re-priced (a scalar sweep on the current capacities) and the
batch goes on. A path that still fits stays the cheapest, since capacities only shrink, so the
result equals the one-by-one greedy.
"""

from __future__ import annotations

import numpy as np

from routing.paths import Path, Prices, base_prices, cheapest, cheapest_one
from routing.timeexpanded import Batch, TimeExpanded

_BATCH = 256


def greedy_prices(te: TimeExpanded, co2e_cost_per_kg: float) -> Prices:
    prices = base_prices(te, co2e_cost_per_kg)
    limited = np.isfinite(te.cap_kg) & (te.cap_kg > 0)
    prices.per_charge_kg[limited] += te.fixed[limited] / te.cap_kg[limited]
    prices.constant[~limited] = te.fixed[~limited]
    return prices


def greedy_routes(
    te: TimeExpanded,
    b: Batch,
    co2e_cost_per_kg: float,
    used_kg: np.ndarray | None = None,
    used_m3: np.ndarray | None = None,
) -> list[Path | None]:
    """Route of each shipment of the batch (None: unplanned), given capacity already used."""
    prices = greedy_prices(te, co2e_cost_per_kg)
    if used_kg is not None:
        prices.limit_kg = prices.limit_kg - used_kg
    if used_m3 is not None:
        prices.limit_m3 = prices.limit_m3 - used_m3
    routes: list[Path | None] = [None] * len(b.shipments)
    for start in range(0, len(routes), _BATCH):
        members = np.arange(start, min(start + _BATCH, len(routes)))
        costs, paths = cheapest(te, b, prices, members)
        for j, s in enumerate(members.tolist()):
            cost, path = float(costs[j]), paths[j]
            if path is not None and cost <= b.unplanned[s] and not _fits(prices, b, s, path):
                cost, path = cheapest_one(te, b, prices, s)
            if path is not None and cost <= b.unplanned[s]:
                _take(prices, b, s, path)
                routes[s] = path
    return routes


def _fits(prices: Prices, b: Batch, s: int, path: Path) -> bool:
    idx = list(path)
    return bool(
        np.all(prices.limit_kg[idx] >= b.weight[s]) and np.all(prices.limit_m3[idx] >= b.volume[s])
    )


def _take(prices: Prices, b: Batch, s: int, path: Path) -> None:
    idx = list(path)
    prices.limit_kg[idx] -= b.weight[s]
    prices.limit_m3[idx] -= b.volume[s]
