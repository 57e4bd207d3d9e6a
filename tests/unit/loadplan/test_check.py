"""The independent checker catches each kind of broken plan."""

import copy

import pytest

from routing.loadplan.check import check_plan

INP = {
    "containers": [{"type": "T", "inner_cm": [300, 100, 100], "payload_kg": 100, "count": 1}],
    "boxes": [
        {"id": "A", "dims_cm": [100, 100, 50], "weight_kg": 10},
        {"id": "B", "dims_cm": [100, 100, 50], "weight_kg": 10},
    ],
}
GOOD = {
    "containers": [
        {
            "index": 0,
            "type": "T",
            "seal": None,
            "weight_kg": 20.0,
            "fill": 1 / 3,
            "placements": [
                {"box": "A", "pos_cm": [100, 0, 0], "dims_cm": [100, 100, 50]},
                {"box": "B", "pos_cm": [100, 0, 50], "dims_cm": [100, 100, 50]},
            ],
        }
    ],
    "unplaced": [],
    "lower_bound_containers": 1,
    "solve_s": 0.0,
}


def broken(change):
    inp, plan = copy.deepcopy(INP), copy.deepcopy(GOOD)
    change(inp, plan)
    return check_plan(inp, plan)


def test_good_plan_passes():
    """A correct plan has no findings."""
    assert check_plan(INP, GOOD) == []


def _set(path, value):
    def change(inp, plan):
        obj = plan if path[0] == "plan" else inp
        for key in path[1:-1]:
            obj = obj[key]
        obj[path[-1]] = value

    return change


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (_set(("plan", "containers", 0, "placements", 1, "pos_cm"), [100, 0, 40]), "overlap"),
        (_set(("plan", "containers", 0, "placements", 1, "pos_cm"), [100, 0, 60]), "supported"),
        (_set(("plan", "containers", 0, "placements", 1, "pos_cm"), [170, 0, 50]), "supported"),
        (_set(("plan", "containers", 0, "placements", 0, "pos_cm"), [250, 0, 0]), "sticks out"),
        (
            _set(("plan", "containers", 0, "placements", 0, "dims_cm"), [100, 50, 100]),
            "orientation",
        ),
        (_set(("inp", "boxes", 0, "stack"), False), "stack:false"),
        (_set(("inp", "containers", 0, "payload_kg"), 15), "payload"),
        (_set(("plan", "containers", 0, "weight_kg"), 21.0), "weight_kg"),
        (_set(("plan", "containers", 0, "fill"), 0.5), "fill"),
        (_set(("inp", "boxes", 0, "cargo"), "dg"), None),
        (_set(("plan", "lower_bound_containers"), 2), "lower bound"),
        (_set(("plan", "unplaced"), [{"box": "A", "reason": "TOO_LARGE"}]), "listed 2"),
    ],
)
def test_findings(change, words):
    """Each broken rule is reported."""
    found = broken(change)
    if words is None:
        assert found == []
    else:
        assert any(words in f for f in found), found


def test_dg_with_cold():
    """dg and cold in one container is reported."""

    def change(inp, plan):
        inp["boxes"][0]["cargo"], inp["boxes"][1]["cargo"] = "dg", "cold"

    assert any("dg and cold" in f for f in broken(change))


def test_cog_outside_middle_third():
    """A load whose CoG is in the back third is reported."""

    def change(inp, plan):
        for p in plan["containers"][0]["placements"]:
            p["pos_cm"][0] = 0

    assert any("centre of gravity" in f for f in broken(change))


def test_loading_order():
    """A box listed before the box carrying it breaks the loading order."""

    def change(inp, plan):
        plan["containers"][0]["placements"].reverse()

    assert any("carries it" in f for f in broken(change))


def test_missing_box():
    """Every input box is placed once or listed as unplaced."""

    def change(inp, plan):
        plan["containers"][0]["placements"].pop()
        plan["containers"][0]["weight_kg"], plan["containers"][0]["fill"] = 10.0, 1 / 6

    assert any("neither placed" in f for f in broken(change))
