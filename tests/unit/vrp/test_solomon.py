"""Solomon files and the truncated-distance convention of the best-known solutions."""

from pathlib import Path

import pytest

from routing.vrp.evaluate import with_schedule
from routing.vrp.model import Route
from routing.vrp.solomon import read_instance, read_solution, to_vrp_data, truncated_tenths

DATA = Path(__file__).resolve().parents[3] / "bench" / "data" / "solomon"


def test_truncation():
    """Distances are floor(10 d) / 10: sqrt(2) counts 1.4, 3-4-5 counts exactly 5.0."""
    assert truncated_tenths((0, 0), (1, 1)) == 14
    assert truncated_tenths((0, 0), (3, 4)) == 50


@pytest.mark.parametrize("name", ["C101", "R101", "RC208"])
def test_best_known_costs_reproduce(name):
    """Recomputing a .sol file's routes under the convention gives its stated cost, and the
    routes keep capacities and time windows."""
    data = to_vrp_data(read_instance(DATA / f"{name}.txt"))
    routes, cost = read_solution(DATA / f"{name}.sol")
    _, total = with_schedule(data, [Route(0, tuple(r)) for r in routes])
    assert total / 10 == pytest.approx(cost)


def test_reader():
    """R101: 25 vehicles of capacity 200, depot plus 100 customers."""
    inst = read_instance(DATA / "R101.txt")
    assert (inst.vehicles, inst.capacity, len(inst.coords)) == (25, 200, 101)
