"""Quick quotes (Pareto options) and disruptions (only affected shipments move)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from types import SimpleNamespace

from routing import timeexpanded as tx
from routing.check import check_plan
from routing.disruption import (
    CancelDeparture,
    CloseHub,
    DelayDeparture,
    Disruption,
    apply,
    replan,
)
from routing.generate import generate
from routing.network import network_to_dict, parse_network
from routing.optimizer import solve
from routing.plan import plan_to_dict
from routing.quote import quote
from routing.shipments import parse_shipments, shipments_to_dict


def test_quote_options_are_pareto_optimal(docs: SimpleNamespace) -> None:
    """No quoted option is at least as good as another in cost, arrival and CO2e."""
    net = parse_network(docs.small_network())
    ship = parse_shipments(docs.shipments_doc([docs.shipment("S1", 300)])).shipments[0]
    options = quote(net, ship)
    assert len(options) >= 2
    for a in options:
        for b in options:
            if a is not b:
                assert not (a.cost <= b.cost and a.arrive <= b.arrive and a.co2e_kg <= b.co2e_kg)
    assert options == sorted(options, key=lambda o: o.cost)


def test_quotes_on_the_seed_network_run_from_origin_to_destination(seed_doc: dict) -> None:
    """Every quoted option on the seed network leaves from the shipment's origin, ends at its
    destination and chains its legs in time (how fast quoting is: bench/quote.py)."""
    net = parse_network(seed_doc)
    te = tx.build(net)
    _, demand = generate(net, 5, seed=3)
    for ship in demand.shipments:
        options = quote(net, ship, te)
        assert options
        for option in options:
            assert option.legs[0].origin == ship.origin
            assert option.legs[-1].destination == ship.destination
            for before, after in zip(option.legs, option.legs[1:], strict=False):
                assert before.destination == after.origin
                assert before.arrive <= after.depart


def _solved(docs: SimpleNamespace, n: int) -> tuple:
    net_doc = docs.small_network()
    ship_doc = docs.shipments_doc([docs.shipment(f"S{i}", 100 + 40 * i) for i in range(n)])
    net = parse_network(net_doc)
    demand = parse_shipments(ship_doc, net)
    return net, demand, solve(net, demand, time_limit_s=3)


def test_disruption_keeps_unaffected_legs(docs: SimpleNamespace) -> None:
    """Cancel, delay or close: shipments not on the lost departures keep their legs, no leg
    uses a lost departure, and the re-plan passes the checker."""
    net, demand, plan = _solved(docs, 8)
    busiest = Counter(k for r in plan.routes().values() for k in r).most_common(1)[0][0]
    events: list[Disruption] = [
        CancelDeparture(*busiest),
        DelayDeparture(busiest[0], busiest[1], 30),
        CloseHub("B", datetime(2026, 12, 3, tzinfo=UTC)),
    ]
    for event in events:
        new, changed = replan(net, demand, plan, event, time_limit_s=3)
        after, removed = apply(net, event)
        old_routes, new_routes = plan.routes(), new.routes()
        hit = {s for s, r in old_routes.items() if any(k in removed for k in r)}
        assert set(changed) <= hit
        for sid, route in old_routes.items():
            if sid not in hit:
                assert new_routes[sid] == route
        assert not any(k in removed for r in new_routes.values() for k in r)
        assert (
            check_plan(network_to_dict(after), shipments_to_dict(demand), plan_to_dict(new)) == []
        )
