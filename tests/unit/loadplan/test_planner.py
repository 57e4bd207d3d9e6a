"""The planner's rules on small inputs; every plan also passes the independent checker."""

from routing.loadplan.brgen import CONTAINER_CM, br_instance
from routing.loadplan.check import check_plan
from routing.loadplan.planner import plan_load

CONT = {"type": "20GP", "inner_cm": [590, 235, 239], "payload_kg": 1000, "count": 3}


def box(i, dims=(100, 80, 60), weight=20.0, **kw):
    return {"id": f"B{i}", "dims_cm": list(dims), "weight_kg": weight, **kw}


def plan(boxes, containers=(CONT,), limit=1.0):
    data = {"containers": list(containers), "boxes": boxes}
    out = plan_load(data, limit, seed=0, iterations=3)
    assert check_plan(data, out) == []
    return out


def reasons(out):
    return {u["box"]: u["reason"] for u in out["unplaced"]}


def test_too_large_and_too_heavy():
    """A box fitting no container in any allowed orientation is TOO_LARGE; one fitting
    but heavier than every payload is TOO_HEAVY; neither counts in the bound."""
    out = plan([box(1, (600, 10, 10)), box(2, weight=5000), box(3)])
    assert reasons(out) == {"B1": "TOO_LARGE", "B2": "TOO_HEAVY"}
    assert out["lower_bound_containers"] == 1


def test_rotation_makes_it_fit():
    """A box too long one way fits when it may stand on another side."""
    out = plan([box(1, (250, 100, 60), any_side_up=True)])
    assert reasons(out) == {}
    assert out["containers"][0]["placements"][0]["dims_cm"][1] <= 235


def test_no_container_left():
    """Boxes left when every container is used are NO_CONTAINER_LEFT."""
    one = {**CONT, "count": 1, "payload_kg": 100}
    out = plan([box(i, weight=30) for i in range(5)], containers=(one,))
    assert sorted(reasons(out).values()) == ["NO_CONTAINER_LEFT"] * 2
    assert out["lower_bound_containers"] == 2


def test_dg_never_with_cold():
    """dg and cold boxes go to different containers; general cargo may join either."""
    boxes = [box(1, cargo="dg"), box(2, cargo="cold"), box(3), box(4, cargo="dg")]
    out = plan(boxes)
    assert len(out["containers"]) == 2 and reasons(out) == {}


def test_stack_false_carries_nothing():
    """stack:false boxes end up with nothing on them (the checker would say otherwise)."""
    boxes = [box(i, (100, 80, 50), stack=i % 2 == 0, rotate=True) for i in range(40)]
    out = plan(boxes)
    assert reasons(out) == {}


def test_cog_in_middle_third():
    """One heavy box is slid along the floor until the CoG is in the middle third."""
    out = plan([box(1, (100, 100, 100), weight=900)])
    x = out["containers"][0]["placements"][0]["pos_cm"][0]
    assert 590 / 3 <= x + 50 <= 2 * 590 / 3


def test_fill_and_weight_reported():
    """fill and weight_kg describe the boxes in the container."""
    out = plan([box(1), box(2)])
    c = out["containers"][0]
    assert c["weight_kg"] == 40.0
    assert abs(c["fill"] - 2 * 100 * 80 * 60 / (590 * 235 * 239)) < 1e-9


def test_deterministic_with_seed_and_iterations():
    """Same input, seed and iteration cap give the same plan."""
    data = br_instance(3, 0)
    a = plan_load(data, 30, seed=5, iterations=4)
    b = plan_load(data, 30, seed=5, iterations=4)
    a.pop("solve_s"), b.pop("solve_s")
    assert a == b


def test_br_instance_fill():
    """A BR3 instance fills its 20 ft container well beyond 80% in one second."""
    data = br_instance(3, 1)
    out = plan_load(data, 1.0, seed=0)
    assert check_plan(data, out) == []
    assert out["containers"][0]["fill"] > 0.8
    assert data["containers"][0]["inner_cm"] == list(CONTAINER_CM)


def test_mixed_cargo_cartons_multi_container():
    """Random cartons with dg and cold spread over several 40 ft containers make a valid
    plan that uses no more containers than the volume needs plus two."""
    from routing.loadplan.randgen import random_cartons

    data = random_cartons(120, seed=3, cargo_mix=True)
    out = plan_load(data, 3.0, seed=0)
    assert check_plan(data, out) == []
    assert not out["unplaced"]
    assert len(out["containers"]) <= out["lower_bound_containers"] + 2


def test_heavy_identical_boxes_fill_to_payload():
    """Heavy identical boxes fill each container up to its payload before the next is
    opened: a block of them is cut to the boxes the payload left can take, so 20 boxes of
    2000 kg under a 28,200 kg payload go 14 + 6 (not all NO_CONTAINER_LEFT, not 10 + 6)."""
    gp = {"type": "20GP", "inner_cm": [589, 235, 239], "payload_kg": 28200, "count": 2}
    for n, want in ((20, [14, 6]), (16, [14, 2]), (15, [14, 1])):
        out = plan([box(i, (100, 100, 100), weight=2000) for i in range(n)], containers=(gp,))
        assert reasons(out) == {}
        assert [len(c["placements"]) for c in out["containers"]] == want
