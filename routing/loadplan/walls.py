"""Walls across the container's width and height, built from the whole set of boxes.

After George and Robinson (1980), "A heuristic for packing boxes into a container": the
load is cut into walls (layers across width x height), each as deep as some box's length.
A wall is filled by the block-building engine as a container of that depth, so every box
in it rests on the floor or on boxes of the same wall: walls can be put one behind the
other in any container and in any order without breaking the support rule.

A wall's depth is tried at several quantiles of the usable depths of the boxes left; the
wall of highest value (volume over depth x width x height, the depth cut to what its boxes
use, the hard boxes' volume counted more: ``hardness``) is kept, while some wall's value
reaches ``WALL_FILL``. Counting ``stack: false`` and upright-only boxes more puts them
into walls early: on the random 300-carton sets the boxes left over at the end were all
upright-only and a third of them ``stack: false`` (a twentieth of the set), and 20 wall
loads left 46% less volume over with the bonus. A wall is built from the boxes close to its
depth first (``CLOSE``), the others filling the gaps: on the random 300-carton sets this
left 20% less volume over than building from all boxes alike (16 wall loads each).

Every candidate depth is first screened with a few constructions (``SCREEN_TRIES``); only
the ``FINALISTS`` best get the full number, so more constructions per wall fit in the
same time (the constructions, not the depths, are what a longer limit buys).
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass

from routing.loadplan.geometry import Placed, fits, orientations
from routing.loadplan.grasp import fill_container
from routing.loadplan.model import Box, ContainerType

WALL_FILL = 0.85
QUANTILES = (0.0, 0.1, 0.2, 0.35, 0.5, 0.7)
CLOSE = 0.8  # boxes at least this share of the wall deep go in first
WALL_TRIES = 10  # constructions per candidate wall
SCREEN_TRIES = 3  # constructions per depth before the finalists are chosen
FINALISTS = 2
NOSTACK_BONUS = 0.6
RIGID_BONUS = 0.1


@dataclass(frozen=True)
class Wall:
    depth: int
    placed: tuple[Placed, ...]  # x from the wall's back face
    weight: float
    volume: int
    fill: float  # volume over depth x width x height
    value: float  # ``fill`` with the hard boxes' volume counted more (``hardness``)


def usable_depth(box: Box, inner: tuple[int, int, int]) -> int:
    """The longest extent along the length the box can have in some orientation that fits."""
    return max((o[0] for o in orientations(box) if fits(o, inner)), default=0)


def candidate_depths(
    boxes: tuple[Box, ...], todo: list[int], inner: tuple[int, int, int]
) -> list[int]:
    """Distinct wall depths at ``QUANTILES`` of the usable depths, largest first."""
    depths = sorted((usable_depth(boxes[i], inner) for i in todo), reverse=True)
    depths = [d for d in depths if d]
    if not depths:
        return []
    picked = [depths[min(len(depths) - 1, int(q * len(depths)))] for q in QUANTILES]
    return sorted(set(picked), reverse=True)


def build_walls(
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    todo: list[int],
    rng: random.Random,
    deadline: float,
    tries: int = WALL_TRIES,
) -> tuple[list[Wall], list[int]] | None:
    """Walls built greedily (the fullest candidate each time) while one reaches
    ``WALL_FILL``; also the boxes in no wall. None when ``deadline`` comes first."""
    left = list(todo)
    walls: list[Wall] = []
    while left:
        best = best_wall(ctype, boxes, left, rng, deadline, tries)
        if time.monotonic() >= deadline:
            return None
        if best is None or best.value < WALL_FILL:
            break
        walls.append(best)
        done = {p.box for p in best.placed}
        left = [i for i in left if i not in done]
    return walls, left


def best_wall(
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    left: list[int],
    rng: random.Random,
    deadline: float,
    tries: int,
) -> Wall | None:
    """The wall of highest value over the candidate depths: each screened with
    ``SCREEN_TRIES`` constructions, the ``FINALISTS`` best built again with ``tries``; None
    when no wall is built. Cut short at ``deadline``."""
    screened: list[tuple[Wall, int]] = []
    for depth in candidate_depths(boxes, left, ctype.dims):
        if time.monotonic() >= deadline:
            break
        wall = fill_wall(ctype, depth, boxes, left, rng, min(tries, SCREEN_TRIES), deadline)
        if wall is not None:
            screened.append((wall, depth))
    if not screened:
        return None
    screened.sort(key=lambda wd: -wd[0].value)
    best = screened[0][0]
    if tries <= SCREEN_TRIES:
        return best
    for _, depth in screened[:FINALISTS]:
        if time.monotonic() >= deadline:
            break
        wall = fill_wall(ctype, depth, boxes, left, rng, tries, deadline)
        if wall is not None and wall.value > best.value:
            best = wall
    return best


def work(tries: int) -> int:
    """Constructions per wall with ``tries``: about what a wall load's time is proportional
    to (``wallsearch`` sizes further loads with it)."""
    screen = min(tries, SCREEN_TRIES) * len(QUANTILES)
    return screen + (FINALISTS * tries if tries > SCREEN_TRIES else 0)


def tries_for(budget: float) -> int:
    """The most tries whose ``work`` stays within ``budget`` constructions per wall."""
    return max(0, int((budget - SCREEN_TRIES * len(QUANTILES)) / FINALISTS))


def split_close(
    boxes: tuple[Box, ...], todo: list[int], slab: tuple[int, int, int]
) -> tuple[list[int], list[int]]:
    """The boxes that can be at least ``CLOSE`` times as deep as the wall ``slab`` (they
    form its body, leaving little void in front of them) and the others (they fill gaps)."""
    need = CLOSE * slab[0]
    close = [i for i in todo if usable_depth(boxes[i], slab) >= need]
    return close, [i for i in todo if usable_depth(boxes[i], slab) < need]


def fill_wall(
    ctype: ContainerType,
    depth: int,
    boxes: tuple[Box, ...],
    todo: list[int],
    rng: random.Random,
    tries: int,
    deadline: float,
) -> Wall | None:
    """The best of ``tries`` constructions of one wall of ``depth`` from ``todo``: the
    boxes close to its depth first, then the others (George and Robinson's layer rule)."""
    _, width, height = ctype.dims
    slab = ContainerType(ctype.type, (depth, width, height), ctype.payload_kg, 1)
    close, rest = split_close(boxes, todo, slab.dims)
    got = fill_container(
        slab,
        boxes,
        close,
        rest,
        deadline - time.monotonic(),
        rng,
        max_iterations=tries,
        stop=deadline,
    )
    if not got.placed:
        return None
    used = max(p.x + p.l for p in got.placed)
    weight = sum(boxes[p.box].weight_kg for p in got.placed)
    slab_volume = used * width * height
    value = sum(hardness(boxes[p.box]) * boxes[p.box].volume for p in got.placed)
    return Wall(
        used, tuple(got.placed), weight, got.volume, got.volume / slab_volume, value / slab_volume
    )


def hardness(box: Box) -> float:
    """How much a box's volume counts when walls are compared: more for a ``stack: false``
    box (it needs a column top of its own) and for one with a fixed vertical side (its
    base must rest on tops exactly at one height), the boxes found left over at the end."""
    return 1.0 + NOSTACK_BONUS * (not box.stack) + RIGID_BONUS * (not box.any_side_up)
