"""The time given to wall building: wall loads with more and more constructions per wall,
then the end phase on the best one.

The first wall load uses the default constructions per wall; while the time left allows
another load, the next one gets as many constructions as its estimated duration allows
(the time a load takes grows about linearly with them). The load leaving the least volume
over is kept and its boxes left over are inserted with displacement (``eject.kick``)
until the deadline. When that load leaves at most ``NEAR`` of a container over, the
search may run on to a later deadline: the planner's sequential fallback never beat such
a load on the random sets.
"""

from __future__ import annotations

import random
import time

from routing.loadplan.eject import kick
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.repair import repair
from routing.loadplan.wallload import WallLoad, wall_load
from routing.loadplan.walls import WALL_TRIES, tries_for, work

MAX_TRIES = 200
HEADROOM = 0.8  # of the time left a further wall load may be planned to take
REPAIR_SHARE = 0.1  # of the search's time kept for the end phase on the best load
NEAR = 0.12  # of a container's volume left over: the load is worth the time up to ``late``
FEW_LEFT = 3  # with ``iterations``, the end phase runs only for this many boxes left over
STEPS_PER_ITERATION = 10  # repair steps per unit of ``iterations`` when it caps the work


def best_wall_load(
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    todo: list[int],
    n: int,
    rng: random.Random,
    deadline: float,
    iterations: int | None = None,
    late: float | None = None,
) -> WallLoad | None:
    """The best wall load of ``n`` containers found until ``deadline`` (a
    ``time.monotonic()`` instant), repaired; None when not one was built in time. With
    ``iterations`` the work is capped instead (one load, constructions and repair steps
    bounded by it), so the result depends only on ``rng`` while the deadline is not met.
    With ``late``, the deadline moves there once a load is ``near`` the bound."""
    if iterations is not None:
        capped = min(WALL_TRIES, iterations)
        load = wall_load(ctype, boxes, todo, n, rng, deadline, capped)
        if load is not None:
            steps = STEPS_PER_ITERATION * iterations
            load.left = repair(load.containers, load.left, ctype, boxes, rng, deadline, steps)
            if len(load.left) <= FEW_LEFT:
                load.left = kick(
                    load.containers, load.left, ctype, boxes, rng, deadline, iterations
                )
        return load
    started = time.monotonic()
    best: WallLoad | None = None
    tries: int | None = None
    while True:
        began = time.monotonic()
        load = wall_load(ctype, boxes, list(todo), n, rng, deadline, tries)
        took = max(1e-3, time.monotonic() - began)
        if load is not None and (best is None or load.left_volume(boxes) < best.left_volume(boxes)):
            best = load
        if load is None or best is None or not best.left:
            break
        if late is not None and near(best, ctype, boxes):
            deadline = max(deadline, late)
        loads_end = deadline - REPAIR_SHARE * (deadline - started)
        budget = work(tries or WALL_TRIES) * HEADROOM * (loads_end - time.monotonic()) / took
        tries = min(MAX_TRIES, tries_for(budget))
        if tries < WALL_TRIES:
            break
    if best is not None and best.left:
        best.left = kick(best.containers, best.left, ctype, boxes, rng, deadline)
    return best


def near(load: WallLoad, ctype: ContainerType, boxes: tuple[Box, ...]) -> bool:
    """The load leaves at most ``NEAR`` of a container's volume over."""
    return load.left_volume(boxes) <= NEAR * ctype.volume
