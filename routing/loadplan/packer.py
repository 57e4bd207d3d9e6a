"""One container filled by block building over maximal spaces (after Parreno et al. 2008).

Repeatedly take the empty space nearest a bottom corner of the container, put the best
feasible block of identical boxes at that corner, and split the spaces. A block is
feasible when it fits, keeps the payload, each of its bottom boxes rests on the floor or
for >= 80% of its base on top faces exactly at its bottom height, and it touches no top of
a stack:false box. With ``delta`` > 0 the block is drawn from the near-best candidates
(GRASP randomisation).
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass, field

import numpy as np

from routing.loadplan.blocks import Block, BoxType
from routing.loadplan.catalog import Catalog
from routing.loadplan.geometry import Placed
from routing.loadplan.model import Box, Dims
from routing.loadplan.spaces import Space, occupy

SUPPORT = 0.8
MAX_SHIFTS = 8  # positions tried beyond a space's corner
Rect = tuple[int, int, int, int]


@dataclass
class PackState:
    inner: Dims
    payload: float
    spaces: list[Space]
    remaining: list[list[int]]  # per type: box indices, lightest first
    catalog: Catalog
    counts: np.ndarray  # per type: boxes left
    wrem: np.ndarray  # per type: weight left
    placed: list[Placed] = field(default_factory=list)
    weight: float = 0.0
    volume: int = 0
    tops: dict[int, list[Rect]] = field(default_factory=dict)
    nocarry: dict[int, list[Rect]] = field(default_factory=dict)
    bottoms: dict[int, list[Rect]] = field(default_factory=dict)
    back_only: bool = False  # anchor every block at the back (x0) of its space


def new_state(inner: Dims, payload: float, catalog: Catalog, back_only: bool = False) -> PackState:
    space = (0, 0, 0, inner[0], inner[1], inner[2])
    members = [list(t.members) for t in catalog.types]
    counts, wrem = catalog.counts.copy(), catalog.weights.copy()
    return PackState(inner, payload, [space], members, catalog, counts, wrem, back_only=back_only)


def construct(
    state: PackState,
    types: list[BoxType],
    boxes: tuple[Box, ...],
    active: set[int],
    rng: random.Random,
    delta: float = 0.0,
    fit: bool = False,
    stop: float | None = None,
) -> list[Space]:
    """Fill ``state`` with blocks of the ``active`` types; return the spaces left unused.

    At ``stop`` (a ``time.monotonic()`` instant) the construction ends where it is: what is
    placed stays valid, the rest is left for later.
    """
    dead: list[Space] = []
    mask = np.zeros(len(types), dtype=bool)
    mask[list(active)] = True
    min_dim = state.catalog.smallest(state.counts * mask)
    left = sum(len(state.remaining[t]) * types[t].volume for t in active)
    tight = left > math.prod(state.inner) - state.volume
    keys: dict[Space, tuple] = {}
    while state.spaces and min_dim is not None:
        if stop is not None and time.monotonic() >= stop:
            break
        for s in state.spaces:
            if s not in keys:
                keys[s] = _space_key(s, state.inner, state.back_only)
        space = min(state.spaces, key=keys.__getitem__)
        gap = min_dim if fit else 0
        choice = _choose(state, space, types, mask, rng, delta, (tight, gap))
        if choice is None:
            state.spaces.remove(space)
            dead.append(space)
            continue
        block, pos = choice
        _place(state, types[block.type], block, pos, boxes)
        min_dim = state.catalog.smallest(state.counts * mask)
        cub = _cuboid(state, types, block, pos)
        state.spaces = occupy(state.spaces, cub, min_dim or 1)
        dead = occupy(dead, cub, min_dim or 1)
    return dead + state.spaces


def _space_key(s: Space, inner: Dims, back_only: bool) -> tuple:
    dx = s[0] if back_only else min(s[0], inner[0] - s[3])
    dy = min(s[1], inner[1] - s[4])
    dist = sorted((dx, dy, s[2]))
    return (dist[0], dist[1], dist[2], -(s[3] - s[0]) * (s[4] - s[1]) * (s[5] - s[2]))


def _choose(
    state: PackState,
    space: Space,
    types: list[BoxType],
    active: np.ndarray,
    rng: random.Random,
    delta: float,
    value_rule: tuple[bool, int],
) -> tuple[Block, tuple[int, int, int]] | None:
    """A block for ``space``: the largest feasible one, or one drawn among the near-largest.

    ``value_rule`` is (tight, gap) for ``Catalog.candidates``.
    """
    size = (space[3] - space[0], space[4] - space[1], space[5] - space[2])
    cap = state.catalog.caps(
        state.remaining, state.counts * active, state.wrem, state.payload - state.weight
    )
    rcl: list[tuple[Block, tuple[int, int, int]]] = []
    best = 0
    for value, block in state.catalog.candidates(cap, size, *value_rule):
        if rcl and value < best - abs(best) * delta:
            break
        pos = _feasible_position(state, space, types[block.type], block)
        if pos is not None:
            if not rcl:
                best = value
            rcl.append((block, pos))
            if delta == 0 or len(rcl) >= 8:
                break
    return rng.choice(rcl) if rcl else None


def _feasible_position(
    state: PackState, space: Space, btype: BoxType, block: Block
) -> tuple[int, int, int] | None:
    """The space's corner nearest a container corner if the block may stand there; else,
    above the floor, the nearest position in the space aligned with an edge of a top face
    at the space's bottom height (where the corner lacks support, a top face may give it)."""
    left = len(state.remaining[block.type])
    weight = state.catalog.top_weight(block.type, left, block.n)
    if state.weight + weight > state.payload + 1e-9:
        return None
    dims = block.dims
    pos = _position(space, dims, state.inner, state.back_only)
    if _fits_at(state, btype.stack, block, dims, pos):
        return pos
    z = space[2]
    if not z:
        return None
    bl, bw, _ = dims
    xs, ys = {pos[0]}, {pos[1]}
    for r in state.tops.get(z, ()):
        if r[2] > space[0] and r[0] < space[3] and r[3] > space[1] and r[1] < space[4]:
            if not state.back_only:
                xs.update((r[0], r[2] - bl))
            ys.update((r[1], r[3] - bw))
    tried = sorted(
        (abs(x - pos[0]) + abs(y - pos[1]), x, y)
        for x in xs
        if space[0] <= x <= space[3] - bl
        for y in ys
        if space[1] <= y <= space[4] - bw
    )
    for _, x, y in tried[1 : 1 + MAX_SHIFTS]:
        if _fits_at(state, btype.stack, block, dims, (x, y, z)):
            return x, y, z
    return None


