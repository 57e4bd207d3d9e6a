"""Pure rules of multimodal dispatch: leg status moves, document numbers, JSON safety."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from routing.errors import Issue
from warehouse.errors import Conflict
from warehouse.multimodal import legstatus, numbering
from warehouse.multimodal.bills import money
from warehouse.multimodal.bills_follow import delayed_departure
from warehouse.multimodal.inputs import issue_dicts
from warehouse.multimodal.jobs import json_safe, progress_doc
from warehouse.multimodal.legstatus import LegState, bill_status, check_move

T0 = datetime(2026, 12, 1, 8, tzinfo=UTC)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("booked", "departed"),
        ("booked", "delayed"),
        ("delayed", "departed"),
        ("delayed", "booked"),
        ("rebooked", "departed"),
        ("departed", "arrived"),
    ],
)
def test_allowed_moves(old: str, new: str) -> None:
    """A leg moves forward: booked/rebooked/delayed -> departed, departed -> arrived."""
    check_move(LegState(old, T0), new, T0, None)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("booked", "arrived"),
        ("arrived", "departed"),
        ("departed", "delayed"),
        ("departed", "booked"),
        ("arrived", "arrived"),
    ],
)
def test_refused_moves(old: str, new: str) -> None:
    """No skipping departure, no going back after departing or arriving: E_LEG_STATUS."""
    with pytest.raises(Conflict) as caught:
        check_move(LegState(old, T0), new, T0, None)
    assert caught.value.code == "E_LEG_STATUS"


def test_a_leg_departs_after_the_previous_arrived_and_arrives_after_departing() -> None:
    """E_LEG_ORDER while the leg before has not arrived; E_LEG_TIME for arriving too early."""
    with pytest.raises(Conflict, match="before it arrived"):
        check_move(LegState("booked"), "departed", T0, LegState("departed", T0))
    check_move(LegState("booked"), "departed", T0, LegState("arrived", T0))
    with pytest.raises(Conflict) as caught:
        check_move(LegState("departed", T0), "arrived", T0.replace(hour=7), None)
    assert caught.value.code == "E_LEG_TIME"


def test_the_bill_status_follows_its_legs() -> None:
    """issued until a leg departs, in_transit until the last leg arrived, then delivered."""
    assert bill_status(["booked", "delayed"]) == "issued"
    assert bill_status(["arrived", "booked"]) == "in_transit"
    assert bill_status(["arrived", "arrived"]) == "delivered"
    assert legstatus.REPORTABLE == ("booked", "departed", "arrived", "delayed")


def test_document_numbers_and_ginc() -> None:
    """SHK-MTD-<year>-<6-digit serial>; GINC = company prefix + serial, unique past 999999."""
    assert numbering.document_number(1, T0) == "SHK-MTD-2026-000001"
    assert numbering.ginc("0614141", 42) == "0614141000042"
    assert numbering.ginc("0614141", 1_000_000) == "06141411000000"
    assert len(numbering.ginc("0614141", 10**9)) <= 30


def test_money_rounds_half_up_to_the_fen() -> None:
    """The total charge is the plan's cost rounded half up to 0.01 CNY."""
    assert str(money(1064.6153846153848)) == "1064.62"
    assert str(money(0.125)) == "0.13"


def test_infinite_numbers_become_null() -> None:
    """Progress before a bound is known, and any plan number, never store Infinity."""
    doc = progress_doc(10.0, -math.inf, math.inf, 0.2)
    assert doc["bound"] is None and doc["gap"] is None and doc["updated_at"].endswith("Z")
    assert json_safe({"a": [1.0, math.nan], "b": "x"}) == {"a": [1.0, None], "b": "x"}


def test_issue_paths_are_prefixed_with_the_body_field() -> None:
    """Contract issues name their place inside the request body."""
    issues = issue_dicts(
        [
            Issue("UNKNOWN_HUB", "services[0].from", "unknown hub X"),
            Issue("MISSING_FIELD", "", "no hubs"),
        ],
        "network",
    )
    assert [i["path"] for i in issues] == ["network.services[0].from", "network"]


def test_the_delayed_departure_of_an_event() -> None:
    """delay_departure names the service and its new time; other events none."""
    event = {
        "kind": "delay_departure",
        "service": "S",
        "depart": "2026-12-01T08:00:00Z",
        "delay_h": 2.5,
    }
    assert delayed_departure(event) == ("S", "2026-12-01T10:30:00Z")
    assert delayed_departure({"kind": "close_hub"}) is None
