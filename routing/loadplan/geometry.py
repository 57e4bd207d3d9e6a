"""Orientations, placed boxes and the small geometric predicates shared by the planner."""

from __future__ import annotations

from dataclasses import dataclass

from routing.loadplan.model import Box, Dims


def orientations(box: Box) -> list[Dims]:
    """Allowed (length, width, height) orientations, distinct, the listed one first.

    ``any_side_up`` allows all six; otherwise ``rotate`` allows swapping length and width.
    """
    l, w, h = box.dims  # noqa: E741
    if box.any_side_up:
        return list(
            dict.fromkeys([(l, w, h), (l, h, w), (w, l, h), (w, h, l), (h, l, w), (h, w, l)])
        )
    if box.rotate and l != w:
        return [(l, w, h), (w, l, h)]
    return [(l, w, h)]


def fits(dims: Dims, inner: Dims) -> bool:
    return dims[0] <= inner[0] and dims[1] <= inner[1] and dims[2] <= inner[2]


def fits_some_way(box: Box, inner: Dims) -> bool:
    return any(fits(o, inner) for o in orientations(box))


@dataclass(frozen=True, slots=True)
class Placed:
    """One box at position (x, y, z) with oriented dims (l, w, h), all in mm."""

    box: int  # index into the input's boxes
    x: int
    y: int
    z: int
    l: int  # noqa: E741 - the contract's axis name
    w: int
    h: int

    @property
    def top(self) -> int:
        return self.z + self.h

    def shifted(self, dx: int) -> Placed:
        return Placed(self.box, self.x + dx, self.y, self.z, self.l, self.w, self.h)


def overlap_1d(a0: int, a1: int, b0: int, b1: int) -> int:
    return max(0, min(a1, b1) - max(a0, b0))


def footprint_overlap(a: Placed, b: Placed) -> int:
    """Area shared by the two boxes' footprints (projection on the floor)."""
    return overlap_1d(a.x, a.x + a.l, b.x, b.x + b.l) * overlap_1d(a.y, a.y + a.w, b.y, b.y + b.w)


def intersect(a: Placed, b: Placed) -> bool:
    return footprint_overlap(a, b) > 0 and overlap_1d(a.z, a.top, b.z, b.top) > 0