def _position(space: Space, dims: Dims, inner: Dims, back_only: bool) -> tuple[int, int, int]:
    x = space[0] if back_only or space[0] <= inner[0] - space[3] else space[3] - dims[0]
    y = space[1] if space[1] <= inner[1] - space[4] else space[4] - dims[1]
    return x, y, space[2]


def _fits_at(
    state: PackState, stack: bool, block: Block, dims: Dims, pos: tuple[int, int, int]
) -> bool:
    """The block at ``pos`` touches no stack:false top (nor, when stack:false itself, any
    bottom above it) and each of its bottom boxes stands on the floor or is supported."""
    x, y, z = pos
    x1, y1 = x + dims[0], y + dims[1]
    if not stack and _touches(x, y, x1, y1, state.bottoms.get(z + dims[2], ())):
        return False
    if z == 0:
        return True
    if _touches(x, y, x1, y1, state.nocarry.get(z, ())):
        return False
    tops = state.tops.get(z)
    if not tops:
        return False
    l, w, _ = block.orient  # noqa: E741
    need = SUPPORT * l * w
    for i in range(block.counts[0]):
        for j in range(block.counts[1]):
            if not _supported(x + i * l, y + j * w, l, w, need, tops):
                return False
    return True


def _supported(a0: int, b0: int, l: int, w: int, need: float, tops: list[Rect]) -> bool:  # noqa: E741
    """The base (a0, b0)-(a0 + l, b0 + w) has at least ``need`` of its area on ``tops``."""
    a1, b1 = a0 + l, b0 + w
    area = 0
    for r in tops:
        dx = (a1 if a1 < r[2] else r[2]) - (a0 if a0 > r[0] else r[0])
        if dx > 0:
            dy = (b1 if b1 < r[3] else r[3]) - (b0 if b0 > r[1] else r[1])
            if dy > 0:
                area += dx * dy
                if area >= need:
                    return True
    return False


def _touches(x0: int, y0: int, x1: int, y1: int, rects: list[Rect] | tuple) -> bool:
    """Some rectangle of ``rects`` overlaps (x0, y0)-(x1, y1) with a positive area."""
    return any(x0 < r[2] and r[0] < x1 and y0 < r[3] and r[1] < y1 for r in rects)


def _place(
    state: PackState,
    btype: BoxType,
    block: Block,
    pos: tuple[int, int, int],
    boxes: tuple[Box, ...],
) -> None:
    members = state.remaining[block.type]
    l, w, h = block.orient  # noqa: E741
    x, y, z = pos
    nx, ny, nz = block.counts
    for k in range(nz):  # heaviest boxes go to the bottom layer
        for i in range(nx):
            for j in range(ny):
                idx = members.pop()
                state.placed.append(Placed(idx, x + i * l, y + j * w, z + k * h, l, w, h))
                state.weight += boxes[idx].weight_kg
                state.wrem[block.type] -= boxes[idx].weight_kg
    state.counts[block.type] -= block.n
    state.volume += block.n * btype.volume
    bl, bw, bh = block.dims
    rect = (x, y, x + bl, y + bw)
    target = state.tops if btype.stack else state.nocarry
    target.setdefault(z + bh, []).append(rect)
    if z:
        state.bottoms.setdefault(z, []).append(rect)


def _cuboid(
    state: PackState, types: list[BoxType], block: Block, pos: tuple[int, int, int]
) -> Space:
    bl, bw, bh = block.dims
    x, y, z = pos
    top = z + bh if types[block.type].stack else state.inner[2]
    return (x, y, z, x + bl, y + bw, top)
