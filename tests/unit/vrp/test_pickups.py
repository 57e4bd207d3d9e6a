"""Road pickups from factories to the hub."""

import random
from datetime import datetime

import pytest

from routing.vrp.pickups import PickupInputError, plan_pickups


def pickup_doc(n=8, seed=1):
    rng = random.Random(seed)
    stops = [
        {
            "id": f"F{i}",
            "lat": 36.08 + rng.uniform(-0.4, 0.4),
            "lon": 120.32 + rng.uniform(-0.4, 0.4),
            "demand_kg": rng.randint(300, 1500),
            "demand_m3": rng.uniform(1, 6),
            "service_min": 20,
            "window": ["2026-12-01T08:00:00Z", "2026-12-01T15:00:00Z"],
        }
        for i in range(n)
    ]
    return {
        "depot": {
            "id": "HUB",
            "lat": 36.08,
            "lon": 120.32,
            "open": "2026-12-01T06:00:00Z",
            "close": "2026-12-01T20:00:00Z",
        },
        "stops": stops,
        "vehicles": [{"id": f"T{i}", "capacity_kg": 5000, "capacity_m3": 25} for i in range(3)],
    }


def t(s):
    return datetime.fromisoformat(s.replace("Z", "+00:00"))


@pytest.mark.parametrize("engine", ["ortools", "pyvrp"])
def test_routes_respect_windows_and_capacity(engine):
    """Every stop is served once, inside its window, within the truck's capacity, and the
    truck is back before the hub closes."""
    data = pickup_doc()
    out = plan_pickups(data, 0.5, engine=engine)
    assert out["status"] == "feasible" and out["unserved"] == []
    seen = [s["stop"] for r in out["routes"] for s in r["stops"]]
    assert sorted(seen) == sorted(s["id"] for s in data["stops"])
    for r in out["routes"]:
        assert r["load_kg"] <= 5000 and r["load_m3"] <= 25
        assert t(r["return"]) <= t(data["depot"]["close"])
        for s in r["stops"]:
            assert t("2026-12-01T08:00:00Z") <= t(s["start"]) <= t("2026-12-01T15:00:00Z")
            assert t(s["arrive"]) <= t(s["start"]) < t(s["depart"])


def test_impossible_stops_are_unserved_with_reasons():
    """A stop too far to reach in its window is TIME_WINDOW; one heavier than every truck
    is CAPACITY; the rest are still planned."""
    data = pickup_doc(4)
    data["stops"].append(
        {
            "id": "FAR",
            "lat": 45.0,
            "lon": 130.0,
            "demand_kg": 1,
            "window": ["2026-12-01T06:00:00Z", "2026-12-01T07:00:00Z"],
        }
    )
    data["stops"].append(
        {
            "id": "HUGE",
            "lat": 36.1,
            "lon": 120.3,
            "demand_kg": 9000,
            "window": ["2026-12-01T06:00:00Z", "2026-12-01T19:00:00Z"],
        }
    )
    out = plan_pickups(data, 0.5)
    assert out["status"] == "partial"
    assert {u["stop"]: u["reason"] for u in out["unserved"]} == {
        "FAR": "TIME_WINDOW",
        "HUGE": "CAPACITY",
    }
    assert sum(len(r["stops"]) for r in out["routes"]) == 4


def test_bad_input():
    """A window closing before it opens is refused with a code and path."""
    data = pickup_doc(2)
    data["stops"][0]["window"] = ["2026-12-01T12:00:00Z", "2026-12-01T08:00:00Z"]
    with pytest.raises(PickupInputError) as err:
        plan_pickups(data, 0.2)
    assert (err.value.code, err.value.path) == ("INVALID_WINDOW", "$.stops[0].window")
