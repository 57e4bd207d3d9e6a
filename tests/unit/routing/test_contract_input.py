"""Parsing and validation of the network and shipments files (bad input is refused clearly)."""

from __future__ import annotations

import copy
from types import SimpleNamespace

import pytest

from routing.errors import ContractError
from routing.network import parse_network
from routing.shipments import parse_shipments


def codes(exc: pytest.ExceptionInfo[ContractError]) -> list[str]:
    return [i.code for i in exc.value.issues]


def test_small_network_parses(docs: SimpleNamespace) -> None:
    """A valid network gives frozen hubs and services with every departure."""
    net = parse_network(docs.small_network())
    assert set(net.hubs) == {"A", "B", "C", "D", "E"}
    assert len(net.departures()) == 19
    assert net.services["AB-ROAD"].cargo == frozenset({"general", "cold"})


def test_unknown_hub_is_refused_with_its_path(docs: SimpleNamespace) -> None:
    """A service to a hub the network does not list is UNKNOWN_HUB at services[i].to."""
    doc = docs.small_network()
    doc["services"][1]["to"] = "NOWHERE"
    with pytest.raises(ContractError) as exc:
        parse_network(doc)
    assert exc.value.code == "UNKNOWN_HUB"
    assert exc.value.path == "services[1].to"


def test_unsorted_departures_are_refused(docs: SimpleNamespace) -> None:
    """Departures must be strictly increasing: DEPARTURES_NOT_SORTED at the offending index."""
    doc = docs.small_network()
    doc["services"][0]["departures"] = ["2026-12-02T08:00:00Z", "2026-12-01T08:00:00Z"]
    with pytest.raises(ContractError) as exc:
        parse_network(doc)
    assert exc.value.code == "DEPARTURES_NOT_SORTED"
    assert exc.value.path == "services[0].departures[1]"


def test_negative_capacity_is_refused(docs: SimpleNamespace) -> None:
    """A negative capacity_kg is NEGATIVE_CAPACITY."""
    doc = docs.small_network()
    doc["services"][2]["capacity_kg"] = -5
    with pytest.raises(ContractError) as exc:
        parse_network(doc)
    assert codes(exc) == ["NEGATIVE_CAPACITY"]


def test_all_issues_are_listed_in_one_error(docs: SimpleNamespace) -> None:
    """Several broken rules come back together, each with a code and a path."""
    doc = docs.small_network()
    doc["services"][0]["from"] = "X"
    doc["services"][3]["departures"] = ["not a time"]
    del doc["services"][4]["transit_h"]
    with pytest.raises(ContractError) as exc:
        parse_network(doc)
    assert codes(exc) == ["UNKNOWN_HUB", "BAD_TIME", "MISSING_FIELD"]
    assert "services[4].transit_h" in str(exc.value)


def test_shipment_with_same_origin_and_destination_is_refused(docs: SimpleNamespace) -> None:
    """A shipment whose origin equals its destination is SAME_ORIGIN_DESTINATION."""
    doc = docs.shipments_doc([docs.shipment("S1", destination="A")])
    with pytest.raises(ContractError) as exc:
        parse_shipments(doc)
    assert exc.value.code == "SAME_ORIGIN_DESTINATION"


def test_shipment_hubs_are_checked_against_the_network(docs: SimpleNamespace) -> None:
    """With a network, a shipment to an unknown hub is UNKNOWN_HUB."""
    net = parse_network(docs.small_network())
    doc = docs.shipments_doc([docs.shipment("S1", destination="ZZ")])
    with pytest.raises(ContractError) as exc:
        parse_shipments(doc, net)
    assert exc.value.path == "shipments[0].destination"


def test_missing_cargo_means_general_and_bad_types_are_refused(docs: SimpleNamespace) -> None:
    """A missing cargo is general; a string weight is BAD_TYPE."""
    item = docs.shipment("S1")
    del item["cargo"]
    assert parse_shipments(docs.shipments_doc([item])).shipments[0].cargo == "general"
    bad = copy.deepcopy(item)
    bad["weight_kg"] = "12"
    with pytest.raises(ContractError) as exc:
        parse_shipments(docs.shipments_doc([bad]))
    assert exc.value.code == "BAD_TYPE"


def test_seed_network_covers_the_corridors(docs: SimpleNamespace, seed_doc: dict) -> None:
    """The seed network has 40+ hubs, 150+ services over all four modes, and its sources."""
    net = parse_network(seed_doc)
    assert len(net.hubs) >= 40
    assert len(net.services) >= 150
    assert {s.mode for s in net.services.values()} == {"air", "rail", "sea", "road"}
    assert "emission_intensities" in seed_doc["sources"]
    for hub in (
        "CNTAO-SEA",
        "CNTAO-AIR",
        "CNTAO-RAIL",
        "CNCGO-RAIL",
        "CNYNJ-AIR",
        "RUZAR-SEA",
        "DEHAM-RAIL",
        "VNHAN-RAIL",
        "USLAX-SEA",
        "KZALA-OW",
        "CNTAO-BZ",
    ):
        assert hub in net.hubs
