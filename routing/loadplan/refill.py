"""Final phase: empty the last container into the free space the others have left.

A loaded container's state (maximal empty spaces, top faces, stack:false tops, bottoms,
weight) is rebuilt from its placements; block building then places the moving boxes in
those spaces with the usual rules (support, stack:false, payload), and the CoG is balanced
again. A container takes the boxes only when balancing unloads nothing; the last container
is dropped only when all its boxes found a place, otherwise nothing changes.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from routing.loadplan.blocks import box_types
from routing.loadplan.catalog import Catalog
from routing.loadplan.geometry import Placed
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.order import loadable
from routing.loadplan.packer import PackState, construct, new_state
from routing.loadplan.spaces import occupy

Loaded = tuple[ContainerType, list[Placed]]


def empty_last(
    loaded: list[Loaded],
    boxes: tuple[Box, ...],
    rng: random.Random,
    out_of_time: Callable[[], bool],
    stop: float | None = None,
) -> list[Loaded]:
    """``loaded`` less its last container when its boxes fit into the others (repeated
    while that works); the containers that took boxes come back balanced and in loading
    order. Block building ends at ``stop`` (a ``time.monotonic()`` instant)."""
    while len(loaded) > 1 and not out_of_time():
        *rest, (_, moving) = loaded
        todo = [p.box for p in moving]
        new = list(rest)
        order = sorted(range(len(rest)), key=lambda k: _fill(rest[k]))
        for k in order:
            if not todo:
                break
            ctype, placed = rest[k]
            fitting = [i for i in todo if _compatible(boxes[i].cargo, placed, boxes)]
            got = insert(ctype, placed, fitting, boxes, rng, stop) if fitting else None
            if got is not None:
                new[k] = (ctype, got)
                done = {p.box for p in got}
                todo = [i for i in todo if i not in done]
        if todo:
            break
        loaded = new
    return loaded


def insert(
    ctype: ContainerType,
    placed: list[Placed],
    todo: list[int],
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float | None = None,
) -> list[Placed] | None:
    """The placements of a container after adding what it can of ``todo`` (balanced, in
    loading order), or None when it takes none or balancing would unload a box."""
    types = box_types(boxes, todo)
    state = rebuild(ctype, placed, boxes, Catalog(types, boxes))
    before = len(state.placed)
    for fit in (True, False):
        construct(state, types, boxes, set(range(len(types))), rng, 0.0, fit, stop)
    if len(state.placed) == before:
        return None
    kept, removed = loadable(state.placed, ctype.dims[0], boxes)
    return None if removed else kept


def rebuild(
    ctype: ContainerType, placed: Sequence[Placed], boxes: tuple[Box, ...], catalog: Catalog
) -> PackState:
    """A packing state holding ``placed``, with the boxes of ``catalog`` left to place."""
    state = new_state(ctype.dims, ctype.payload_kg, catalog)
    min_dim = catalog.smallest(state.counts) or 1
    height = ctype.dims[2]
    for p in placed:
        box = boxes[p.box]
        state.placed.append(p)
        state.weight += box.weight_kg
        state.volume += p.l * p.w * p.h
        rect = (p.x, p.y, p.x + p.l, p.y + p.w)
        (state.tops if box.stack else state.nocarry).setdefault(p.top, []).append(rect)
        if p.z:
            state.bottoms.setdefault(p.z, []).append(rect)
        cub = (p.x, p.y, p.z, p.x + p.l, p.y + p.w, p.top if box.stack else height)
        state.spaces = occupy(state.spaces, cub, min_dim)
    return state


def _fill(c: Loaded) -> float:
    return sum(p.l * p.w * p.h for p in c[1]) / c[0].volume


def _compatible(cargo: str, placed: list[Placed], boxes: tuple[Box, ...]) -> bool:
    """dg and cold never share a container."""
    other = {"dg": "cold", "cold": "dg"}.get(cargo)
    return other is None or all(boxes[p.box].cargo != other for p in placed)
