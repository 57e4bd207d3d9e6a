"""Plan jobs on the in-process worker: 202 + Location, progress while running, a checked plan."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient

from routing.check import check_plan
from routing.generate import generate
from routing.shipments import shipments_to_dict
from tests.integration.conftest import TokenFor, bearer
from tests.integration.planning.multimodal_data import network, shipments, wait_for
from warehouse.access.roles import Role
from warehouse.multimodal.inputs import seed_document, seed_network


def seed_shipments(n: int = 5, seed: int = 1) -> dict[str, Any]:
    _, demand = generate(seed_network()[0], n, seed=seed)
    return shipments_to_dict(demand)


def test_a_plan_job_runs_to_done_with_progress_visible(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A job answers 202 with a Location, shows progress while running, ends with a plan that
    passes routing.check's independent checker."""
    headers = bearer(token_for(Role.DISPATCHER))
    docs = seed_shipments()
    response = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": "seed", "shipments": docs, "time_limit_s": 2},
    )
    assert response.status_code == 202, response.json
    assert response.json["status"] == "queued"
    job, seen = wait_for(client, response.headers["Location"], headers)
    assert job["status"] == "done", job["error"]
    running = [s for s in seen if s["status"] == "running" and s["progress"]]
    assert running, [s["status"] for s in seen]
    assert running[0]["progress"]["incumbent"] is not None
    assert check_plan(seed_document(), docs, job["plan"]) == []
    assert job["progress"]["incumbent"] == job["plan"]["objective"]


def test_an_unreachable_shipment_is_unplanned_no_route(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A shipment to a hub no service reaches is unplanned with reason NO_ROUTE, not an error."""
    headers = bearer(token_for(Role.SUPERVISOR))
    response = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": network(), "shipments": shipments(), "time_limit_s": 1},
    )
    job, _ = wait_for(client, response.headers["Location"], headers)
    by_id = {s["id"]: s for s in job["plan"]["shipments"]}
    assert by_id["SH-4"]["status"] == "unplanned" and by_id["SH-4"]["reason"] == "NO_ROUTE"
    assert check_plan(network(), shipments(), job["plan"]) == []


def broken_network() -> dict[str, Any]:
    doc = network()
    doc["services"][0]["from"] = "NOWHERE"
    doc["services"][1]["departures"] = ["2026-12-04T08:00:00Z", "2026-12-02T08:00:00Z"]
    doc["services"][2]["capacity_kg"] = -5
    return doc


def test_input_breaking_the_contract_is_422_with_every_issue(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """Unknown hubs, departures out of order, negative capacities, unknown shipment hubs: one
    422 E_CONTRACT listing each with its place in the body; no job is stored."""
    headers = bearer(token_for(Role.DISPATCHER))
    bad_shipments = shipments()
    bad_shipments["shipments"][0]["origin"] = "MOON"
    response = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": broken_network(), "shipments": bad_shipments},
    )
    assert response.status_code == 422
    assert response.json["code"] == "E_CONTRACT"
    found = {(i["code"], i["path"]) for i in response.json["issues"]}
    assert ("UNKNOWN_HUB", "network.services[0].from") in found
    assert ("DEPARTURES_NOT_SORTED", "network.services[1].departures[1]") in found
    assert any(path == "network.services[2].capacity_kg" for _, path in found)
    assert client.get("/api/v1/plans", headers=headers).json["items"] == []


def test_shipments_naming_unknown_hubs_are_refused(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """On a valid network, a shipment from an unknown hub is a 422 naming shipments[i].origin."""
    headers = bearer(token_for(Role.DISPATCHER))
    docs = shipments()
    docs["shipments"][2]["origin"] = "MOON"
    response = client.post(
        "/api/v1/plans", headers=headers, json={"network": network(), "shipments": docs}
    )
    assert response.status_code == 422
    assert {
        "code": "UNKNOWN_HUB",
        "path": "shipments.shipments[2].origin",
        "message": "unknown hub MOON",
    } in response.json["issues"]


def test_network_is_a_document_or_seed_and_time_limit_is_bounded(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """ "network" other than a document or "seed" is BAD_NETWORK; time_limit_s outside 1..600
    is a 422 naming the field; a body that is no JSON is a 4xx, never a 500."""
    headers = bearer(token_for(Role.DISPATCHER))
    moon = client.post(
        "/api/v1/plans", headers=headers, json={"network": "moon", "shipments": shipments()}
    )
    assert moon.status_code == 422 and moon.json["issues"][0]["code"] == "BAD_NETWORK"
    for limit in (0, 601):
        slow = client.post(
            "/api/v1/plans",
            headers=headers,
            json={"network": "seed", "shipments": shipments(), "time_limit_s": limit},
        )
        assert slow.status_code == 422 and slow.json["errors"][0]["field"] == "time_limit_s"
    junk = client.post(
        "/api/v1/plans", headers=headers, data="{no", content_type="application/json"
    )
    assert 400 <= junk.status_code < 500
    garbage = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": {"hubs": 3}, "shipments": {"shipments": [7]}},
    )
    assert garbage.status_code == 422 and garbage.json["issues"]


def test_jobs_are_listed_in_pages_without_their_plans(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """GET /plans pages the jobs by id with a cursor; items carry status, not the plan."""
    headers = bearer(token_for(Role.DISPATCHER))
    body = {"network": network(), "shipments": shipments(), "time_limit_s": 1}
    urls = [
        client.post("/api/v1/plans", headers=headers, json=body).headers["Location"]
        for _ in range(3)
    ]
    for url in urls:
        wait_for(client, url, headers)
    first = client.get("/api/v1/plans?limit=2", headers=headers).json
    assert len(first["items"]) == 2 and first["next"]
    rest = client.get(f"/api/v1/plans?limit=2&cursor={first['next']}", headers=headers).json
    assert len(rest["items"]) == 1 and rest["next"] is None
    assert "plan" not in first["items"][0] and first["items"][0]["status"] == "done"
    assert client.get("/api/v1/plans/999999", headers=headers).status_code == 404


def test_warehouse_staff_may_not_plan(client: FlaskClient, token_for: TokenFor) -> None:
    """Planning, quoting and bills of lading are for dispatchers: a warehouse user gets 403."""
    headers = bearer(token_for(Role.WAREHOUSE))
    body = {"network": network(), "shipments": shipments()}
    assert client.post("/api/v1/plans", headers=headers, json=body).status_code == 403
    assert client.get("/api/v1/plans", headers=headers).status_code == 403
    assert client.post("/api/v1/quotes", headers=headers, json={"shipment": {}}).status_code == 403
    assert (
        client.get("/api/v1/bills-of-lading/SHK-MTD-2026-000001", headers=headers).status_code
        == 403
    )
    assert json.loads(client.post("/api/v1/plans", json=body).data)["status"] == 401
