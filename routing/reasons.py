"""Why a shipment is unplanned: NO_ROUTE, CARGO_CLASS, CAPACITY or TOO_COSTLY."""

from __future__ import annotations

import numpy as np

from routing.paths import base_prices, cheapest
from routing.timeexpanded import Batch, TimeExpanded


def unplanned_reasons(
    te: TimeExpanded, b: Batch, members: list[int], co2e_cost_per_kg: float
) -> dict[int, str]:
    """NO_ROUTE: no chain of departures reaches the destination at all; CARGO_CLASS: only
    services refusing the cargo class do; CAPACITY: a route exists but no room was left (or the
    shipment exceeds every route's capacity); TOO_COSTLY: cheaper to leave it unplanned."""
    if not members:
        return {}
    idx = np.array(members, dtype=int)
    prices = base_prices(te, co2e_cost_per_kg)
    prices.limit_kg[:] = np.inf
    prices.limit_m3[:] = np.inf
    prices.check_cargo = False
    any_route, _ = cheapest(te, b, prices, idx)
    prices.check_cargo = True
    cargo_route, _ = cheapest(te, b, prices, idx)
    prices.limit_kg, prices.limit_m3 = te.cap_kg.copy(), te.cap_m3.copy()
    fitting, _ = cheapest(te, b, prices, idx)
    reasons = {}
    for k, s in enumerate(members):
        if not np.isfinite(any_route[k]):
            reasons[s] = "NO_ROUTE"
        elif not np.isfinite(cargo_route[k]):
            reasons[s] = "CARGO_CLASS"
        elif np.isfinite(fitting[k]) and fitting[k] > b.unplanned[s]:
            reasons[s] = "TOO_COSTLY"
        else:
            reasons[s] = "CAPACITY"
    return reasons
