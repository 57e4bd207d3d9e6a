"""More boxes into a loaded container's free space: randomised block building over the
maximal spaces its placements leave, the best of several constructions kept.

Used for the boxes no wall took: they go into the free length at the door and the voids
the walls leave. A construction counts only when the load stays balanced and loadable with
every box (``order.loadable`` unloads nothing).
"""

from __future__ import annotations

import random
import time

from routing.loadplan.blocks import box_types
from routing.loadplan.catalog import Catalog
from routing.loadplan.geometry import Placed
from routing.loadplan.grasp import DELTAS
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.order import loadable
from routing.loadplan.packer import construct
from routing.loadplan.refill import rebuild

VOID_TRIES = 24


def fill_voids(
    ctype: ContainerType,
    placed: list[Placed],
    todo: list[int],
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
    tries: int = VOID_TRIES,
    beat: int | None = None,
) -> list[Placed] | None:
    """The placements of the container after adding the most volume of ``todo`` found in
    ``tries`` constructions (balanced, in loading order), or None when none adds a box
    (when none loads more than ``beat`` mm3 in all, if given).

    The first construction is the deterministic greedy one with the best-fit rule; half of
    the others anchor every block at the back of its space, so free space gathers at the
    door for the boxes still to come.
    """
    types = box_types(boxes, todo)
    catalog = Catalog(types, boxes)
    active = set(range(len(types)))
    best: list[Placed] | None = None
    best_volume = sum(p.l * p.w * p.h for p in placed) if beat is None else beat
    for k in range(tries):
        if time.monotonic() >= stop:
            break
        state = rebuild(ctype, placed, boxes, catalog)
        state.back_only = k % 2 == 1
        delta = 0.0 if k < 2 else rng.choice(DELTAS)
        fit = k == 0 or rng.random() < 0.5
        construct(state, types, boxes, active, rng, delta, fit, stop)
        if state.volume <= best_volume:
            continue
        kept, removed = loadable(state.placed, ctype.dims[0], boxes)
        if not removed:
            best, best_volume = kept, state.volume
    return best
