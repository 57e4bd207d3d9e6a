"""Story assembly without a database: packing windows, legs, customs, where now, public view."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from warehouse.trace.aggregation import Seen, Window, child_links, children_now, emptied_at
from warehouse.trace.customs import from_events
from warehouse.trace.epc import sgln_urn, sscc_urn
from warehouse.trace.epcis import BizTransaction, EventContext, Party, object_event, steps
from warehouse.trace.epcis.events import biz_transaction_urn
from warehouse.trace.epcis.index import canonical_id
from warehouse.trace.resolver import public_view
from warehouse.trace.story import StoryEvent, TreeNode, assemble, bills_of_lading, legs

T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
GLN = "0614141000012"
PARCEL, CARTON = sscc_urn("006141410000000005", 7), sscc_urn("006141410000000012", 7)
OTHER = sscc_urn("006141410000000029", 7)
_pk = itertools.count(1)


def at(minutes: int, **kw: Any) -> EventContext:
    return EventContext(T0 + dt.timedelta(minutes=minutes), **kw)


def seen(event: dict[str, Any]) -> Seen:
    return Seen.of(next(_pk), "QD-B", event)


def place(code: str) -> str:
    return sgln_urn(GLN, 7, code)


def test_a_child_is_inside_from_packing_until_unpacking() -> None:
    """ADD opens the link, DELETE of that child closes it; a later ADD elsewhere opens another."""
    events = [
        seen(steps.pack(at(0), CARTON, [PARCEL])),
        seen(steps.unpack(at(10), CARTON, [PARCEL])),
        seen(steps.pack(at(20), OTHER, [PARCEL])),
    ]
    links = child_links(canonical_id(PARCEL), events)
    assert [(link.parent, link.window) for link in links] == [
        (canonical_id(CARTON), Window(T0, T0 + dt.timedelta(minutes=10))),
        (canonical_id(OTHER), Window(T0 + dt.timedelta(minutes=20))),
    ]


def test_emptying_a_parent_without_children_closes_every_child() -> None:
    """A DELETE naming no children empties the parent: children_now is empty after it."""
    events = [seen(steps.pack(at(0), CARTON, [PARCEL, OTHER])), seen(steps.unpack(at(5), CARTON))]
    carton = canonical_id(CARTON)
    assert children_now(carton, events[:1]) == sorted([canonical_id(PARCEL), canonical_id(OTHER)])
    assert children_now(carton, events) == []
    assert emptied_at(carton, events, T0) == T0 + dt.timedelta(minutes=5)


def test_windows_meet_and_hold() -> None:
    """[since, until): the start is inside, the end is not; disjoint windows meet in None."""
    a = Window(T0, T0 + dt.timedelta(hours=1))
    assert a.holds(T0) and not a.holds(T0 + dt.timedelta(hours=1))
    assert a.meet(Window(T0 + dt.timedelta(hours=2))) is None
    assert a.meet(Window(None, T0 + dt.timedelta(minutes=30))) == Window(
        T0, T0 + dt.timedelta(minutes=30)
    )


def _ship(minutes: int, src: str, dst: str) -> Seen:
    ctx = at(
        minutes,
        sources=[Party("location", place(src))],
        destinations=[Party("location", place(dst))],
        biz_location=place(src),
    )
    return seen(steps.ship(ctx, [CARTON]))


def test_a_leg_opens_at_shipping_and_closes_at_receiving_with_its_bill_of_lading() -> None:
    """Shipping opens a leg from source to destination, receiving closes it; the bill of
    lading tied before departure belongs to the leg; one untied before does not."""
    bol = biz_transaction_urn(GLN, "BL1")
    old = biz_transaction_urn(GLN, "BL0")
    events = [
        seen(steps.link_transaction(at(0), [CARTON], [BizTransaction(old, "bol")])),
        seen(steps.link_transaction(at(1), [CARTON], [BizTransaction(old, "bol")], "DELETE")),
        seen(steps.link_transaction(at(2), [CARTON], [BizTransaction(bol, "bol")])),
        _ship(10, "QD", "BUSAN"),
        _ship(10, "QD", "BUSAN"),  # the same departure seen through another code
        seen(steps.receive(at(600, biz_location=place("BUSAN")), [CARTON])),
    ]
    [leg] = legs(events)
    assert (leg.source, leg.destination) == (place("QD"), place("BUSAN"))
    assert leg.arrived == T0 + dt.timedelta(minutes=600) and leg.documents == [bol]
    assert bills_of_lading(events, T0 + dt.timedelta(minutes=1)) == []


def test_customs_status_is_the_latest_event_that_says_one() -> None:
    """Inspection pending, then a private release disposition: released, since that event;
    a later shipping event says nothing about customs."""
    records = [
        seen(steps.inspect(at(0), [CARTON], None)).record,
        seen(
            object_event(at(5, disposition="urn:silkhub:disp:customs_released"), epcs=[CARTON])
        ).record,
        _ship(9, "QD", "BUSAN").record,
    ]
    assert from_events(records[:1]).status == "under_inspection"
    status = from_events(records)
    assert status.status == "released" and status.since == T0 + dt.timedelta(minutes=5)
    assert from_events([]).status == "unknown"


def _story() -> Any:
    buyer = {"silk:buyer": {"name": "张小明", "id": "370202199001011234"}}
    parcel_events = [
        seen(
            steps.commission(
                at(0, biz_location=place("IN"), extensions={"silk:origin": "JP"}), [PARCEL]
            )
        ),
        seen(
            steps.link_transaction(
                at(1, extensions=buyer),
                [PARCEL],
                [BizTransaction(biz_transaction_urn(GLN, "WB9"), "po")],
            )
        ),
        seen(steps.pack(at(2), CARTON, [PARCEL])),
    ]
    carton_events = [parcel_events[2], _ship(30, "QD", "BUSAN")]
    items = [StoryEvent(canonical_id(PARCEL), s) for s in parcel_events]
    items += [StoryEvent(canonical_id(CARTON), s) for s in carton_events]
    return assemble(
        canonical_id(PARCEL),
        items,
        [],
        TreeNode(canonical_id(PARCEL)),
        from_events([s.record for s in parcel_events]),
    )


def test_assembly_orders_events_once_each_and_finds_where_now() -> None:
    """An event seen through the subject and its parent appears once, about the subject; the
    latest event in transit gives "on the way to" the open leg's destination."""
    story = _story()
    assert [e.seen.time for e in story.events] == sorted(e.seen.time for e in story.events)
    assert len(story.events) == 4 and story.events[2].about == canonical_id(PARCEL)
    assert story.now is not None and story.now.in_transit_to == place("BUSAN")
    assert story.origin_country == "JP" and story.origin.location == place("IN")


def test_the_public_view_holds_no_personal_data_or_documents() -> None:
    """Names, IDs and order or waybill numbers never reach the public view."""
    view = repr(public_view(_story()))
    for secret in ("张小明", "370202199001011234", "WB9", "silk:buyer"):
        assert secret not in view
    assert "GLN 0614141000012 / BUSAN" in view and "JP" in view
