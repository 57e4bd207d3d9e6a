"""Multi-start (GRASP) filling of one container within a time budget."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from routing.loadplan.blocks import box_types
from routing.loadplan.catalog import Catalog
from routing.loadplan.geometry import Placed
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.packer import PackState, construct, new_state

DELTAS = (0.05, 0.1, 0.2, 0.3, 0.5)


@dataclass
class Filled:
    placed: list[Placed]
    volume: int
    priority_volume: int
    iterations: int


def fill_container(
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    priority: list[int],
    filler: list[int],
    budget_s: float,
    rng: random.Random,
    back_only: bool = False,
    max_iterations: int | None = None,
    stop: float | None = None,
) -> Filled:
    """Best of repeated randomised constructions: ``priority`` boxes first, then ``filler``.

    Compared by priority volume, then total volume; stops early when everything fits.
    The first construction is the deterministic greedy one. A new construction starts only
    when one as long as the last still ends within ``budget_s``; at ``stop`` (a
    ``time.monotonic()`` instant) even the first one ends where it is.
    """
    first_types = box_types(boxes, priority)
    types = first_types + box_types(boxes, filler)
    n_priority = len(first_types)
    first, everything = set(range(n_priority)), set(range(len(types)))
    catalog = Catalog(types, boxes)
    target = sum(boxes[i].volume for i in priority + filler)
    deadline = time.monotonic() + budget_s
    if stop is not None:
        deadline = min(deadline, stop)
    best: Filled | None = None
    it, last = 0, 0.0
    while best is None or (
        time.monotonic() + last < deadline
        and best.volume < target
        and (max_iterations is None or it < max_iterations)
    ):
        began = time.monotonic()
        delta = 0.0 if it < 2 else rng.choice(DELTAS)
        fit = it == 1 or (it > 1 and rng.random() < 0.5)
        state = new_state(ctype.dims, ctype.payload_kg, catalog, back_only)
        left = construct(state, types, boxes, first, rng, delta, fit, stop)
        if filler:
            state.spaces = left
            construct(state, types, boxes, everything, rng, delta, fit, stop)
        last = time.monotonic() - began
        cand = _result(state, set(priority), boxes, it + 1)
        if best is None or (cand.priority_volume, cand.volume) > (
            best.priority_volume,
            best.volume,
        ):
            best = cand
        it += 1
    best.iterations = it
    return best


def _result(state: PackState, priority: set[int], boxes: tuple[Box, ...], it: int) -> Filled:
    pvol = sum(boxes[p.box].volume for p in state.placed if p.box in priority)
    return Filled(state.placed, state.volume, pvol, it)
