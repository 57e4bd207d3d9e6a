"""Wall building over the whole set: walls, their split over containers, the repair, and
the planner keeping the better of the wall-built and the sequential plan."""

import random
import time

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from routing.loadplan.check import check_plan
from routing.loadplan.geometry import Placed, footprint_overlap
from routing.loadplan.model import parse_load_input
from routing.loadplan.order import supporters
from routing.loadplan.planner import plan_load
from routing.loadplan.randgen import random_cartons
from routing.loadplan.render import render_plan
from routing.loadplan.repair import cut, repair
from routing.loadplan.wallload import split_walls, stand, wall_load
from routing.loadplan.walls import (
    Wall,
    build_walls,
    candidate_depths,
    fill_wall,
    hardness,
    split_close,
)

SMALL = {"type": "C", "inner_cm": [500, 235, 239], "payload_kg": 9000, "count": 6}
LATER = time.monotonic() + 3600


def small_set(n, set_seed):
    return {**random_cartons(n, set_seed), "containers": [SMALL]}


def render(data, containers, left):
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    loaded = [(ctype, placed) for placed in containers if placed]
    return render_plan(inp, loaded, [(i, "NO_CONTAINER_LEFT") for i in left], 0, 0.0)


@seed(20261121)
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(8, 40), set_seed=st.integers(0, 10**6), rng_seed=st.integers(0, 99))
def test_wall_loads_pass_the_checker(n, set_seed, rng_seed):
    """Walls stood one behind the other in two containers, the boxes left inserted and the
    load repaired, make a valid plan: every box supported (walls are self-supporting),
    stack rule, payload, CoG in the middle third, loading order; every box accounted for."""
    data = small_set(n, set_seed)
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    rng = random.Random(rng_seed)
    load = wall_load(ctype, inp.boxes, list(range(n)), 2, rng, LATER, tries=2)
    assert load is not None
    left = repair(load.containers, load.left, ctype, inp.boxes, rng, LATER, max_steps=5)
    assert check_plan(data, render(data, load.containers, left)) == []


@seed(3)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(50, 80), set_seed=st.integers(0, 10**6))
def test_planner_plans_with_walls_pass_the_checker(n, set_seed):
    """Where wall building applies (one container type, one cargo class, two containers or
    more by the bound), the planner's plan is valid and accounts for every box."""
    data = small_set(n, set_seed)
    out = plan_load(data, 30.0, seed=1, iterations=2)
    assert out["lower_bound_containers"] >= 2
    assert check_plan(data, out) == []
    placed = sum(len(c["placements"]) for c in out["containers"])
    assert placed == n and not out["unplaced"]


def test_each_wall_stands_on_its_own():
    """Every box of a wall lies within the wall's depth and rests on the floor or on boxes
    of the same wall, so walls can stand in any order."""
    data = small_set(40, 5)
    inp = parse_load_input(data)
    walls, _ = build_walls(inp.containers[0], inp.boxes, list(range(40)), random.Random(0), LATER)
    assert walls
    for wall in walls:
        ps = list(wall.placed)
        assert all(p.x >= 0 and p.x + p.l <= wall.depth for p in ps)
        for p, under in zip(ps, supporters(ps), strict=True):
            area = sum(footprint_overlap(p, ps[j]) for j in under)
            assert p.z == 0 or area >= 0.8 * p.l * p.w


def test_candidate_depths_are_usable_lengths_largest_first():
    """Wall depths are lengths some box can have along the container, largest first."""
    inp = parse_load_input(small_set(30, 2))
    depths = candidate_depths(inp.boxes, list(range(30)), inp.containers[0].dims)
    assert depths == sorted(set(depths), reverse=True)
    assert depths[0] <= 5000


