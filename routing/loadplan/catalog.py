"""Candidate blocks for one space, vectorised over every (type, orientation) pair.

Strongly heterogeneous cargo has hundreds of types with one box left each; their one-box
candidates are found with numpy in one pass. Types with two or more boxes left go through
``blocks_for`` (blocks of several boxes). Candidates come out best value first.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import chain

import numpy as np

from routing.loadplan.blocks import Block, BoxType, blocks_for
from routing.loadplan.model import Box, Dims

FLEX_PENALTY = 0.3  # when not all fits: save boxes that may lie on any side for later
MAX_CACHED = 20000  # valued block lists kept per catalog (they recur across constructions)


class Catalog:
    """The (type, orientation) rows of a list of box types, built once per fill."""

    def __init__(self, types: list[BoxType], boxes: tuple[Box, ...]) -> None:
        per_type = np.array([len(bt.orients) for bt in types], dtype=np.int64)
        n_rows = int(per_type.sum())
        self.types = types
        self.row_type = np.repeat(np.arange(len(types)), per_type)
        self.orient = [o for bt in types for o in bt.orients]
        flat = chain.from_iterable(self.orient)
        dims = np.fromiter(flat, dtype=np.int64, count=3 * n_rows).reshape(-1, 3)
        volume = np.array([bt.volume for bt in types], dtype=np.int64)
        self.row_vol = volume[self.row_type]
        self.row_stack = np.array([bt.stack for bt in types], dtype=bool)[self.row_type]
        self.flexible = per_type > 2
        starts = np.cumsum(per_type) - per_type
        row_min = dims.min(axis=1)
        self.min_dim = np.minimum.reduceat(row_min, starts) if n_rows else row_min
        self.boxes = boxes
        flex = self.flexible[self.row_type]
        flex_loss = np.where(flex, (self.row_vol * FLEX_PENALTY).astype(np.int64), 0)
        l, w, h = dims.T  # noqa: E741
        nostack = ~self.row_stack
        self.table = np.stack(  # per row, what a one-box candidate's value needs
            [l, w, h, w * h, l * h, l * w, self.row_vol, nostack, flex_loss, np.arange(n_rows)]
        ).astype(np.int64)
        self.l, self.w, self.h = self.table[0], self.table[1], self.table[2]
        self.counts = np.array([len(bt.members) for bt in types], dtype=np.int64)
        self.weights = np.array(
            [sum(boxes[i].weight_kg for i in bt.members) for bt in types], dtype=float
        )
        self.heaviest = float(self.weights.max(initial=0.0))
        self._ones: list[Block | None] = [None] * n_rows
        self._top_weights: dict[tuple[int, int, int], float] = {}
        self._valued: dict[tuple, list[tuple[int, Block]]] = {}

    def top_weight(self, t: int, left: int, n: int) -> float:
        """Weight of the ``n`` heaviest of the first ``left`` members of type ``t`` (the
        boxes a block of ``n`` takes while ``left`` are unplaced)."""
        key = (t, left, n)
        got = self._top_weights.get(key)
        if got is None:
            members = self.types[t].members
            got = sum(self.boxes[i].weight_kg for i in members[left - n : left])
            self._top_weights[key] = got
        return got

    def caps(
        self, members: list[list[int]], counts: np.ndarray, wrem: np.ndarray, room: float
    ) -> np.ndarray:
        """Per type, how many boxes a block may take: ``counts`` (zero for types not in
        play) cut to the payload ``room``; a block takes the heaviest boxes of its type
        first (``members`` are lightest first; ``wrem`` is their total weight)."""
        if self.heaviest <= room + 1e-9:  # no type's weight left can outweigh the room
            return counts
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
        ok = (self.l <= size[0]) & (self.w <= size[1]) & (self.h <= size[2])
        many = ok & (rc > 1)
        picked = self.table.take(np.flatnonzero(ok & (rc == 1)), axis=1)
        l, w, h, wh, lh, lw, values, nostack, flex_loss, single = picked  # noqa: E741
        if tight:
            values = values - lw * (size[2] - h) * nostack - flex_loss
        if gap:
            for dim, face, room in ((l, wh, size[0]), (w, lh, size[1]), (h, lw, size[2])):
                left = room - dim
                values = values - left * face * (left < gap)
        multi: list[tuple[int, Block]] = []
        if many.any():
            multi = self._multi(sorted(set(self.row_type[many].tolist())), cap, size, tight, gap)
        order = np.argsort(-values, kind="stable")
        ones = _ranked(values[order], single[order])
        one = next(ones, None)
        for value, block in multi:
            while one is not None and one[0] > value:
                yield one[0], self._one(one[1])
                one = next(ones, None)
            yield value, block
        while one is not None:
            yield one[0], self._one(one[1])
            one = next(ones, None)

    def _multi(
        self, live: list[int], cap: np.ndarray, size: Dims, tight: bool, gap: int
    ) -> list[tuple[int, Block]]:
        """(value, block) for the blocks of types ``live`` (two boxes or more left), best
        value first."""
        if len(self._valued) > MAX_CACHED:
            self._valued.clear()
        multi: list[tuple[int, Block]] = []
        for t in live:
            key = (t, int(cap[t]), size, tight, gap)
            got = self._valued.get(key)
            if got is None:
                got = self._valued_blocks(t, key[1], size, tight, gap)
                self._valued[key] = got
            multi.extend(got)
        multi.sort(key=lambda c: -c[0])
        return multi

    def _valued_blocks(
        self, t: int, avail: int, size: Dims, tight: bool, gap: int
    ) -> list[tuple[int, Block]]:
        bt = self.types[t]
        flex = tight and self.flexible[t]
        out: list[tuple[int, Block]] = []
        for b in blocks_for(t, bt, avail, size):
            d, n = b.dims, b.n
            loss = 0 if bt.stack or not tight else d[0] * d[1] * (size[2] - d[2])
            if flex:
                loss += int(n * bt.volume * FLEX_PENALTY)
            if gap:
                loss += sum(
                    (s - v) * d[(a + 1) % 3] * d[(a + 2) % 3]
                    for a, (s, v) in enumerate(zip(size, d, strict=True))
                    if 0 < s - v < gap
                )
            out.append((n * bt.volume - loss, b))
        return out

    def _one(self, r: int) -> Block:
        """The one-box block of row ``r``."""
        block = self._ones[r]
        if block is None:
            block = Block(int(self.row_type[r]), self.orient[r], (1, 1, 1))
            self._ones[r] = block
        return block

    def smallest(self, cap_or_counts: np.ndarray) -> int | None:
        """The smallest dimension over the types with boxes left, None when none."""
        live = cap_or_counts > 0
        return int(self.min_dim[live].min()) if live.any() else None


def _ranked(values: np.ndarray, rows: np.ndarray) -> Iterator[tuple[int, int]]:
    """(value, row) pairs as Python ints, converted in growing chunks (most searches stop
    after the first few candidates)."""
    start, step = 0, 16
    while start < len(values):
        end = start + step
        yield from zip(values[start:end].tolist(), rows[start:end].tolist(), strict=True)
        start, step = end, step * 4
