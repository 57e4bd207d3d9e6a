"""Candidate blocks for one space, vectorised over every (type, orientation) pair.

Strongly heterogeneous cargo has hundreds of types with one box left each; their one-box
candidates are found with numpy in one pass. Types with two or more boxes left go through
``blocks_for`` (blocks of several boxes). Candidates come out best value first.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from routing.loadplan.blocks import Block, BoxType, blocks_for
from routing.loadplan.model import Box, Dims

FLEX_PENALTY = 0.3  # when not all fits: save boxes that may lie on any side for later


class Catalog:
    """The (type, orientation) rows of a list of box types, built once per fill."""

    def __init__(self, types: list[BoxType], boxes: tuple[Box, ...]) -> None:
        rows = [(t, o) for t, bt in enumerate(types) for o in bt.orients]
        self.types = types
        self.row_type = np.array([t for t, _ in rows], dtype=np.int64)
        self.orient = [o for _, o in rows]
        dims = np.array([o for _, o in rows], dtype=np.int64).reshape(-1, 3)
        self.l, self.w, self.h = dims[:, 0], dims[:, 1], dims[:, 2]
        self.row_vol = np.array([types[t].volume for t, _ in rows], dtype=np.int64)
        self.row_stack = np.array([types[t].stack for t, _ in rows], dtype=bool)
        self.flexible = np.array([len(bt.orients) > 2 for bt in types], dtype=bool)
        self.min_dim = np.array([min(min(o) for o in bt.orients) for bt in types])
        self.boxes = boxes

    def caps(
        self, members: list[list[int]], counts: np.ndarray, wrem: np.ndarray, room: float
    ) -> np.ndarray:
        """Per type, how many boxes a block may take: ``counts`` (zero for types not in
        play) cut to the payload ``room``; a block takes the heaviest boxes of its type
        first (``members`` are lightest first; ``wrem`` is their total weight)."""
        over = np.flatnonzero((counts > 0) & (wrem > room + 1e-9))
        if not len(over):
            return counts
        cap = counts.copy()
        for t in over.tolist():
            n, left = 0, room + 1e-9
            for i in reversed(members[t]):
                left -= self.boxes[i].weight_kg
                if left < 0:
                    break
                n += 1
            cap[t] = n
        return cap

    def candidates(
        self, cap: np.ndarray, size: Dims, tight: bool, gap: int = 0
    ) -> Iterator[tuple[int, Block]]:
        """(value, block) for every block fitting ``size``, best value first.

        The value is the block's volume; when ``tight``, a stack:false block is valued less
        the column above it; with ``gap`` > 0, less the slabs it leaves in the space that
        are thinner than ``gap`` (no box left fits them: a best-fit criterion).
        """
        rc = cap[self.row_type]
        ok = (rc > 0) & (self.l <= size[0]) & (self.w <= size[1]) & (self.h <= size[2])
        single = np.flatnonzero(ok & (rc == 1))
        values = self.row_vol[single].copy()
        if tight:
            nostack = ~self.row_stack[single]
            waste = self.l[single] * self.w[single] * (size[2] - self.h[single])
            values -= np.where(nostack, waste, 0)
            flex = self.flexible[self.row_type[single]]
            values -= np.where(flex, (self.row_vol[single] * FLEX_PENALTY).astype(np.int64), 0)
        if gap:
            values -= _slabs(size, self.l[single], self.w[single], self.h[single], gap)
        multi: list[tuple[int, Block]] = []
        for t in np.unique(self.row_type[ok & (rc > 1)]).tolist():
            bt = self.types[t]
            for b in blocks_for(t, bt, int(cap[t]), size):
                d = b.dims
                loss = 0 if bt.stack or not tight else d[0] * d[1] * (size[2] - d[2])
                if tight and self.flexible[t]:
                    loss += int(b.n * bt.volume * FLEX_PENALTY)
                if gap:
                    loss += sum(
                        (s - v) * d[(a + 1) % 3] * d[(a + 2) % 3]
                        for a, (s, v) in enumerate(zip(size, d, strict=True))
                        if 0 < s - v < gap
                    )
                multi.append((b.n * bt.volume - loss, b))
        multi.sort(key=lambda c: -c[0])
        order = np.argsort(-values, kind="stable").tolist()
        vals = values.tolist()
        k = 0
        for value, block in multi:
            while k < len(order) and vals[order[k]] > value:
                yield self._single(single, order[k], vals)
                k += 1
            yield value, block
        for j in order[k:]:
            yield self._single(single, j, vals)

    def _single(self, single: np.ndarray, j: int, vals: list[int]) -> tuple[int, Block]:
        r = int(single[j])
        return vals[j], Block(int(self.row_type[r]), self.orient[r], (1, 1, 1))

    def smallest(self, cap_or_counts: np.ndarray) -> int | None:
        """The smallest dimension over the types with boxes left, None when none."""
        live = cap_or_counts > 0
        return int(self.min_dim[live].min()) if live.any() else None


def _slabs(size: Dims, l: np.ndarray, w: np.ndarray, h: np.ndarray, gap: int) -> np.ndarray:  # noqa: E741
    """Volume of the slabs beside, in front of and above blocks ``l x w x h`` in a space of
    ``size`` that are thinner than ``gap``."""
    out = np.zeros(len(l), dtype=np.int64)
    for left, area in ((size[0] - l, w * h), (size[1] - w, l * h), (size[2] - h, l * w)):
        out += np.where((left > 0) & (left < gap), left * area, 0)
    return out
