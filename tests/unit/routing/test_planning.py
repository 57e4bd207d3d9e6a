"""The planner on small networks: contract rules, bounds, reasons, and the independent checker."""

from __future__ import annotations

import copy
from types import SimpleNamespace
from typing import Any

from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from routing import timeexpanded as tx
from routing.check import check_plan
from routing.colgen import routes_objective
from routing.greedy import greedy_routes
from routing.network import parse_network
from routing.optimizer import solve
from routing.plan import plan_to_dict
from routing.shipments import parse_shipments


def plan_doc(net_doc: dict, ship_doc: dict, limit: float = 5.0) -> dict[str, Any]:
    net = parse_network(net_doc)
    return plan_to_dict(solve(net, parse_shipments(ship_doc, net), time_limit_s=limit))


def test_plan_passes_the_independent_checker(docs: SimpleNamespace) -> None:
    """Every leg departs at a listed departure, from where the previous leg arrived, no earlier
    than arrival plus handling_h, within capacity, with costs recomputed within 1e-6."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment(f"S{i}", 200 + 50 * i) for i in range(8)])
    plan = plan_doc(net, ships)
    assert check_plan(net, ships, plan) == []
    assert plan["lower_bound"] <= plan["objective"]


def test_small_instance_is_proven_optimal(docs: SimpleNamespace) -> None:
    """On a tiny instance column generation closes the gap: status optimal within 1e-6."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment("S1", 300), docs.shipment("S2", 200)])
    plan = plan_doc(net, ships)
    assert plan["status"] == "optimal"
    assert plan["objective"] - plan["lower_bound"] <= 1e-6 * plan["objective"]


def test_no_route_is_unplanned_with_reason_and_zeroes(docs: SimpleNamespace) -> None:
    """A shipment no chain of services can reach is unplanned NO_ROUTE with legs [] and 0s."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment("S1", destination="E")])
    item = plan_doc(net, ships)["shipments"][0]
    assert (item["status"], item["reason"], item["legs"]) == ("unplanned", "NO_ROUTE", [])
    assert item["cost"] == item["co2e_kg"] == item["late_h"] == 0


def test_cargo_class_is_respected(docs: SimpleNamespace) -> None:
    """A dg shipment only boards services listing dg; none reaches D here: CARGO_CLASS."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment("S1", cargo="dg")])
    item = plan_doc(net, ships)["shipments"][0]
    assert item["reason"] == "CARGO_CLASS"


def test_fixed_cost_is_shared_by_chargeable_weight(docs: SimpleNamespace) -> None:
    """cost_fixed is paid once per departure and split in proportion to chargeable weight."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment(f"S{i}", 900) for i in range(3)])
    plan = plan_doc(net, ships)
    shares: dict[str, float] = {}
    for item in plan["shipments"]:
        for leg in item["legs"]:
            if leg["service"] == "AD-FTL":
                freight = 0.05 * max(900, 900 / 250 * 333)
                shares[leg["depart"]] = shares.get(leg["depart"], 0.0) + leg["cost"] - freight
    assert shares and all(abs(v - 1500) < 1e-6 for v in shares.values())


def test_checker_finds_broken_rules(docs: SimpleNamespace) -> None:
    """The checker reports a leg leaving before handling, an unlisted departure, a capacity
    overflow and a wrong objective."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment("S1", 300)])
    plan = plan_doc(net, ships)
    bad = copy.deepcopy(plan)
    bad["objective"] += 10
    bad["shipments"][0]["legs"][0]["depart"] = "2026-12-01T09:00:00Z"
    rules = {v.rule for v in check_plan(net, ships, bad)}
    assert {"OBJECTIVE", "DEPARTURE_LISTED"} <= rules
    small = copy.deepcopy(net)
    for svc in small["services"]:
        svc["capacity_kg"] = 10
    assert "CAPACITY_KG" in {v.rule for v in check_plan(small, ships, plan)}


def test_same_seed_same_plan(docs: SimpleNamespace) -> None:
    """Solving twice with the same seed gives the same routes and objective."""
    net = docs.small_network()
    ships = docs.shipments_doc([docs.shipment(f"S{i}", 150 * (i + 1)) for i in range(6)])
    first, second = plan_doc(net, ships), plan_doc(net, ships)
    assert first["objective"] == second["objective"]
    assert [s["legs"] for s in first["shipments"]] == [s["legs"] for s in second["shipments"]]


shipment_lists = st.lists(
    st.tuples(
        st.integers(50, 1500),
        st.integers(0, 3),
        st.sampled_from(["general", "cold"]),
        st.integers(2, 12),
    ),
    min_size=1,
    max_size=8,
)


@seed(20261201)
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(shipment_lists)
def test_property_plans_are_valid_bounded_and_beat_greedy(
    docs: SimpleNamespace, items: list[tuple[int, int, str, int]]
) -> None:
    """Every plan the optimizer writes passes the checker, lower_bound <= objective, and it is
    never worse than the greedy baseline on the same instance."""
    net_doc = docs.small_network()
    ship_doc = docs.shipments_doc(
        [
            docs.shipment(
                f"S{i}",
                w,
                ready=f"2026-12-0{1 + r}T00:00:00Z",
                cargo=c,
                due=f"2026-12-{3 + d:02d}T00:00:00Z",
            )
            for i, (w, r, c, d) in enumerate(items)
        ]
    )
    net = parse_network(net_doc)
    demand = parse_shipments(ship_doc, net)
    plan = solve(net, demand, time_limit_s=3)
    assert check_plan(net_doc, ship_doc, plan_to_dict(plan)) == []
    assert plan.lower_bound <= plan.objective
    te = tx.build(net)
    b = tx.batch(te, demand.shipments, demand.objective)
    greedy = routes_objective(te, b, greedy_routes(te, b, 0.1), 0.1)
    assert plan.objective <= greedy * (1 + 1e-9)