def test_boxes_close_to_the_wall_depth_go_first():
    """A wall's body is made of the boxes that can be at least 80% of its depth deep (in an
    orientation fitting the cross-section); shallower boxes only fill its gaps."""
    boxes = [
        {"id": "deep", "dims_cm": [90, 50, 50], "weight_kg": 1.0, "rotate": True},
        {"id": "turned", "dims_cm": [40, 85, 50], "weight_kg": 1.0, "rotate": True},
        {"id": "standing", "dims_cm": [40, 50, 95], "weight_kg": 1.0, "any_side_up": True},
        {"id": "fixed", "dims_cm": [40, 85, 50], "weight_kg": 1.0},
        {"id": "shallow", "dims_cm": [60, 50, 50], "weight_kg": 1.0, "rotate": True},
    ]
    inp = parse_load_input({"containers": [SMALL], "boxes": boxes})
    close, rest = split_close(inp.boxes, list(range(5)), (1000, 2350, 2390))
    assert close == [0, 1, 2] and rest == [3, 4]


def test_hard_boxes_count_more_when_walls_are_compared():
    """A stack:false box and a box with a fixed vertical side count more than their volume
    in a wall's value (they are the boxes found left over); a box that may lie on any side
    and carries counts its volume alone, so a wall of such boxes is valued at its fill."""
    boxes = [
        {"id": "flex", "dims_cm": [100, 100, 100], "weight_kg": 1.0, "any_side_up": True},
        {"id": "upright", "dims_cm": [100, 100, 100], "weight_kg": 1.0, "rotate": True},
        {"id": "top", "dims_cm": [100, 100, 100], "weight_kg": 1.0, "stack": False},
    ]
    inp = parse_load_input({"containers": [SMALL], "boxes": boxes})
    flex, upright, top = (hardness(b) for b in inp.boxes)
    assert flex == 1.0 < upright < top
    ctype = inp.containers[0]
    alone = fill_wall(ctype, 1000, inp.boxes, [0], random.Random(0), 2, LATER)
    assert alone is not None and alone.value == alone.fill
    both = fill_wall(ctype, 1000, inp.boxes, [0, 2], random.Random(0), 2, LATER)
    assert both is not None and both.value > both.fill


def wall(depth, weight):
    return Wall(depth, (Placed(0, 0, 0, 0, depth, 100, 100),), weight, depth * 10000, 0.9, 0.9)


def test_split_spreads_free_length_and_keeps_payload():
    """Walls go deepest first to the container with the most free length that can take
    their depth and weight; a wall no container can take is spare."""
    inp = parse_load_input({**small_set(1, 0), "containers": [{**SMALL, "payload_kg": 100}]})
    walls = [wall(3000, 10), wall(2500, 10), wall(2000, 10), wall(1500, 95), wall(1800, 10)]
    groups, spare = split_walls(walls, 2, inp.containers[0])
    depths = [[w.depth for w in g] for g in groups]
    assert depths == [[3000, 1800], [2500, 2000]]
    assert [w.depth for w in spare] == [1500]
    assert [p.x for p in stand(groups[1])] == [0, 2500]


def test_cut_takes_the_window_and_what_rests_on_it():
    """A cut removes the boxes reaching into the window and every box resting on a removed
    one, directly or not; boxes beside the window stay."""
    a = Placed(0, 0, 0, 0, 1000, 1000, 500)
    b = Placed(1, 1000, 0, 0, 1000, 1000, 500)
    on_b = Placed(2, 900, 0, 500, 1000, 1000, 500)
    on_top = Placed(3, 900, 0, 1000, 500, 500, 300)
    kept, removed = cut([a, b, on_b, on_top], 1500, 1800)
    assert kept == [a] and removed == [b, on_b, on_top]


def test_identical_cartons_fill_two_containers_with_walls():
    """Identical cartons whose volume needs two containers are loaded in two."""
    boxes = [
        {"id": f"B{i}", "dims_cm": [120, 78, 79], "weight_kg": 40.0, "rotate": True}
        for i in range(54)
    ]
    data = {"containers": [SMALL], "boxes": boxes}
    out = plan_load(data, 30.0, seed=0, iterations=2)
    assert check_plan(data, out) == []
    assert len(out["containers"]) == out["lower_bound_containers"] == 2
