"""Lower bounds on the number of containers."""

from routing.loadplan.bounds import lower_bound
from routing.loadplan.model import parse_load_input

CONT = {"type": "C", "inner_cm": [100, 100, 100], "payload_kg": 1000, "count": 9}


def bound(boxes, limit=2.0):
    inp = parse_load_input(
        {"containers": [CONT], "boxes": [{"id": f"B{i}", **b} for i, b in enumerate(boxes)]}
    )
    return lower_bound(inp.boxes, inp.containers, limit)


def test_volume_bound():
    """Eight half-size cubes fill one container exactly: the bound is 1, nine need 2."""
    cube = {"dims_cm": [50, 50, 50], "weight_kg": 1}
    assert bound([cube] * 8) == 1
    assert bound([cube] * 9) == 2


def test_weight_bound():
    """The payload bounds the count: 2 boxes of 400 kg fit one container of 1000 kg, and 3
    of 600 kg need 3 (the CP-SAT relaxation beats the weight bound ceil(1.8) = 2)."""
    assert bound([{"dims_cm": [10, 10, 10], "weight_kg": 400}] * 2) == 1
    assert bound([{"dims_cm": [10, 10, 10], "weight_kg": 600}] * 3) == 3


def test_big_boxes_conflict():
    """Boxes longer than half the container along every axis never share one."""
    big = {"dims_cm": [60, 60, 60], "weight_kg": 1}
    assert bound([big] * 3) == 3


def test_dg_cold_conflict():
    """A dg box and a cold box never share a container."""
    small = {"dims_cm": [10, 10, 10], "weight_kg": 1}
    assert bound([{**small, "cargo": "dg"}, {**small, "cargo": "cold"}]) == 2
