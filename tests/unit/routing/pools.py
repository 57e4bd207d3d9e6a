"""Column pools and pool plans for the routing search tests."""

from __future__ import annotations

from collections.abc import Sequence

from routing import timeexpanded as tx
from routing.greedy import greedy_routes
from routing.improve import PoolPlan, load
from routing.master import Master
from routing.paths import Path


def greedy_master(
    te: tx.TimeExpanded, b: tx.Batch, co2e: float
) -> tuple[list[Path | None], Master]:
    """The greedy plan's routes, and a master whose pool holds each planned one."""
    greedy = greedy_routes(te, b, co2e)
    master = Master(te, b, co2e)
    for s, path in enumerate(greedy):
        if path is not None:
            master.add_column(s, path)
    return greedy, master


def plan_of(
    te: tx.TimeExpanded, b: tx.Batch, master: Master, routes: Sequence[Path | None]
) -> PoolPlan:
    """The pool plan putting each shipment on its route (already in the pool) or unplanned."""
    keys = [None if p is None else master.keys[s, p] for s, p in enumerate(routes)]
    return load(PoolPlan(te, b, master.cols, master.of_shipment), keys)
