"""Quick quotes (Pareto options) and disruptions (only affected shipments move)."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest

from routing import timeexpanded as tx
from routing.check import check_plan
from routing.disruption import (
    CancelDeparture,
    CloseHub,
    DelayDeparture,
    DepartureLeft,
    Disruption,
    apply,
    replan,
)
from routing.generate import generate
from routing.network import network_to_dict, parse_network
from routing.optimizer import solve
from routing.plan import Plan, plan_to_dict
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


def _two_leg(plan: Plan) -> tuple[str, tuple[tuple[str, datetime], ...]]:
    return next((sid, r) for sid, r in sorted(plan.routes().items()) if len(r) >= 2)


def _solved_by_rail(docs: SimpleNamespace) -> tuple:
    """Shipments due on 6 December with dear lateness: rail through C is on time and the
    cheapest; were the second train lost, air through B would be next from A."""
    due = "2026-12-06T00:00:00Z"
    items = [docs.shipment(f"S{i}", 150 + 50 * i, due=due) for i in range(4)]
    net = parse_network(docs.small_network())
    doc = docs.shipments_doc(items)
    doc["objective"]["late_cost_per_kg_h"] = 0.5
    demand = parse_shipments(doc, net)
    return net, demand, solve(net, demand, time_limit_s=3)


def test_a_shipment_under_way_is_replanned_from_where_it_is(docs: SimpleNamespace) -> None:
    """With ``now`` between a shipment's first leg and its cancelled second one, its first leg
    stays and the re-plan continues from the hub it reaches; the plan passes the checker."""
    net, demand, plan = _solved_by_rail(docs)
    sid, route = _two_leg(plan)
    (first, first_at), lost = route[0], route[1]
    now = first_at + timedelta(hours=1)
    new, changed = replan(net, demand, plan, CancelDeparture(*lost), time_limit_s=3, now=now)
    after, _removed = apply(net, CancelDeparture(*lost), now)
    by_id = {s.id: s for s in new.shipments}
    assert sid in changed and by_id[sid].planned
    assert new.routes()[sid][0] == (first, first_at)
    assert lost not in new.routes()[sid]
    for other, legs in plan.routes().items():
        if lost not in legs:
            assert new.routes()[other] == legs
    assert check_plan(network_to_dict(after), shipments_to_dict(demand), plan_to_dict(new)) == []


def test_a_departure_that_has_left_cannot_be_cancelled(docs: SimpleNamespace) -> None:
    """Cancelling or delaying a departure that left before ``now`` is refused."""
    net, demand, plan = _solved_by_rail(docs)
    _sid, route = _two_leg(plan)
    service, depart = route[0]
    for event in (CancelDeparture(service, depart), DelayDeparture(service, depart, 5)):
        with pytest.raises(DepartureLeft):
            replan(net, demand, plan, event, now=depart + timedelta(minutes=1))


def test_a_closed_hub_still_receives_what_is_under_way(docs: SimpleNamespace) -> None:
    """Closing a hub at ``now`` takes away departures leaving or arriving there later, but
    not those that left before ``now``."""
    net, _demand, plan = _solved_by_rail(docs)
    _sid, route = _two_leg(plan)
    service, depart = route[0]
    hub = net.services[service].destination
    now = depart + timedelta(minutes=1)
    _after, removed = apply(net, CloseHub(hub, now), now)
    assert (service, depart) not in removed
    assert removed and all(t >= now for _s, t in removed)
