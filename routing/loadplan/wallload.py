"""A multi-container load built from walls: walls split over ``n`` containers, then the
boxes in no wall put into the free length at the door and the walls' voids.

Walls go to containers by worst-fit decreasing depth (each to the container with the most
free length that can take its depth and weight), which spreads the free length over the
containers; each container's walls stand one behind the other from the back wall. Then the
boxes left are inserted (``voids.fill_voids``), the emptiest container first, in passes.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from routing.loadplan.geometry import Placed
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.order import loadable
from routing.loadplan.voids import VOID_TRIES, fill_voids
from routing.loadplan.walls import WALL_TRIES, Wall, build_walls

PASSES = 2


@dataclass
class WallLoad:
    containers: list[list[Placed]]  # balanced, in loading order
    left: list[int]  # boxes in no container

    def left_volume(self, boxes: tuple[Box, ...]) -> int:
        return sum(boxes[i].volume for i in self.left)


def wall_load(
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    todo: list[int],
    n: int,
    rng: random.Random,
    deadline: float,
    tries: int | None = None,
) -> WallLoad | None:
    """``n`` containers of ``ctype`` loaded from walls of ``todo``, and the boxes left;
    None when ``deadline`` (a ``time.monotonic()`` instant) comes before the walls are
    built (inserting the boxes left stops there, keeping what is placed). ``tries`` caps
    the constructions per wall and per insertion."""
    built = build_walls(ctype, boxes, todo, rng, deadline, tries or WALL_TRIES)
    if built is None:
        return None
    walls, left = built
    groups, spare = split_walls(walls, n, ctype)
    left += [p.box for w in spare for p in w.placed]
    containers = []
    for group in groups:
        kept, removed = loadable(stand(group), ctype.dims[0], boxes)
        containers.append(kept)
        left += [p.box for p in removed]
    load = WallLoad(containers, left)
    for _ in range(PASSES):
        if not load.left or time.monotonic() >= deadline:
            break
        insert_left(load, ctype, boxes, rng, deadline, tries or VOID_TRIES)
    return load


def split_walls(
    walls: list[Wall], n: int, ctype: ContainerType
) -> tuple[list[list[Wall]], list[Wall]]:
    """Walls per container (worst fit, deepest wall first) and the walls none could take."""
    groups: list[list[Wall]] = [[] for _ in range(n)]
    free = [ctype.dims[0]] * n
    weight = [0.0] * n
    spare = []
    for wall in sorted(walls, key=lambda w: -w.depth):
        fitting = [
            k
            for k in range(n)
            if wall.depth <= free[k] and weight[k] + wall.weight <= ctype.payload_kg + 1e-9
        ]
        if not fitting:
            spare.append(wall)
            continue
        k = max(fitting, key=lambda k: free[k])
        groups[k].append(wall)
        free[k] -= wall.depth
        weight[k] += wall.weight
    return groups, spare


def stand(walls: list[Wall]) -> list[Placed]:
    """The walls' placements, one wall behind the other from the back wall."""
    out, x = [], 0
    for wall in walls:
        out += [p.shifted(x) for p in wall.placed]
        x += wall.depth
    return out


def insert_left(
    load: WallLoad,
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
    tries: int,
) -> None:
    """One pass: each container, the emptiest first, takes what it can of the boxes left."""
    order = sorted(range(len(load.containers)), key=lambda k: _volume(load.containers[k]))
    for k in order:
        if not load.left or time.monotonic() >= stop:
            return
        got = fill_voids(ctype, load.containers[k], load.left, boxes, rng, stop, tries)
        if got is not None:
            load.containers[k] = got
            done = {p.box for p in got}
            load.left = [i for i in load.left if i not in done]


def _volume(placed: list[Placed]) -> int:
    return sum(p.l * p.w * p.h for p in placed)
