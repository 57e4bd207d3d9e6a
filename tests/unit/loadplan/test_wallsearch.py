"""Sizing of wall loads (depth screening, constructions per wall) and the late-acceptance
repair of a wall load."""

import random
import time

import pytest

from routing.loadplan import repair as repair_module
from routing.loadplan.check import check_plan
from routing.loadplan.model import parse_load_input
from routing.loadplan.randgen import random_cartons
from routing.loadplan.render import render_plan
from routing.loadplan.wallload import WallLoad, wall_load
from routing.loadplan.walls import FINALISTS, QUANTILES, SCREEN_TRIES, tries_for, work
from routing.loadplan.wallsearch import NEAR, near

SMALL = {"type": "C", "inner_cm": [500, 235, 239], "payload_kg": 9000, "count": 6}
LATER = time.monotonic() + 3600


def test_work_counts_screening_and_finalists():
    """A wall costs a screening of every candidate depth plus the full constructions for
    the finalists only; ``tries_for`` gives the most tries a budget of work allows."""
    screen = SCREEN_TRIES * len(QUANTILES)
    assert work(SCREEN_TRIES) == screen
    assert work(40) == screen + FINALISTS * 40
    for tries in (SCREEN_TRIES + 1, 10, 57, 200):
        assert tries_for(work(tries)) == tries
        assert work(tries_for(work(tries) + FINALISTS - 1)) <= work(tries) + FINALISTS - 1


def test_near_is_a_share_of_one_container():
    """A wall load is near the bound when what it leaves over is at most ``NEAR`` of a
    container's volume."""
    inp = parse_load_input({**random_cartons(3, 1), "containers": [SMALL]})
    ctype = inp.containers[0]
    volumes = [b.volume for b in inp.boxes]
    assert near(WallLoad([], []), ctype, inp.boxes)
    small = [i for i, v in enumerate(volumes) if v <= NEAR * ctype.volume]
    assert near(WallLoad([], small[:1]), ctype, inp.boxes) == bool(small)


@pytest.mark.parametrize("history", [0, 30])
def test_repair_returns_its_best_state(monkeypatch, history):
    """Whether steps are accepted only when they add volume or by late acceptance (which
    may let the volume left over grow for a while), the repair returns the best state it
    saw: never more volume over than at the start, and a valid load."""
    monkeypatch.setattr(repair_module, "HISTORY", history)
    data = {**random_cartons(60, 11), "containers": [SMALL]}
    inp = parse_load_input(data)
    ctype = inp.containers[0]
    rng = random.Random(4)
    load = wall_load(ctype, inp.boxes, list(range(60)), 2, rng, LATER, tries=2)
    assert load is not None
    before = load.left_volume(inp.boxes)
    left = repair_module.repair(
        load.containers, load.left, ctype, inp.boxes, rng, LATER, max_steps=30
    )
    assert sum(inp.boxes[i].volume for i in left) <= before
    loaded = [(ctype, placed) for placed in load.containers if placed]
    out = render_plan(inp, loaded, [(i, "NO_CONTAINER_LEFT") for i in left], 0, 0.0)
    assert check_plan(data, out) == []
    placed = sum(len(c["placements"]) for c in out["containers"])
    assert placed + len(left) == 60
