"""The load planner keeps to its time limit: block building stops at the stop instant and
the plan it returns is still valid, boxes it had no time for unplaced with TIME_LIMIT."""

import random
import time

import pytest

import routing.loadplan.planner as planner
from routing.loadplan.blocks import box_types
from routing.loadplan.catalog import Catalog
from routing.loadplan.check import check_plan
from routing.loadplan.model import parse_load_input
from routing.loadplan.packer import construct, new_state
from routing.loadplan.randgen import random_cartons


def test_many_boxes_with_a_small_limit_give_a_valid_plan():
    """1,150 cartons (about ten 40HC) with 0.3 s: whatever the machine manages in that time,
    the plan passes the checker and every box is placed or unplaced for lack of time or
    containers."""
    data = random_cartons(1150, seed=7)
    out = planner.plan_load(data, 0.3, seed=0)
    assert check_plan(data, out) == []
    placed = sum(len(c["placements"]) for c in out["containers"])
    assert placed + len(out["unplaced"]) == len(data["boxes"])
    assert {u["reason"] for u in out["unplaced"]} <= {"TIME_LIMIT", "NO_CONTAINER_LEFT"}


def test_a_construction_ends_at_its_stop_instant():
    """A construction whose stop instant has passed places nothing; without one it
    places boxes."""
    inp = parse_load_input(random_cartons(40, seed=1))
    types = box_types(inp.boxes, list(range(len(inp.boxes))))
    catalog = Catalog(types, inp.boxes)
    ctype = inp.containers[0]
    for stop, placed in ((time.monotonic() - 1, False), (None, True)):
        state = new_state(ctype.dims, ctype.payload_kg, catalog)
        construct(state, types, inp.boxes, set(range(len(types))), random.Random(0), stop=stop)
        assert bool(state.placed) is placed


def test_boxes_left_at_the_stop_are_time_limit(monkeypatch: pytest.MonkeyPatch):
    """When the stop instant comes before any container is filled, every box is unplaced
    with TIME_LIMIT (not NO_CONTAINER_LEFT) and the plan is still valid."""
    monkeypatch.setattr(planner, "STOP_SHARE", 0.0)
    data = random_cartons(30, seed=2)
    out = planner.plan_load(data, 1.0, seed=0)
    assert check_plan(data, out) == []
    assert out["containers"] == []
    assert {u["reason"] for u in out["unplaced"]} == {"TIME_LIMIT"}
    assert len(out["unplaced"]) == 30
