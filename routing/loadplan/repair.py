"""Repair of a wall-built load that left boxes over: destroy a slice, rebuild it fuller.

A step takes one container, removes every box that reaches into a window of its length
(and every box resting on a removed one, transitively, so what stays is supported), and
rebuilds the free space from the removed boxes and the boxes left over together
(``voids.fill_voids``), balanced and loadable; the removed boxes it did not take back
join the boxes left over. Steps are accepted by late acceptance (``HISTORY``): the volume
left over may grow for a while, which let the search out of states where every rebuild
was worse; the best state seen is returned, so the volume left over never grows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence

from routing.loadplan.geometry import Placed
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.order import supporters
from routing.loadplan.voids import fill_voids

WINDOW = (0.03, 0.12)  # share of the length removed in one step
STEP_TRIES = 1
HISTORY = 30  # late-acceptance list length; 0: only steps that add volume are kept


def repair(
    containers: list[list[Placed]],
    left: list[int],
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
    max_steps: int | None = None,
) -> list[int]:
    """Improve ``containers`` in place until nothing is left over, ``stop`` (a
    ``time.monotonic()`` instant) or ``max_steps``; returns the boxes still left over.

    Late acceptance (Burke and Bykov): a step is accepted when the volume left over is
    then at most what it is now or what it was ``HISTORY`` steps ago; the best state seen
    is what stays."""
    length = ctype.dims[0]
    total = sum(boxes[i].volume for i in left)
    history = [total] * HISTORY
    state = [list(c) for c in containers]
    best = (total, [list(c) for c in state], list(left))
    steps = 0
    while left and time.monotonic() < stop and (max_steps is None or steps < max_steps):
        steps += 1
        k = rng.randrange(len(state))
        placed = state[k]
        if not placed:
            continue
        width = int(rng.uniform(*WINDOW) * length)
        x0 = rng.randrange(0, max(1, length - width))
        kept, removed = cut(placed, x0, x0 + width)
        if not removed:
            continue
        todo = left + [p.box for p in removed]
        volume = sum(p.l * p.w * p.h for p in placed)
        slack = max(0, history[steps % HISTORY] - total) if HISTORY else 0
        beat = volume - slack - (1 if HISTORY else 0)
        got = fill_voids(ctype, kept, todo, boxes, rng, stop, STEP_TRIES, beat=beat)
        if got is not None:
            total -= sum(p.l * p.w * p.h for p in got) - volume
            state[k] = got
            done = {p.box for p in got}
            left = [i for i in todo if i not in done]
        if HISTORY:
            history[steps % HISTORY] = total
        if total < best[0]:
            best = (total, [list(c) for c in state], list(left))
    containers[:] = best[1]
    return best[2]


def cut(placed: Sequence[Placed], x0: int, x1: int) -> tuple[list[Placed], list[Placed]]:
    """The boxes that stay and those removed: every box reaching into ``[x0, x1)`` along the
    length, and every box resting on a removed one."""
    out = {i for i, p in enumerate(placed) if p.x < x1 and p.x + p.l > x0}
    rests = supporters(placed)
    order = sorted(range(len(placed)), key=lambda i: placed[i].z)
    for i in order:
        if i not in out and any(j in out for j in rests[i]):
            out.add(i)
    kept = [p for i, p in enumerate(placed) if i not in out]
    return kept, [p for i, p in enumerate(placed) if i in out]
