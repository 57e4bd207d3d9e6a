"""Routes through the destination: allowed by the contract, never produced by the planner."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import numpy as np

from routing import timeexpanded as tx
from routing.check import check_plan
from routing.network import parse_network
from routing.optimizer import solve
from routing.paths import base_prices, cheapest, cheapest_one
from routing.plan import plan_to_dict
from routing.shipments import parse_shipments


def _loop_network(docs: SimpleNamespace) -> dict[str, Any]:
    """A -> D by road; D -> E -> D free of cost and emissions, so going on costs nothing."""
    free = {"cost_per_kg": 0.0, "distance_km": 0, "co2e_g_per_tkm": 0}
    return {
        "hubs": [docs.hub(h, per_kg=0.0) for h in ("A", "D", "E")],
        "services": [
            docs.service("AD-ROAD", "road", "A", "D", [1], cost_per_kg=0.5),
            docs.service("DE-ROAD", "road", "D", "E", [3], **free),
            docs.service("ED-ROAD", "road", "E", "D", [5], **free),
        ],
    }


def test_checker_accepts_a_route_that_leaves_the_destination_and_comes_back(
    docs: SimpleNamespace,
) -> None:
    """planning-io.md lets a route pass a hub more than once when the rules hold, the
    destination included; the last leg ends at the destination and late_h and arrive come from
    it, so such a plan keeps the contract."""
    net = _loop_network(docs)
    ships = docs.shipments_doc([docs.shipment("S1", 300)])
    parsed = parse_network(net)
    plan = plan_to_dict(solve(parsed, parse_shipments(ships, parsed), time_limit_s=5))
    item = plan["shipments"][0]
    assert [leg["service"] for leg in item["legs"]] == ["AD-ROAD"]
    looped = copy.deepcopy(plan)
    target = looped["shipments"][0]
    for sid, a, b, day in (("DE-ROAD", "D", "E", 3), ("ED-ROAD", "E", "D", 5)):
        target["legs"].append(
            {
                "service": sid,
                "mode": "road",
                "from": a,
                "to": b,
                "depart": f"2026-12-{day:02d}T08:00:00Z",
                "arrive": f"2026-12-{day + 1:02d}T08:00:00Z",
                "cost": 0.0,
                "co2e_kg": 0.0,
            }
        )
    target["arrive"] = "2026-12-06T08:00:00Z"
    assert check_plan(net, ships, looped) == []


def test_planned_paths_end_at_the_first_arrival(docs: SimpleNamespace) -> None:
    """The planner's paths (vectorised and scalar sweeps, and the plan) end at the first
    arrival at the destination even when going on and coming back costs nothing more."""
    net = parse_network(_loop_network(docs))
    demand = parse_shipments(docs.shipments_doc([docs.shipment("S1", 300)]), net)
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    prices = base_prices(te, demand.objective.co2e_cost_per_kg)
    first = (te.index()["AD-ROAD", datetime(2026, 12, 1, 8, tzinfo=UTC)],)
    _, paths = cheapest(te, b, prices)
    assert paths == [first]
    assert cheapest_one(te, b, prices, 0)[1] == first
    plan = solve(net, demand, time_limit_s=5)
    assert [g.service for g in plan.shipments[0].legs] == ["AD-ROAD"]
    assert np.isclose(plan.shipments[0].cost, 0.5 * max(300, 300 / 250 * 333))
