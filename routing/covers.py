"""Lifted cover and packing rows of one departure's capacity (pure arithmetic, no solver).

A departure d of capacity K carries whole shipments: x_s in {0, 1} says whether shipment s
boards it, and sum w_s x_s <= K. A *cover* C is a set of shipments heavier together than K,
so sum_{s in C} x_s <= |C| - 1 holds for every plan; a *packing* P is a set that fits, and
sum_{s in P} x_s <= |P| holds trivially. Either row is weak as it stands; lifted with the
shipments outside it,

    sum_{s in seed} x_s + sum_{j not in seed} a_j x_j <= rhs,

it is much stronger: a_j is the largest integer keeping the row valid given the seed and the
shipments lifted before j (sequential up-lifting, Padberg; Wolsey, Integer Programming, 9.3).
`a_j = rhs - z_j` with z_j the best left-hand side of the row over the shipments already in
it that fit into `K - w_j`; it is computed exactly by a knapsack over integer profits (the
least weight reaching each profit), so real weights need no rounding. A lifted packing is the
(1, k)-configuration row when one heavy shipment is lifted into k light ones: an LP point that
packs a fraction of it among light shipments carried whole breaks that row by far more than
any plain cover.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

#: Relative tolerance on capacities: a set overflows when heavier than K * (1 + TOL).
TOL = 1e-9


class Sizes(Protocol):
    """Shipment sizes (kg or m3) by shipment index: a mapping or an array."""

    def __getitem__(self, s: int, /) -> float: ...


@dataclass(frozen=True)
class Cover:
    """sum_s coef[s] x_s <= rhs over one departure; `violation` at the LP point it came from."""

    coef: tuple[tuple[int, int], ...]
    rhs: int
    violation: float


def separate(flow: Mapping[int, float], size: Sizes, cap: float) -> Cover | None:
    """The more violated of two lifted rows at the LP point `flow` (shipment -> share on the
    departure), or None when neither is violated.

    Both start from shipments nearly whole on the departure (least `(1 - x) / w` first):
    a *cover*, taken until they overflow and made minimal by dropping the members with the
    most slack, right side |C| - 1; and a *packing*, taken while they fit, right side |P|
    (valid as it stands, since each x <= 1). Every other shipment with flow is lifted in,
    the largest share first. The packing row is what catches a heavy shipment's fraction
    among light ones carried whole: lifted, the heavy one gets |P| minus the light ones that
    still fit beside it. Shipments all carried whole fit (the capacity row holds), so such a
    point breaks no valid row and is skipped."""
    if all(share >= 1.0 - 1e-9 for share in flow.values()):
        return None
    order = sorted(flow, key=lambda s: ((1.0 - min(1.0, flow[s])) / size[s], s))
    best: Cover | None = None
    for members, rhs in _seeds(order, flow, size, cap):
        inside = set(members)
        rest = sorted((s for s in flow if s not in inside), key=lambda s: (-flow[s], s))
        coef = lift(members, rest, size, cap, rhs)
        lhs = sum(a * min(1.0, flow[s]) for s, a in coef.items())
        if lhs > rhs + 1e-6 and (best is None or lhs - rhs > best.violation):
            best = Cover(tuple(sorted(coef.items())), rhs, lhs - rhs)
    return best


def _seeds(
    order: list[int], flow: Mapping[int, float], size: Sizes, cap: float
) -> list[tuple[list[int], int]]:
    seeds = []
    cover = _greedy_cover(order, flow, size, cap)
    if cover is not None:
        minimal = _minimal(cover, flow, size, cap)
        seeds.append((minimal, len(minimal) - 1))
    packing, total = [], 0.0
    for s in order:
        if total + size[s] > cap * (1 + TOL):
            break
        packing.append(s)
        total += size[s]
    if 0 < len(packing) < len(order):
        seeds.append((packing, len(packing)))
    return seeds


def _greedy_cover(
    order: list[int], flow: Mapping[int, float], size: Sizes, cap: float
) -> list[int] | None:
    total, slack, members = 0.0, 0.0, []
    for s in order:
        members.append(s)
        total += size[s]
        slack += 1.0 - min(1.0, flow[s])
        if slack >= 1.0 - 1e-4:
            return None
        if total > cap * (1 + TOL):
            return members if len(members) > 1 else None
    return None


def _minimal(members: list[int], flow: Mapping[int, float], size: Sizes, cap: float) -> list[int]:
    """Drop members, the most slack first (lighter first on ties), while the rest still
    overflows: each drop leaves the left-hand side's excess over |C| - 1 no smaller."""
    total = sum(size[s] for s in members)
    kept = set(members)
    for s in sorted(members, key=lambda s: (min(1.0, flow[s]), size[s], s)):
        if len(kept) > 2 and total - size[s] > cap * (1 + TOL):
            kept.remove(s)
            total -= size[s]
    return sorted(kept)


def lift(members: list[int], rest: list[int], size: Sizes, cap: float, rhs: int) -> dict[int, int]:
    """Coefficients of the row `sum_{members} x <= rhs` lifted with `rest` in that order
    (module doc); the row must be valid for the members alone."""
    least = [0.0] + [float("inf")] * rhs
    coef: dict[int, int] = {}
    for s in members:
        _add_item(least, 1, size[s])
        coef[s] = 1
    for j in rest:
        room = cap * (1 + TOL) - size[j]
        if room < 0:
            continue
        best = max(p for p, w in enumerate(least) if w <= room)
        a = rhs - best
        if a > 0:
            coef[j] = a
            _add_item(least, a, size[j])
    return coef


def _add_item(least: list[float], profit: int, weight: float) -> None:
    """0/1 knapsack step: `least[p]` = least weight of a subset worth exactly p (capped at
    the row's right side, which no valid subset exceeds)."""
    top = len(least) - 1
    for p in range(top, profit - 1, -1):
        candidate = least[p - profit] + weight
        if candidate < least[p]:
            least[p] = candidate
