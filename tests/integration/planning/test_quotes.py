"""Quick quote: the Pareto set over cost, arrival and CO2e for one shipment, with its legs."""

from __future__ import annotations

import itertools
from typing import Any

from flask.testing import FlaskClient

from tests.integration.conftest import TokenFor, bearer
from tests.integration.planning.multimodal_data import network, shipments
from warehouse.access.roles import Role

SEED_SHIPMENT = {
    "origin": "CNTAO-BZ",
    "destination": "DEDUI-OW",
    "ready": "2026-12-01T00:00:00Z",
    "due": "2026-12-30T00:00:00Z",
    "weight_kg": 1200,
    "volume_m3": 6.5,
}


def dominated(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """b is no worse than a in all three criteria and better in one."""
    keys = ("cost", "arrive", "co2e_kg")
    return all(b[k] <= a[k] for k in keys) and any(b[k] < a[k] for k in keys)


def check_options(options: list[dict[str, Any]], origin: str, destination: str) -> None:
    for option in options:
        assert not any(dominated(option, other) for other in options)
        legs = option["legs"]
        assert legs[0]["from"] == origin and legs[-1]["to"] == destination
        assert all(
            a["to"] == b["from"] and a["arrive"] <= b["depart"] for a, b in itertools.pairwise(legs)
        )
        assert option["cost"] >= sum(g["cost"] for g in legs) - 1e-6
        assert abs(option["co2e_kg"] - sum(g["co2e_kg"] for g in legs)) < 1e-6
        assert option["arrive"] == legs[-1]["arrive"]


def test_a_quote_on_the_seed_network_is_a_pareto_set(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """Qingdao bonded zone to the Duisburg warehouse: several options, none dominated, each a
    chain of legs from origin to destination; cheapest, fastest and greenest are tagged."""
    headers = bearer(token_for(Role.DISPATCHER))
    response = client.post("/api/v1/quotes", headers=headers, json={"shipment": SEED_SHIPMENT})
    assert response.status_code == 200, response.json
    options = response.json["options"]
    assert len(options) >= 2 and response.json["network"] == "seed"
    check_options(options, "CNTAO-BZ", "DEDUI-OW")
    tags = {t for o in options for t in o["tags"]}
    assert tags == {"cheapest", "fastest", "greenest"}
    assert "cheapest" in options[0]["tags"]


def test_a_quote_on_a_given_network_and_without_a_route(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """On a given network A -> D offers the slow cheap sea and the fast air option; a hub no
    service reaches gives no options and reason NO_ROUTE (not an error)."""
    headers = bearer(token_for(Role.SUPERVISOR))
    sh1, _, _, sh4 = shipments()["shipments"]
    quote = client.post(
        "/api/v1/quotes", headers=headers, json={"network": network(), "shipment": sh1}
    ).json
    check_options(quote["options"], "A", "D")
    modes = {tuple(g["mode"] for g in o["legs"]) for o in quote["options"]}
    assert ("road", "sea") in modes and ("road", "air") in modes
    none = client.post(
        "/api/v1/quotes", headers=headers, json={"network": network(), "shipment": sh4}
    ).json
    assert none["options"] == [] and none["reason"] == "NO_ROUTE"


def test_a_bad_shipment_is_refused_with_the_place(client: FlaskClient, token_for: TokenFor) -> None:
    """Missing weight, an unknown hub, same origin and destination: 422 listing each."""
    headers = bearer(token_for(Role.DISPATCHER))
    bad = {**SEED_SHIPMENT, "origin": "MOON"}
    del bad["weight_kg"]
    response = client.post("/api/v1/quotes", headers=headers, json={"shipment": bad})
    assert response.status_code == 422
    found = {(i["code"], i["path"]) for i in response.json["issues"]}
    assert ("MISSING_FIELD", "shipment.weight_kg") in found
    same = {**SEED_SHIPMENT, "destination": "CNTAO-BZ"}
    again = client.post("/api/v1/quotes", headers=headers, json={"shipment": same})
    assert again.status_code == 422
    assert again.json["issues"][0]["code"] == "SAME_ORIGIN_DESTINATION"
    broken = client.post(
        "/api/v1/quotes", headers=headers, json={"network": {"hubs": []}, "shipment": SEED_SHIPMENT}
    )
    assert broken.status_code == 422 and broken.json["issues"][0]["path"].startswith("network")
