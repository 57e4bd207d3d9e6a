"""Both engines solve small VRPTW instances into routes that pass the independent check."""

import pytest

from routing.vrp.evaluate import RouteInfeasible, with_schedule
from routing.vrp.model import Route, VrpData
from routing.vrp.solve import DEFAULT_ENGINE, solve


def line_instance(n=8, capacity=3):
    """Stops on a line at 10, 20, ...; each demands 1; wide windows."""
    xs = [0] + [10 * i for i in range(1, n + 1)]
    dist = tuple(tuple(abs(a - b) for b in xs) for a in xs)
    return VrpData(
        dist,
        dist,
        ((0,), *(((1,),) * n)),
        ((0, 1000),) * (n + 1),
        (0,) * (n + 1),
        ((capacity,),) * 4,
    )


@pytest.mark.parametrize("engine", ["ortools", "pyvrp"])
def test_small_instance(engine):
    """Capacity 3 over 8 stops needs 3 routes; the result is feasible and re-checkable."""
    data = line_instance()
    sol = solve(data, 0.5, engine=engine, seed=1)
    assert sol.feasible and not sol.dropped
    assert sorted(n for r in sol.routes for n in r.stops) == list(range(1, 9))
    _, distance = with_schedule(data, sol.routes)
    assert distance == sol.distance == 2 * (80 + 50 + 20)  # {6,7,8}, {3,4,5}, {1,2}


def test_schedule_rejects_late_arrival():
    """A stop whose window closes before the vehicle can get there breaks the route."""
    data = line_instance()
    windows = list(data.window)
    windows[8] = (0, 50)
    late = VrpData(
        data.distance, data.duration, data.demand, tuple(windows), data.service, data.capacity
    )
    with pytest.raises(RouteInfeasible):
        with_schedule(late, [Route(0, (8,))])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"window": ((0, 10), (5, 1))}, "window"),
        ({"distance": ((0, -1), (1, 0))}, "negative"),
        ({"capacity": ()}, "vehicle"),
    ],
)
def test_validation(change, message):
    """Malformed models are refused at construction with a plain message."""
    base = {
        "distance": ((0, 1), (1, 0)),
        "duration": ((0, 1), (1, 0)),
        "demand": ((0,), (1,)),
        "window": ((0, 10), (0, 10)),
        "service": (0, 0),
        "capacity": ((5,),),
    }
    with pytest.raises(ValueError, match=message):
        VrpData(**{**base, **change})


def test_unknown_engine():
    """Only ortools and pyvrp are engines; the default is one of them."""
    assert DEFAULT_ENGINE in ("ortools", "pyvrp")
    with pytest.raises(ValueError, match="engine"):
        solve(line_instance(), 0.1, engine="cplex")
