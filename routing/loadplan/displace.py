"""Positions for one more box in a loaded container, and the boxes each would take out.

At every height a top face gives (and the floor), in every orientation the box allows, the
box is tried against the container's walls and against the edges of the boxes there, on
the near or far side. A position takes out the boxes the box meets there and every box
resting on those (transitively, so what stays is supported); it counts when at most a few
boxes come out, the box then stands on the floor or on at least 80% of its base of tops of
boxes that stay, touches no ``stack: false`` top, carries nothing when it is ``stack:
false`` itself, and the payload holds. One position is kept per set of boxes taken out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from routing.loadplan.geometry import Placed, fits, orientations
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.order import supporters

MAX_OUT = 4  # boxes a move may take out


@dataclass(frozen=True)
class Move:
    """``box`` placed as ``at``, the boxes ``out`` (indices into the placements) taken out."""

    at: Placed
    out: frozenset[int]
    volume_out: int


def moves(
    placed: Sequence[Placed],
    b: int,
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    max_out: int = MAX_OUT,
) -> list[Move]:
    """Positions for box ``b`` in a container holding ``placed``, one per set of boxes to
    take out (at most ``max_out``, within the payload), least volume out first."""
    box = boxes[b]
    weight = sum(boxes[p.box].weight_kg for p in placed)
    if box.weight_kg > ctype.payload_kg + 1e-9:
        return []
    a = np.array([(p.x, p.y, p.z, p.x + p.l, p.y + p.w, p.top) for p in placed], dtype=np.int64)
    a = a.reshape(-1, 6)
    stack = np.array([boxes[p.box].stack for p in placed], dtype=bool)
    closure = _Closure(placed, max_out)
    best: dict[frozenset[int], Move] = {}
    for dims in orientations(box):
        if not fits(dims, ctype.dims):
            continue
        floor = {0: 1 << 62}
        for p, carries in zip(placed, stack, strict=True):
            if carries and p.top + dims[2] <= ctype.dims[2]:
                floor[p.top] = floor.get(p.top, 0) + p.l * p.w
        for z in sorted(t for t, area in floor.items() if 5 * area >= 4 * dims[0] * dims[1]):
            for (x, y), meets in _meeting(a, stack, (z, box.stack), dims, ctype.dims, max_out):
                out = closure.of(meets)
                if out is None or out in best:
                    continue
                at = Placed(b, x, y, z, *dims)
                if out and not _supported(at, placed, out):
                    continue
                lost = sum(boxes[placed[i].box].weight_kg for i in out)
                if weight - lost + box.weight_kg > ctype.payload_kg + 1e-9:
                    continue
                volume = sum(placed[i].l * placed[i].w * placed[i].h for i in out)
                best[out] = Move(at, out, volume)
    return sorted(best.values(), key=lambda m: (m.volume_out, len(m.out), m.at.z, m.at.x))


def _meeting(
    a: np.ndarray,
    stack: np.ndarray,
    level: tuple[int, bool],
    dims: tuple[int, int, int],
    inner: tuple[int, int, int],
    max_out: int,
) -> list[tuple[tuple[int, int], frozenset[int]]]:
    """(x, y) positions at height ``z`` (``level``: z and whether the box may carry) and the
    boxes the box would meet there, for those meeting at most ``max_out``, supported by the
    tops at ``z`` (before any box comes out), touching no ``stack: false`` top and, when
    the box may not carry, no box's bottom: against the walls and the edges of the boxes
    whose top (or, on the floor, whose bottom) is at ``z``, on the near or far side."""
    z, carries = level
    l, w, h = dims  # noqa: E741
    at = a[a[:, 5] == z] if z else a[a[:, 2] == 0]
    xs = np.unique(
        np.concatenate([[0, inner[0] - l], at[:, 0], at[:, 3] - l, at[:, 3], at[:, 0] - l])
    )
    ys = np.unique(
        np.concatenate([[0, inner[1] - w], at[:, 1], at[:, 4] - w, at[:, 4], at[:, 1] - w])
    )
    xs = xs[(xs >= 0) & (xs <= inner[0] - l)]
    ys = ys[(ys >= 0) & (ys <= inner[1] - w)]
    gx, gy = (g.ravel() for g in np.meshgrid(xs, ys, indexing="ij"))
    vertical = (a[:, 2] < z + h) & (a[:, 5] > z)
    idx = np.flatnonzero(vertical)
    hit = _areas(gx, gy, (l, w), a[vertical]) > 0
    ok = hit.sum(axis=1) <= max_out
    if z:
        on = a[:, 5] == z
        ok &= 5 * _areas(gx, gy, (l, w), a[on & stack]).sum(axis=1) >= 4 * l * w
        ok &= ~(_areas(gx, gy, (l, w), a[on & ~stack]) > 0).any(axis=1)
    if not carries:
        ok &= ~(_areas(gx, gy, (l, w), a[a[:, 2] == z + h]) > 0).any(axis=1)
    found: dict[bytes, frozenset[int]] = {}
    out = []
    for r in np.flatnonzero(ok):
        key = hit[r].tobytes()
        if key not in found:
            found[key] = frozenset(int(i) for i in idx[hit[r]])
        out.append(((int(gx[r]), int(gy[r])), found[key]))
    return out


def _areas(gx: np.ndarray, gy: np.ndarray, base: tuple[int, int], r: np.ndarray) -> np.ndarray:
    """Per position (rows) and box (columns): the area the base at the position shares
    with the box's footprint."""
    dx = np.minimum(gx[:, None] + base[0], r[None, :, 3]) - np.maximum(gx[:, None], r[None, :, 0])
    dy = np.minimum(gy[:, None] + base[1], r[None, :, 4]) - np.maximum(gy[:, None], r[None, :, 1])
    return np.clip(dx, 0, None) * np.clip(dy, 0, None)


class _Closure:
    """The boxes a position meets and every box resting on them, transitively."""

    def __init__(self, placed: Sequence[Placed], max_out: int) -> None:
        self.carried: list[list[int]] = [[] for _ in placed]
        for i, sup in enumerate(supporters(placed)):
            for j in sup:
                self.carried[j].append(i)
        self.max_out = max_out
        self.memo: dict[frozenset[int], frozenset[int] | None] = {}

    def of(self, meets: frozenset[int]) -> frozenset[int] | None:
        """None when more than ``max_out`` boxes would come out."""
        if meets not in self.memo:
            out, todo = set(meets), list(meets)
            while todo and len(out) <= self.max_out:
                for i in self.carried[todo.pop()]:
                    if i not in out:
                        out.add(i)
                        todo.append(i)
            self.memo[meets] = frozenset(out) if len(out) <= self.max_out else None
        return self.memo[meets]


def _supported(at: Placed, placed: Sequence[Placed], out: frozenset[int]) -> bool:
    """``at`` stands on the floor or on at least 80% of its base of tops of boxes that
    stay (``_meeting`` has checked the other rules, which no box coming out can break)."""
    if not at.z:
        return True
    area = sum(_shared(at, p) for i, p in enumerate(placed) if i not in out and p.top == at.z)
    return 5 * area >= 4 * at.l * at.w


def _shared(a: Placed, b: Placed) -> int:
    dx = min(a.x + a.l, b.x + b.l) - max(a.x, b.x)
    dy = min(a.y + a.w, b.y + b.w) - max(a.y, b.y)
    return dx * dy if dx > 0 and dy > 0 else 0
