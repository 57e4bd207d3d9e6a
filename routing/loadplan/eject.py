"""Insertion with displacement: the end phase for the boxes a wall load leaves over.

A move puts one box left over at a position ``displace.moves`` finds, taking out the boxes
it meets there and what rests on them; the boxes taken out are placed again by block
building (``refill.insert``), in the same container first, then in the others, the
emptiest first, and what that leaves at the first free position found
(``displace.moves`` taking nothing out). ``eject`` keeps a move when the volume left over
drops: every box taken out found a place (one box fewer over), or those still out are
smaller than the box placed (smaller boxes for the next moves). ``kick`` is an iterated
local search around ``eject``. No cargo classes are separated: wall building runs for one
class only.
"""

from __future__ import annotations

import random
import time

from routing.loadplan.displace import Move, moves
from routing.loadplan.geometry import Placed
from routing.loadplan.model import Box, ContainerType
from routing.loadplan.order import loadable
from routing.loadplan.refill import insert

TRIES = 8  # positions tried per box left over and container, least volume out first
KICK_TRIES = 3  # positions per container in the local search after a kick


def eject(
    containers: list[list[Placed]],
    left: list[int],
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
    tries: int = TRIES,
) -> list[int]:
    """Moves on ``containers`` (in place) while one lowers the volume left over and
    ``stop`` (a ``time.monotonic()`` instant) has not come; returns the boxes left over.
    The largest box left over is tried first."""
    left = list(left)
    while left and time.monotonic() < stop:
        for b in sorted(left, key=lambda i: -boxes[i].volume):
            back = place_displacing(containers, b, ctype, boxes, rng, stop, tries)
            if back is not None:
                left = [i for i in left if i != b] + back
                break
        else:
            break
    return left


def place_displacing(
    containers: list[list[Placed]],
    b: int,
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
    tries: int = TRIES,
) -> list[int] | None:
    """The first move placing box ``b`` that lowers the volume left over, applied to
    ``containers``; returns the boxes it leaves out (None: no such move found)."""
    order = sorted(range(len(containers)), key=lambda k: _volume(containers[k]))
    for k in order:
        for move in moves(containers[k], b, ctype, boxes)[:tries]:
            if time.monotonic() >= stop:
                return None
            got = _apply(containers, k, move, ctype, boxes, rng, stop)
            if got is not None:
                new, back = got
                if sum(boxes[i].volume for i in back) < boxes[b].volume:
                    containers[:] = new
                    return back
    return None


def _apply(
    containers: list[list[Placed]],
    k: int,
    move: Move,
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
) -> tuple[list[list[Placed]], list[int]] | None:
    """The containers after ``move`` in container ``k`` and the boxes taken out placed
    again where they fit, and the boxes still out; None when the load with the box would
    not stay balanced and loadable."""
    placed = containers[k]
    stay = [p for i, p in enumerate(placed) if i not in move.out] + [move.at]
    kept, removed = loadable(stay, ctype.dims[0], boxes)
    if removed:
        return None
    new = list(containers)
    new[k] = kept
    todo = [placed[i].box for i in sorted(move.out)]
    others = sorted((j for j in range(len(new)) if j != k), key=lambda j: _volume(new[j]))
    for j in [k, *others]:
        if not todo:
            break
        got = insert(ctype, new[j], todo, boxes, rng, stop)
        if got is not None:
            new[j] = got
            done = {p.box for p in got}
            todo = [i for i in todo if i not in done]
    for i in sorted(todo, key=lambda i: -boxes[i].volume):
        if place_free(new, [k, *others], i, ctype, boxes):
            todo.remove(i)
    return new, todo


def place_free(
    containers: list[list[Placed]],
    order: list[int],
    b: int,
    ctype: ContainerType,
    boxes: tuple[Box, ...],
) -> bool:
    """Box ``b`` placed (in ``containers``, in place) at the first position, containers in
    ``order``, where it takes no box out and the load stays balanced and loadable."""
    for j in order:
        for move in moves(containers[j], b, ctype, boxes, max_out=0)[:TRIES]:
            kept, removed = loadable([*containers[j], move.at], ctype.dims[0], boxes)
            if not removed:
                containers[j] = kept
                return True
    return False


def _volume(placed: list[Placed]) -> int:
    return sum(p.l * p.w * p.h for p in placed)


def kick(
    containers: list[list[Placed]],
    left: list[int],
    ctype: ContainerType,
    boxes: tuple[Box, ...],
    rng: random.Random,
    stop: float,
    max_kicks: int | None = None,
) -> list[int]:
    """Iterated local search: from the load ``eject`` leaves, a random move (a random box
    left over, container, and one of its ``TRIES`` cheapest positions) whatever the volume
    it leaves over, then ``eject`` with ``KICK_TRIES`` positions per container; the result
    replaces the load when it leaves no more volume over. Until nothing is left over,
    ``stop`` or ``max_kicks``; returns the boxes left over (``containers`` in place)."""
    left = eject(containers, left, ctype, boxes, rng, stop)
    total = sum(boxes[i].volume for i in left)
    found: dict[tuple[int, int], list[Move]] = {}
    kicks = 0
    while left and time.monotonic() < stop and (max_kicks is None or kicks < max_kicks):
        kicks += 1
        b, k = rng.choice(left), rng.randrange(len(containers))
        if (k, b) not in found:
            found[(k, b)] = moves(containers[k], b, ctype, boxes)[:TRIES]
        if not found[(k, b)]:
            continue
        got = _apply(containers, k, rng.choice(found[(k, b)]), ctype, boxes, rng, stop)
        if got is None:
            continue
        trial, back = got
        rest = eject(trial, [i for i in left if i != b] + back, ctype, boxes, rng, stop, KICK_TRIES)
        after = sum(boxes[i].volume for i in rest)
        if after <= total:
            found.clear()
            containers[:] = trial
            left, total = rest, after
    return left
