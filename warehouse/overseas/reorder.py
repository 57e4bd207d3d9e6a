"""Reorder points and suggested quantities (pure), with the figures that produced them.

Daily demand over the history window: mean d and standard deviation s (zero-demand days
count). With lead time L days (from the route planner) and review period R days, at service
level p (z = the standard normal quantile of p):

    safety stock        SS  = z * s * sqrt(L)
    reorder point       ROP = d * L + SS
    order-up-to level   S   = d * (L + R) + z * s * sqrt(L + R)
    suggested quantity  Q   = ceil(S - position) when position <= ROP, else 0

position = on hand - reserved for local orders + on order (shipments not yet received).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist, fmean, pstdev

FORMULA = (
    "SS = z*s*sqrt(L); ROP = d*L + SS; S = d*(L+R) + z*s*sqrt(L+R); "
    "Q = ceil(S - position) if position <= ROP else 0"
)


@dataclass(frozen=True)
class Demand:
    days: int
    mean: float
    std: float


@dataclass(frozen=True)
class Reorder:
    lead_time_days: float
    z: float
    safety_stock: float
    reorder_point: float
    order_up_to: float
    position: int
    suggested: int

    def figures(self) -> dict[str, float | int]:
        return {k: round(v, 3) if isinstance(v, float) else v for k, v in vars(self).items()}


def demand(daily: list[int]) -> Demand:
    if not daily:
        return Demand(0, 0.0, 0.0)
    return Demand(len(daily), fmean(daily), pstdev(daily))


def z_of(service_level: float) -> float:
    return NormalDist().inv_cdf(service_level)


def reorder(
    d: Demand, lead_days: float, service_level: float, review_days: int, position: int
) -> Reorder:
    z = z_of(service_level)
    safety = z * d.std * math.sqrt(lead_days)
    rop = d.mean * lead_days + safety
    up_to = d.mean * (lead_days + review_days) + z * d.std * math.sqrt(lead_days + review_days)
    due = position <= rop and d.mean > 0
    suggested = max(0, math.ceil(up_to - position)) if due else 0
    return Reorder(lead_days, z, safety, rop, up_to, position, suggested)


def choose(on_hand: int, d: Demand, cheapest_days: float, fastest_days: float) -> tuple[str, str]:
    """Cheapest while the stock on hand outlasts its lead time; else fastest. With the why."""
    cover = on_hand / d.mean if d.mean else math.inf
    if cover >= cheapest_days:
        return "cheapest", f"stock covers {cover:.1f} days >= cheapest lead {cheapest_days:.1f}"
    return "fastest", (
        f"stock covers {cover:.1f} days < cheapest lead {cheapest_days:.1f}: "
        f"fastest arrives in {fastest_days:.1f}"
    )
