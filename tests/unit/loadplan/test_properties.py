"""Property: every plan for generated inputs passes the independent checker."""

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from routing.loadplan.check import check_plan
from routing.loadplan.handheld import next_placement
from routing.loadplan.planner import plan_load

dims = st.lists(st.integers(10, 130), min_size=3, max_size=3)
boxes = st.lists(
    st.fixed_dictionaries(
        {
            "dims_cm": dims,
            "weight_kg": st.floats(0, 400, allow_nan=False),
            "cargo": st.sampled_from(["general", "general", "dg", "cold"]),
            "rotate": st.booleans(),
            "any_side_up": st.booleans(),
            "stack": st.booleans(),
        }
    ),
    min_size=1,
    max_size=25,
)
containers = st.fixed_dictionaries(
    {
        "type": st.just("C"),
        "inner_cm": st.lists(st.integers(100, 300), min_size=3, max_size=3),
        "payload_kg": st.floats(200, 3000),
        "count": st.integers(0, 4),
    }
)


@seed(20261201)
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(boxes=boxes, container=containers)
def test_generated_plans_pass_the_checker(boxes, container):
    """Whatever the boxes and container, the plan is valid: inside, no overlap, supported,
    stack rule, payload, dg/cold apart, CoG, loading order, every box accounted for."""
    data = {"containers": [container], "boxes": [{"id": f"B{i}", **b} for i, b in enumerate(boxes)]}
    plan = plan_load(data, 2.0, seed=1, iterations=2)
    assert check_plan(data, plan) == []


@seed(7)
@settings(max_examples=10, deadline=None)
@given(boxes=boxes)
def test_handheld_walks_the_loading_order(boxes):
    """Asking for the next box after loading each one walks every placement in order."""
    data = {
        "containers": [{"type": "C", "inner_cm": [300, 235, 239], "count": 9}],
        "boxes": [{"id": f"B{i}", **b} for i, b in enumerate(boxes)],
    }
    plan = plan_load(data, 2.0, seed=1, iterations=1)
    loaded: list[str] = []
    while (step := next_placement(plan, loaded)) is not None:
        loaded.append(step["box"])
    expected = [p["box"] for c in plan["containers"] for p in c["placements"]]
    assert loaded == expected
