"""Box types and the simple blocks built from them (n_x * n_y * n_z copies, one orientation).

Boxes that pack alike (same listed dims, orientation rules and stack flag) form one type.
A block of a stack:false type is one box high.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from routing.loadplan.geometry import orientations
from routing.loadplan.model import Box, Dims

AXIS_ORDERS = tuple(permutations(range(3)))


@dataclass(frozen=True)
class BoxType:
    orients: tuple[Dims, ...]
    stack: bool
    volume: int
    members: tuple[int, ...]  # box indices, lightest first


@dataclass(frozen=True, slots=True)
class Block:
    type: int
    orient: Dims
    counts: tuple[int, int, int]

    @property
    def dims(self) -> Dims:
        o, c = self.orient, self.counts
        return o[0] * c[0], o[1] * c[1], o[2] * c[2]

    @property
    def n(self) -> int:
        return self.counts[0] * self.counts[1] * self.counts[2]


def box_types(boxes: tuple[Box, ...], indices: list[int]) -> list[BoxType]:
    groups: dict[tuple, list[int]] = {}
    for i in indices:
        b = boxes[i]
        key = (tuple(sorted(orientations(b))), b.stack)
        groups.setdefault(key, []).append(i)
    out = []
    for (orients, stack), members in groups.items():
        members.sort(key=lambda i: boxes[i].weight_kg)
        out.append(BoxType(orients, stack, boxes[members[0]].volume, tuple(members)))
    out.sort(key=lambda t: -t.volume)
    return out


def blocks_for(t: int, btype: BoxType, avail: int, space: Dims) -> list[Block]:
    """Distinct blocks of type ``t`` fitting ``space``, at most ``avail`` boxes each.

    For each orientation and each order of the axes, the first axis is filled as far as the
    space and the count allow, then the second, then the third.
    """
    if avail == 1:
        return [
            Block(t, o, (1, 1, 1))
            for o in btype.orients
            if o[0] <= space[0] and o[1] <= space[1] and o[2] <= space[2]
        ]
    out: dict[tuple, Block] = {}
    for o in btype.orients:
        m = (space[0] // o[0], space[1] // o[1], space[2] // o[2] if btype.stack else 1)
        if not (m[0] and m[1] and space[2] >= o[2]):
            continue
        if m[0] * m[1] * m[2] <= avail:  # every axis order fills the space
            out[(o, m)] = Block(t, o, m)
            continue
        for order in AXIS_ORDERS:
            c = [1, 1, 1]
            left = avail
            for axis in order:
                c[axis] = m[axis] if m[axis] < left else max(left, 1)
                left //= c[axis]
            key = (o, (c[0], c[1], c[2]))
            if key not in out:
                out[key] = Block(t, o, key[1])
    return list(out.values())
