"""Loading order (back wall first, supporters before what they carry) and the CoG rule."""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence

import numpy as np

from routing.loadplan.geometry import Placed, footprint_overlap
from routing.loadplan.model import Box


def supporters(placed: Sequence[Placed]) -> list[list[int]]:
    """For each placed box, the indices (into ``placed``) of boxes it rests on."""
    by_top: dict[int, list[int]] = {}
    for i, p in enumerate(placed):
        by_top.setdefault(p.top, []).append(i)
    return [
        [j for j in by_top.get(p.z, ()) if footprint_overlap(p, placed[j]) > 0] if p.z else []
        for p in placed
    ]


def loading_order(placed: Sequence[Placed]) -> list[Placed]:
    """Placements in loading order (see ``order_or_stuck``); boxes that cannot be ordered
    come last, nearest the back wall first."""
    order, stuck = order_or_stuck(placed)
    return order + sorted(stuck, key=lambda p: (p.x, p.z, p.y))


def order_or_stuck(placed: Sequence[Placed]) -> tuple[list[Placed], list[Placed]]:
    """A topological order, nearest the back wall (x) first, of two relations: a box after
    the boxes it rests on, and after every box whose way in it would block (a box it lies
    entirely on the door side of, overlapping its width-height cross-section). Returns the
    ordered placements and those caught in a cycle (empty when the load can be loaded)."""
    n = len(placed)
    after: list[set[int]] = [set() for _ in placed]
    for i, sup in enumerate(supporters(placed)):
        for j in sup:
            after[j].add(i)
    if n:
        a = np.array([(p.x, p.x + p.l, p.y, p.y + p.w, p.z, p.top) for p in placed])
        door = a[None, :, 0] >= a[:, None, 1]
        for lo, hi in ((2, 3), (4, 5)):
            door &= np.minimum(a[:, None, hi], a[None, :, hi]) > np.maximum(
                a[:, None, lo], a[None, :, lo]
            )
        for b, d in zip(*np.nonzero(door), strict=True):
            after[int(b)].add(int(d))
    waiting = [0] * n
    for succ in after:
        for k in succ:
            waiting[k] += 1
    heap = [(p.x, p.z, p.y, i) for i, p in enumerate(placed) if not waiting[i]]
    heapq.heapify(heap)
    out = []
    while heap:
        *_, i = heapq.heappop(heap)
        out.append(i)
        for k in after[i]:
            waiting[k] -= 1
            if not waiting[k]:
                p = placed[k]
                heapq.heappush(heap, (p.x, p.z, p.y, k))
    done = set(out)
    return [placed[i] for i in out], [p for i, p in enumerate(placed) if i not in done]


def loadable(
    placed: list[Placed], length: int, boxes: Sequence[Box]
) -> tuple[list[Placed], list[Placed]]:
    """Balance the CoG and make the load loadable in some order: while boxes are caught in
    a cycle, take out the one nearest the door among those carrying nothing, and balance
    again. Returns the kept placements in loading order and the removed ones."""
    kept, removed = balance(placed, length, boxes)
    while kept:
        order, stuck = order_or_stuck(kept)
        if not stuck:
            return order, removed
        ids = {id(p) for p in stuck}
        free = [i for i in _carrying_nothing(kept) if id(kept[i]) in ids] or _carrying_nothing(kept)
        victim = max(free, key=lambda i: kept[i].x + kept[i].l)
        removed.append(kept.pop(victim))
        kept, more = balance(kept, length, boxes)
        removed += more
    return kept, removed


def cog_x(placed: Sequence[Placed], boxes: Sequence[Box]) -> float:
    """Centre of gravity along the length (mm); by volume when the load weighs nothing."""
    weights = [boxes[p.box].weight_kg for p in placed]
    if sum(weights) <= 0:
        weights = [float(p.l * p.w * p.h) for p in placed]
    total = sum(weights)
    return sum(w * (p.x + p.l / 2) for w, p in zip(weights, placed, strict=True)) / total


def balance(
    placed: list[Placed], length: int, boxes: Sequence[Box]
) -> tuple[list[Placed], list[Placed]]:
    """Bring the CoG into the middle third of ``length``: shift the load, else unload boxes.

    Returns the kept placements and the removed ones (boxes that carry nothing, taken from
    the end where the load is too heavy).
    """
    kept, removed = list(placed), list[Placed]()
    while kept:
        shifted = _shift(kept, length, boxes)
        if shifted is not None:
            return shifted, removed
        c = cog_x(kept, boxes)
        free = _carrying_nothing(kept)
        sign = 1 if c < length / 3 else -1
        victim = min(free, key=lambda i: sign * (kept[i].x + kept[i].l / 2))
        removed.append(kept.pop(victim))
    return kept, removed


def _shift(placed: list[Placed], length: int, boxes: Sequence[Box]) -> list[Placed] | None:
    c = cog_x(placed, boxes)
    low, high = length / 3, 2 * length / 3
    lo_dx = -min(p.x for p in placed)
    hi_dx = length - max(p.x + p.l for p in placed)
    if c < low:
        dx = math.ceil(low - c)
    elif c > high:
        dx = math.floor(high - c)
    else:
        return placed
    if not lo_dx <= dx <= hi_dx:
        return None
    return [p.shifted(dx) for p in placed]


def _carrying_nothing(placed: list[Placed]) -> list[int]:
    carried = {j for sup in supporters(placed) for j in sup}
    return [i for i in range(len(placed)) if i not in carried]
