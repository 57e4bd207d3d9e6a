"""Maximal empty spaces inside one container (Lai and Chan's difference process).

A space is a tuple (x0, y0, z0, x1, y1, z1) in mm. After a cuboid is occupied, every space
that meets it is replaced by its up to six maximal remainders, and spaces inside others go.
"""

from __future__ import annotations

from collections.abc import Iterable

Space = tuple[int, int, int, int, int, int]


def contains(a: Space, b: Space) -> bool:
    return (
        a[0] <= b[0]
        and a[1] <= b[1]
        and a[2] <= b[2]
        and a[3] >= b[3]
        and a[4] >= b[4]
        and (a[5] >= b[5])
    )


def occupy(spaces: list[Space], cub: Space, min_dim: int) -> list[Space]:
    """Spaces after occupying ``cub``; pieces thinner than ``min_dim`` on any axis are dropped.

    New pieces inside a kept space or another new piece go (of equal pieces, the first
    stays). Every new piece touches ``cub``, so only kept spaces touching it may hold one;
    and a piece lies on one side of ``cub`` (its ``side``) with its other two extents
    reaching into ``cub``'s, so only a piece on the same side may hold it.
    """
    a0, b0, c0, a1, b1, c1 = cub
    kept: list[Space] = []
    near: list[Space] = []
    pieces: list[tuple[int, Space]] = []
    for s in spaces:
        x0, y0, z0, x1, y1, z1 = s
        if a0 > x1 or a1 < x0 or b0 > y1 or b1 < y0 or c0 > z1 or c1 < z0:
            kept.append(s)
        elif a0 == x1 or a1 == x0 or b0 == y1 or b1 == y0 or c0 == z1 or c1 == z0:
            kept.append(s)
            near.append(s)
        else:
            if a0 > x0:
                pieces.append((0, (x0, y0, z0, a0, y1, z1)))
            if a1 < x1:
                pieces.append((1, (a1, y0, z0, x1, y1, z1)))
            if b0 > y0:
                pieces.append((2, (x0, y0, z0, x1, b0, z1)))
            if b1 < y1:
                pieces.append((3, (x0, b1, z0, x1, y1, z1)))
            if c0 > z0:
                pieces.append((4, (x0, y0, z0, x1, y1, c0)))
            if c1 < z1:
                pieces.append((5, (x0, y0, c1, x1, y1, z1)))
    new: list[Space] = []
    sides: list[list[int]] = [[], [], [], [], [], []]
    for side, p in pieces:
        if p[3] - p[0] >= min_dim and p[4] - p[1] >= min_dim and p[5] - p[2] >= min_dim:
            sides[side].append(len(new))
            new.append(p)
    if not new:
        return kept
    drop = [False] * len(new)
    for group in sides:
        if len(group) > 1:
            for i in group:
                drop[i] = _held(new[i], i, group, new)
    if near:
        others = range(len(near))
        for i, p in enumerate(new):
            if not drop[i]:
                drop[i] = _held(p, -1, others, near)
    return kept + [p for p, gone in zip(new, drop, strict=True) if not gone]


def _held(p: Space, i: int, others: Iterable[int], spaces: list[Space]) -> bool:
    """Some ``spaces[j]`` for ``j`` in ``others`` holds ``p`` (``spaces[i]``, if ``i`` is
    not -1): a larger one, or an equal one before it."""
    x0, y0, z0, x1, y1, z1 = p
    for j in others:
        q = spaces[j]
        if (
            q[0] <= x0
            and q[1] <= y0
            and q[2] <= z0
            and q[3] >= x1
            and q[4] >= y1
            and q[5] >= z1
            and j != i
            and (i < 0 or j < i or q != p)
        ):
            return True
    return False
