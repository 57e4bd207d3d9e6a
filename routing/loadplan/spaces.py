"""Maximal empty spaces inside one container (Lai and Chan's difference process).

A space is a tuple (x0, y0, z0, x1, y1, z1) in mm. After a cuboid is occupied, every space
that meets it is replaced by its up to six maximal remainders, and spaces inside others go.
"""

from __future__ import annotations

import numpy as np

Space = tuple[int, int, int, int, int, int]


def subtract(space: Space, cub: Space) -> list[Space]:
    """The maximal pieces of ``space`` outside ``cub`` (space itself when they do not meet)."""
    x0, y0, z0, x1, y1, z1 = space
    a0, b0, c0, a1, b1, c1 = cub
    if a0 >= x1 or a1 <= x0 or b0 >= y1 or b1 <= y0 or c0 >= z1 or c1 <= z0:
        return [space]
    out = []
    if a0 > x0:
        out.append((x0, y0, z0, a0, y1, z1))
    if a1 < x1:
        out.append((a1, y0, z0, x1, y1, z1))
    if b0 > y0:
        out.append((x0, y0, z0, x1, b0, z1))
    if b1 < y1:
        out.append((x0, b1, z0, x1, y1, z1))
    if c0 > z0:
        out.append((x0, y0, z0, x1, y1, c0))
    if c1 < z1:
        out.append((x0, y0, c1, x1, y1, z1))
    return out


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
    """Spaces after occupying ``cub``; pieces thinner than ``min_dim`` on any axis are dropped."""
    kept, new = [], []
    for s in spaces:
        pieces = subtract(s, cub)
        if len(pieces) == 1 and pieces[0] is s:
            kept.append(s)
            continue
        for p in pieces:
            if p[3] - p[0] >= min_dim and p[4] - p[1] >= min_dim and p[5] - p[2] >= min_dim:
                new.append(p)
    if not new:
        return kept
    return kept + _undominated(new, kept)


def _undominated(new: list[Space], kept: list[Space]) -> list[Space]:
    """The new pieces inside no kept space and no other new piece (of equal pieces, the
    first stays)."""
    n = np.array(new, dtype=np.int64)
    lo, hi = n[:, None, :3], n[:, None, 3:]
    inside = np.asarray((n[None, :, :3] <= lo).all(2) & (n[None, :, 3:] >= hi).all(2))  # j holds i
    np.fill_diagonal(inside, False)
    equal = inside & inside.T
    inside &= ~equal | np.tri(len(new), k=-1, dtype=bool)  # equal: only an earlier one holds
    out = np.asarray(inside.any(axis=1))
    if kept:
        k = np.array(kept, dtype=np.int64)
        out |= np.asarray((k[None, :, :3] <= lo).all(2) & (k[None, :, 3:] >= hi).all(2)).any(axis=1)
    drops: list[bool] = out.tolist()
    return [p for p, drop in zip(new, drops, strict=True) if not drop]
