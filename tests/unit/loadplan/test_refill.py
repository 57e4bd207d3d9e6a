"""The final phase that empties the last container into the others' free space."""

import random

from routing.loadplan.check import check_plan
from routing.loadplan.geometry import Placed
from routing.loadplan.model import parse_load_input
from routing.loadplan.planner import plan_load
from routing.loadplan.refill import empty_last
from routing.loadplan.render import render_plan

CONT = {"type": "20GP", "inner_cm": [590, 235, 239], "payload_kg": 5000, "count": 3}


def doc(n, **kw):
    boxes = [{"id": f"B{i}", "dims_cm": [100, 80, 60], "weight_kg": 30.0, **kw} for i in range(n)]
    return {"containers": [CONT], "boxes": boxes}


def split_plan(data):
    """A valid one-container plan for all boxes but the last, which gets its own."""
    inp = parse_load_input(data)
    first = plan_load({**data, "boxes": data["boxes"][:-1]}, 5.0, seed=0, iterations=2)
    ids = {b.id: i for i, b in enumerate(inp.boxes)}
    ctype = inp.containers[0]
    placed = []
    for p in first["containers"][0]["placements"]:
        (x, y, z), (l, w, h) = p["pos_cm"], p["dims_cm"]  # noqa: E741
        placed.append(Placed(ids[p["box"]], x * 10, y * 10, z * 10, l * 10, w * 10, h * 10))
    last = Placed(len(inp.boxes) - 1, 2450, 0, 0, 1000, 800, 600)
    return inp, [(ctype, placed), (ctype, [last])]


def test_last_container_emptied_into_the_first():
    """A container whose boxes all fit in the free space of the others is dropped; the
    plan stays valid (support, CoG, loading order: the checker agrees)."""
    data = doc(12)
    inp, loaded = split_plan(data)
    out = empty_last(loaded, inp.boxes, random.Random(0), lambda: False)
    assert len(out) == 1 and len(out[0][1]) == 12
    plan = render_plan(inp, out, [], 1, 0.0)
    assert check_plan(data, plan) == []


def test_nothing_changes_when_the_boxes_do_not_all_fit():
    """When some box of the last container finds no place, no container changes."""
    data = doc(12, weight_kg=440.0)  # payload 5000 kg: 11 boxes weigh 4840 kg
    inp, loaded = split_plan(data)
    out = empty_last(loaded, inp.boxes, random.Random(0), lambda: False)
    assert out == loaded


def test_loading_order_respects_blocking_not_only_support():
    """Every box comes after the boxes it rests on and after every box it would block: a
    BR5 load on which ordering by support and x alone put a box in front of another that
    still had to go in behind it (found by bench/loading.py) is now ordered validly."""
    import json
    from pathlib import Path

    from routing.loadplan.brgen import br_instance
    from routing.loadplan.order import loading_order, order_or_stuck

    data = br_instance(5, 0)
    inp = parse_load_input(data)
    ids = {b.id: i for i, b in enumerate(inp.boxes)}
    rows = json.loads((Path(__file__).parent / "data" / "br5_0_placements.json").read_text())
    placed = [Placed(ids[r[0]], *(round(v * 10) for v in r[1:])) for r in rows]
    assert order_or_stuck(placed)[1] == []
    done = {p.box for p in placed}
    unplaced = [(i, "NO_CONTAINER_LEFT") for i in range(len(inp.boxes)) if i not in done]
    plan = render_plan(inp, [(inp.containers[0], loading_order(placed))], unplaced, 1, 0.0)
    assert check_plan(data, plan) == []
