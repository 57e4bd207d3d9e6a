"""Lower bounds on the containers needed for every box that fits some container.

max(volume bound, weight bound, number of big boxes that pairwise cannot share a
container), raised by the CP-SAT relaxation in ``assign`` when it proves more.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from routing.loadplan.assign import Bin, Item, min_containers
from routing.loadplan.geometry import fits, orientations
from routing.loadplan.model import Box, ContainerType

MAX_BIG = 400


def box_fits_type(box: Box, ctype: ContainerType) -> bool:
    return box.weight_kg <= ctype.payload_kg and any(fits(o, ctype.dims) for o in orientations(box))


def simple_bound(boxes: Sequence[Box], types: Sequence[ContainerType]) -> int:
    if not boxes:
        return 0
    vol = sum(b.volume for b in boxes) / max(t.volume for t in types)
    weight = sum(b.weight_kg for b in boxes) / max(t.payload_kg for t in types)
    return max(1, math.ceil(vol - 1e-9), math.ceil(weight - 1e-9))


def conflicts(boxes: Sequence[Box], ctype: ContainerType) -> list[tuple[int, int]]:
    """Pairs of boxes that cannot share a container of ``ctype`` in any orientations.

    Two boxes share a container only if they are separated along some axis k, which needs
    min_k(a) + min_k(b) <= inner_k, min_k being the least extent along k over the box's
    orientations that fit.
    """
    ext = [_min_extent(b, ctype) for b in boxes]
    half = [d / 2 for d in ctype.dims]
    big = [i for i, e in enumerate(ext) if e and any(e[k] > half[k] for k in range(3))][:MAX_BIG]
    out = []
    for n, i in enumerate(big):
        for j in big[n + 1 :]:
            a, b = ext[i], ext[j]
            if a and b and all(a[k] + b[k] > ctype.dims[k] for k in range(3)):
                out.append((i, j))
    return out


def _min_extent(box: Box, ctype: ContainerType) -> tuple[int, int, int] | None:
    ok = [o for o in orientations(box) if fits(o, ctype.dims)]
    if not ok:
        return None
    return min(o[0] for o in ok), min(o[1] for o in ok), min(o[2] for o in ok)


def clique_bound(pairs: list[tuple[int, int]]) -> int:
    """Size of a greedy clique in the conflict graph (each member needs its own container)."""
    adj: dict[int, set[int]] = {}
    for i, j in pairs:
        adj.setdefault(i, set()).add(j)
        adj.setdefault(j, set()).add(i)
    clique: list[int] = []
    for v in sorted(adj, key=lambda v: -len(adj[v])):
        if all(v in adj[u] for u in clique):
            clique.append(v)
    return len(clique)


def lower_bound(boxes: Sequence[Box], types: Sequence[ContainerType], time_limit_s: float) -> int:
    """A valid lower bound on the containers (of any types, unlimited counts) for ``boxes``."""
    fitting = [b for b in boxes if any(box_fits_type(b, t) for t in types)]
    if not fitting:
        return 0
    pairs = {k: conflicts(fitting, t) for k, t in enumerate(types)}
    bound = simple_bound(fitting, types)
    if len(types) == 1:
        bound = max(bound, clique_bound(pairs[0]))
    items = [
        Item(
            b.volume // 1000,
            math.floor(b.weight_kg * 100),
            b.cargo,
            frozenset(k for k, t in enumerate(types) if box_fits_type(b, t)),
        )
        for b in fitting
    ]
    specs = [Bin(k, -(-t.volume // 1000), _payload(t)) for k, t in enumerate(types)]
    bins = [s for k, s in enumerate(specs) for _ in range(_copies(items, k, s, pairs[k]))]
    proven, _ = min_containers(items, bins, pairs, time_limit_s)
    return max(bound, proven)


def _payload(t: ContainerType) -> int | None:
    return None if math.isinf(t.payload_kg) else math.ceil(t.payload_kg * 100)


def _copies(items: list[Item], bins_type: int, spec: Bin, pairs: list[tuple[int, int]]) -> int:
    """First-fit count for the items that fit this type: no optimal relaxation needs more."""
    conflict = set(pairs) | {(j, i) for i, j in pairs}
    order = sorted(
        (i for i, it in enumerate(items) if bins_type in it.types), key=lambda i: -items[i].volume
    )
    opened: list[list[int]] = []
    for i in order:
        for members in opened:
            if _room(items, members, i, spec) and all((i, j) not in conflict for j in members):
                members.append(i)
                break
        else:
            opened.append([i])
    return len(opened)


def _room(items: list[Item], members: list[int], i: int, spec: Bin) -> bool:
    it = items[i]
    if sum(items[j].volume for j in members) + it.volume > spec.volume:
        return False
    if spec.payload is not None and sum(items[j].weight for j in members) + it.weight > (
        spec.payload
    ):
        return False
    cargo = {items[j].cargo for j in members} | {it.cargo}
    return not {"dg", "cold"} <= cargo
