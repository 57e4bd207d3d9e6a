"""The load planner: boxes into as few containers as it can, each a checked 3D plan.

Dangerous goods are loaded first into containers of their own class (filled up with
general cargo), then cold cargo likewise, then general cargo; each container is filled by
GRASP block building, its CoG brought into the middle third, and its placements put in
loading order. Boxes fitting no container are unplaced with TOO_LARGE or TOO_HEAVY; boxes
left when the containers run out with NO_CONTAINER_LEFT.

When the bound asks for two containers or more of a single type and the cargo is of one
class, a wall-built load (``wallsearch``: walls over the whole set, split over as many
containers as the bound) is tried first with ``WALL_SHARE`` of the filling time; it is
returned at once when it reaches the bound, and when it leaves little over
(``wallsearch.near``) it gets the filling time but ``LEFT_SHARE`` (for the boxes left
over) and is returned; else the sequential plan is built with the time left and the
better of the two kept.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from routing.loadplan.bounds import box_fits_type, lower_bound
from routing.loadplan.geometry import Placed, fits_some_way
from routing.loadplan.grasp import fill_container
from routing.loadplan.model import ContainerType, LoadInput, parse_load_input
from routing.loadplan.order import loadable, loading_order
from routing.loadplan.refill import empty_last
from routing.loadplan.render import render_plan
from routing.loadplan.wallsearch import best_wall_load, near

BOUND_SHARE, BOUND_MAX_S = 0.1, 3.0
FILL_SHARE = 0.93  # of the limit for filling; refill may run to STOP_SHARE
STOP_SHARE = 0.97  # block building stops here whatever it is doing; the rest is output
EXPECTED_FILL = 0.85
BUDGET_FILL = 0.92  # time is shared as if containers were filled this well
WALL_MAX_BOXES = 600  # beyond, wall building alone would outlast a limit of seconds
WALL_SHARE = 0.7  # of the filling time left after the bound, for wall building
LEFT_SHARE = 0.05  # of it kept for the boxes a near wall load leaves over


@dataclass
class Loaded:
    ctype: ContainerType
    placed: list[Placed]


def plan_load(
    data: dict, time_limit_s: float = 10.0, seed: int = 0, iterations: int | None = None
) -> dict:
    """Plan the load of ``data`` (contract input) within about ``time_limit_s`` seconds.

    ``iterations`` caps the constructions per container; with it the plan depends only on
    ``seed`` (not on the machine's speed) as long as the time limit is not reached.
    Raises ``ContractError`` when the input breaks the contract.
    """
    started = time.monotonic()
    inp = parse_load_input(data)
    rng = random.Random(seed)
    placeable, unplaced = _classify(inp)
    bound = lower_bound(
        [inp.boxes[i] for i in placeable],
        inp.containers,
        min(BOUND_MAX_S, BOUND_SHARE * time_limit_s),
    )
    times = (started + FILL_SHARE * time_limit_s, started + STOP_SHARE * time_limit_s)
    walls = None
    if _walls_apply(inp, placeable, bound):
        now = time.monotonic()
        left_s = max(0.0, times[0] - now)
        share = (now + WALL_SHARE * left_s, now + (1 - LEFT_SHARE) * left_s)
        got = _wall_plan(inp, placeable, bound, share, times, rng, iterations)
        if got is not None and (got[1] or (not got[0][1] and len(got[0][0]) <= bound)):
            return _render(inp, got[0], unplaced, bound, started)
        walls = got[0] if got is not None else None
    loaded, left, reason = _load_all(inp, placeable, times, rng, iterations)
    plan = _finish(inp, loaded, [(i, reason) for i in left], times[1], rng)
    if walls is not None and _key(inp, walls) < _key(inp, plan):
        plan = walls
    return _render(inp, plan, unplaced, bound, started)


Plan = tuple[list[tuple[ContainerType, list[Placed]]], list[tuple[int, str]]]


def _finish(
    inp: LoadInput,
    loaded: list[Loaded],
    unplaced: list[tuple[int, str]],
    stop: float,
    rng: random.Random,
) -> Plan:
    """The last container emptied into the others where its boxes fit (``refill``)."""
    final = empty_last(
        [(c.ctype, c.placed) for c in loaded],
        inp.boxes,
        rng,
        lambda: time.monotonic() > stop,
        stop,
    )
    return final, unplaced


def _key(inp: LoadInput, plan: Plan) -> tuple[int, int, int, int]:
    """Fewer boxes unplaced, then fewer containers, then more volume loaded, then the
    others fuller (less in the emptiest container)."""
    volumes = [sum(p.l * p.w * p.h for p in placed) for _, placed in plan[0]]
    return len(plan[1]), len(plan[0]), -sum(volumes), min(volumes, default=0)


def _render(
    inp: LoadInput, plan: Plan, unplaced: list[tuple[int, str]], bound: int, started: float
) -> dict:
    return render_plan(inp, plan[0], unplaced + plan[1], bound, time.monotonic() - started)


def _walls_apply(inp: LoadInput, placeable: list[int], bound: int) -> bool:
    """Wall building is tried for one container type, one cargo class, a bound of two
    containers or more, and at most ``WALL_MAX_BOXES`` boxes (``wallload`` does not
    separate dg from cold; every wall is chosen among candidates built from all boxes
    left, so its time grows faster than the number of boxes)."""
    classes = {inp.boxes[i].cargo for i in placeable}
    return (
        len(placeable) <= WALL_MAX_BOXES
        and len(inp.containers) == 1
        and len(classes) == 1
        and min(bound, inp.containers[0].count) >= 2
    )


def _wall_plan(
    inp: LoadInput,
    placeable: list[int],
    bound: int,
    share: tuple[float, float],
    times: tuple[float, float],
    rng: random.Random,
    iterations: int | None,
) -> tuple[Plan, bool] | None:
    """The best wall-built load of ``bound`` containers found until ``share[0]``, or
    ``share[1]`` when it is near the bound (``wallsearch``), the boxes left over in further
    containers filled as usual; also whether it was near. None when not even one wall load
    was built in time."""
    ctype = inp.containers[0]
    n = min(bound, ctype.count)
    best = best_wall_load(ctype, inp.boxes, placeable, n, rng, share[0], iterations, share[1])
    if best is None:
        return None
    close = near(best, ctype, inp.boxes)
    loaded = [Loaded(ctype, placed) for placed in best.containers if placed]
    counts = [ctype.count - len(loaded)]
    more, left, reason = _load_all(inp, best.left, times, rng, iterations, counts)
    return _finish(inp, loaded + more, [(i, reason) for i in left], times[1], rng), close


def _classify(inp: LoadInput) -> tuple[list[int], list[tuple[int, str]]]:
    placeable, unplaced = [], []
    for i, box in enumerate(inp.boxes):
        if not any(fits_some_way(box, t.dims) for t in inp.containers):
            unplaced.append((i, "TOO_LARGE"))
        elif not any(box_fits_type(box, t) for t in inp.containers):
            unplaced.append((i, "TOO_HEAVY"))
        else:
            placeable.append(i)
    return placeable, unplaced


def _load_all(
    inp: LoadInput,
    placeable: list[int],
    times: tuple[float, float],
    rng: random.Random,
    iterations: int | None,
    counts: list[int] | None = None,
) -> tuple[list[Loaded], list[int], str]:
    """Containers filled one at a time; also the boxes left and why: ``NO_CONTAINER_LEFT``,
    or ``TIME_LIMIT`` when the stop instant (``times[1]``) came first. ``counts``: the
    containers available per type (default: the input's)."""
    deadline, stop = times
    counts = list(counts) if counts is not None else [t.count for t in inp.containers]
    pools = {c: [i for i in placeable if inp.boxes[i].cargo == c] for c in ("dg", "cold")}
    general = [i for i in placeable if inp.boxes[i].cargo == "general"]
    loaded: list[Loaded] = []
    for priority in (pools["dg"], pools["cold"], general):
        filler = general if priority is not general else []
        while priority and time.monotonic() < stop:
            k = _pick_type(inp, priority + filler, priority, counts)
            if k is None:
                break
            budget = _budget(inp, priority + filler, inp.containers[k], deadline, sum(counts))
            kept = _fill_balanced(
                inp, inp.containers[k], priority, filler, (budget, iterations, stop), rng
            )
            if not kept:
                break
            counts[k] -= 1
            loaded.append(Loaded(inp.containers[k], loading_order(kept)))
            done = {p.box for p in kept}
            priority[:] = [i for i in priority if i not in done]
            general[:] = [i for i in general if i not in done]
    left = pools["dg"] + pools["cold"] + general
    reason = "TIME_LIMIT" if time.monotonic() >= stop else "NO_CONTAINER_LEFT"
    return loaded, sorted(left), reason


def _fill_balanced(
    inp: LoadInput,
    ctype: ContainerType,
    priority: list[int],
    filler: list[int],
    limits: tuple[float, int | None, float],
    rng: random.Random,
) -> list[Placed]:
    """Fill, then balance the CoG; when balancing must unload boxes, also try a load built
    from the back wall only (it can slide towards the middle) and keep the larger."""
    budget, iterations, stop = limits
    got = fill_container(
        ctype, inp.boxes, priority, filler, budget, rng, max_iterations=iterations, stop=stop
    )
    kept, removed = loadable(got.placed, ctype.dims[0], inp.boxes)
    if not removed:
        return kept
    again = fill_container(
        ctype,
        inp.boxes,
        priority,
        filler,
        budget,
        rng,
        back_only=True,
        max_iterations=iterations,
        stop=stop,
    )
    kept2, _ = loadable(again.placed, ctype.dims[0], inp.boxes)
    volume = sum(p.l * p.w * p.h for p in kept)
    return kept2 if sum(p.l * p.w * p.h for p in kept2) > volume else kept


def _pick_type(
    inp: LoadInput, todo: list[int], priority: list[int], counts: list[int]
) -> int | None:
    """The largest available type that fits a priority box, or the smallest that can
    plausibly take everything left."""
    usable = [
        k
        for k, t in enumerate(inp.containers)
        if counts[k] > 0 and any(box_fits_type(inp.boxes[i], t) for i in priority)
    ]
    if not usable:
        return None
    need = sum(inp.boxes[i].volume for i in todo)
    weight = sum(inp.boxes[i].weight_kg for i in todo)
    roomy = [
        k
        for k in usable
        if need <= EXPECTED_FILL * inp.containers[k].volume
        and weight <= inp.containers[k].payload_kg
        and all(box_fits_type(inp.boxes[i], inp.containers[k]) for i in todo)
    ]
    if roomy:
        return min(roomy, key=lambda k: inp.containers[k].volume)
    return max(usable, key=lambda k: inp.containers[k].volume)


def _budget(
    inp: LoadInput, todo: list[int], ctype: ContainerType, deadline: float, available: int
) -> float:
    """An equal share of the time left for each container still expected to be needed."""
    left = max(0.0, deadline - time.monotonic())
    need = sum(inp.boxes[i].volume for i in todo) / (BUDGET_FILL * ctype.volume)
    return left / max(1, min(available, math.ceil(need)))
