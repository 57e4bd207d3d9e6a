"""Insertion with displacement (``displace``, ``eject``): a box left over placed where
loaded boxes stood, those boxes placed again elsewhere."""

import random
import time

import pytest

from routing.loadplan.check import check_plan
from routing.loadplan.displace import MAX_OUT, moves
from routing.loadplan.eject import eject, kick
from routing.loadplan.geometry import Placed, footprint_overlap, intersect
from routing.loadplan.model import parse_load_input
from routing.loadplan.order import loadable
from routing.loadplan.randgen import random_cartons
from routing.loadplan.render import render_plan
from routing.loadplan.wallload import wall_load

LATER = time.monotonic() + 3600
SHORT = {"type": "C", "inner_cm": [100, 50, 50], "payload_kg": 1000, "count": 2}
SMALL = {"type": "C", "inner_cm": [500, 235, 239], "payload_kg": 9000, "count": 6}


def box(name, length, **kw):
    return {"id": name, "dims_cm": [length, 50, 50], "weight_kg": float(length), **kw}


def crate_case():
    """Two short containers holding S (40 cm) and T (50 cm), balanced; B (70 cm) left
    over fits neither free length, but fits where S stands, and S fits at T's door side."""
    data = {"containers": [SHORT], "boxes": [box("S", 40), box("T", 50), box("B", 70)]}
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    return data, inp, ctype, [balanced(inp, i) for i in (0, 1)]


def balanced(inp, i):
    kept, removed = loadable([Placed(i, 0, 0, 0, *inp.boxes[i].dims)], 1000, inp.boxes)
    assert not removed
    return kept


def render(data, inp, ctype, containers, left):
    loaded = [(ctype, placed) for placed in containers if placed]
    return render_plan(inp, loaded, [(i, "NO_CONTAINER_LEFT") for i in left], 0, 0.0)


def test_box_left_over_displaces_a_loaded_box():
    """B fits no free space as things stand; taking S out of the first container lets B
    in, and S goes to the door side of the second: nothing is left over, the plan is
    valid."""
    data, inp, ctype, containers = crate_case()
    assert not any(m.volume_out == 0 for c in containers for m in moves(c, 2, ctype, inp.boxes))
    left = eject(containers, [2], ctype, inp.boxes, random.Random(0), LATER)
    assert left == []
    assert sorted(p.box for c in containers for p in c) == [0, 1, 2]
    assert check_plan(data, render(data, inp, ctype, containers, left)) == []


def test_trade_for_a_smaller_box_when_it_has_nowhere_to_go():
    """With T as long as B, S has no place once B takes its own: the move is still kept,
    since the volume left over drops (S is smaller than B)."""
    data = {"containers": [SHORT], "boxes": [box("S", 40), box("T", 70), box("B", 70)]}
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    containers = [balanced(inp, i) for i in (0, 1)]
    assert eject(containers, [2], ctype, inp.boxes, random.Random(0), LATER) == [0]
    assert sorted(p.box for c in containers for p in c) == [1, 2]
    assert check_plan(data, render(data, inp, ctype, containers, [0])) == []


def test_no_move_that_does_not_lower_the_volume_left_over():
    """B can only take the place of a box as large as itself: the load stays as it was."""
    data = {"containers": [SHORT], "boxes": [box("S", 70), box("T", 70), box("B", 70)]}
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    containers = [balanced(inp, i) for i in (0, 1)]
    before = [list(c) for c in containers]
    assert eject(containers, [2], ctype, inp.boxes, random.Random(0), LATER) == [2]
    assert containers == before


def test_moves_take_out_few_boxes_and_leave_room():
    """Every move takes out at most ``MAX_OUT`` boxes, least volume first; the box at its
    position meets none of the boxes that stay, lies in the container, and above the
    floor has at least 80% of its base on tops of staying boxes at exactly its bottom
    height, none of them ``stack: false``."""
    data = {**random_cartons(60, 11), "containers": [SMALL]}
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    load = wall_load(ctype, inp.boxes, list(range(60)), 2, random.Random(4), LATER, tries=2)
    assert load is not None and load.left
    found = 0
    for b in load.left:
        for placed in load.containers:
            got = moves(placed, b, ctype, inp.boxes)
            found += len(got)
            assert [m.volume_out for m in got] == sorted(m.volume_out for m in got)
            for m in got:
                assert len(m.out) <= MAX_OUT
                stay = [p for i, p in enumerate(placed) if i not in m.out]
                assert not any(intersect(m.at, p) for p in stay)
                assert m.at.x + m.at.l <= 5000 and m.at.y + m.at.w <= 2350
                assert m.at.top <= 2390
                under = [p for p in stay if p.top == m.at.z and footprint_overlap(m.at, p)]
                if m.at.z:
                    area = sum(footprint_overlap(m.at, p) for p in under)
                    assert area >= 0.8 * m.at.l * m.at.w
                    assert all(inp.boxes[p.box].stack for p in under)
    assert found


@pytest.mark.parametrize("search", ["eject", "kick"])
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_search_never_loses_a_box_and_keeps_the_load_valid(seed, search):
    """After the moves (greedy, or kicks each followed by the greedy moves), every box is
    in exactly one container or left over, the volume left over has not grown, and the
    checker finds nothing wrong."""
    data = {**random_cartons(60, seed), "containers": [SMALL]}
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    rng = random.Random(seed)
    load = wall_load(ctype, inp.boxes, list(range(60)), 2, rng, LATER, tries=2)
    assert load is not None
    before = load.left_volume(inp.boxes)
    if search == "eject":
        left = eject(load.containers, load.left, ctype, inp.boxes, rng, LATER)
    else:
        left = kick(load.containers, load.left, ctype, inp.boxes, rng, LATER, max_kicks=6)
    assert sum(inp.boxes[i].volume for i in left) <= before
    ids = sorted([p.box for c in load.containers for p in c] + left)
    assert ids == list(range(60))
    assert check_plan(data, render(data, inp, ctype, load.containers, left)) == []
