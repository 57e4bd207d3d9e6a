"""Disruptions re-plan only the shipments they hit; bills of lading follow with an audit."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient

from routing.check import check_plan
from tests.integration.conftest import TokenFor, bearer
from tests.integration.planning.bol_helpers import audit_actions, done_plan, issue, plan_item
from tests.integration.planning.multimodal_data import network, shipments, wait_for
from warehouse.access.roles import Role

LEG_KEYS = ("service", "mode", "from", "to", "depart", "arrive")


def route(item: dict[str, Any]) -> list[dict[str, Any]]:
    return [{k: g[k] for k in LEG_KEYS} for g in item["legs"]]


def without(service: str, depart: str) -> dict[str, Any]:
    doc = network()
    for svc in doc["services"]:
        if svc["id"] == service:
            svc["departures"] = [t for t in svc["departures"] if t != depart]
    return doc


def disrupt(
    client: FlaskClient, headers: dict[str, str], job_id: int, body: dict[str, Any]
) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/plans/{job_id}/disruptions", headers=headers, json={"time_limit_s": 2, **body}
    )
    assert response.status_code == 202, response.json
    job, _ = wait_for(client, response.headers["Location"], headers)
    assert job["status"] == "done", job["error"]
    return job


def test_a_cancelled_departure_replans_only_the_shipments_on_it(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """Cancelling a departure re-plans the shipments booked on it (listed as changed) into a new
    job linked to the old; every other shipment keeps identical legs; the new plan passes the
    checker on the network without that departure; the bill of a changed shipment gets the new
    legs (re-booked) with an audit record, the bill of a kept one keeps its legs."""
    headers = bearer(token_for(Role.DISPATCHER))
    old = done_plan(client, headers)
    hit_leg = plan_item(old, "SH-1")["legs"][0]
    bill_hit = issue(client, headers, old["id"], "SH-1").json
    new = disrupt(
        client,
        headers,
        old["id"],
        {"kind": "cancel_departure", "service": hit_leg["service"], "depart": hit_leg["depart"]},
    )
    assert new["parent_id"] == old["id"] and new["kind"] == "replan"
    assert "SH-1" in new["changed"]
    for item in old["plan"]["shipments"]:
        uses = any(
            (g["service"], g["depart"]) == (hit_leg["service"], hit_leg["depart"])
            for g in item["legs"]
        )
        assert uses == (item["id"] in new["changed"])
        if not uses:
            assert route(plan_item(new, item["id"])) == route(item), item["id"]
    after = without(hit_leg["service"], hit_leg["depart"])
    assert check_plan(after, shipments(), new["plan"]) == []
    bill = client.get(f"/api/v1/bills-of-lading/{bill_hit['number']}", headers=headers).json
    assert bill["plan_job_id"] == new["id"]
    assert [{k: g[k] for k in LEG_KEYS} for g in bill["legs"]] == route(plan_item(new, "SH-1"))
    assert "rebooked" in {g["status"] for g in bill["legs"]}
    assert bill["freight_amount"] == bill_hit["freight_amount"]
    assert "bol.rebooked" in audit_actions(app, bill["number"])
    assert "plan.disrupted" in audit_actions(app, str(old["id"]))


def test_a_delayed_departure_marks_the_leg_delayed(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A departure delayed by 2 h that the re-plan keeps shows on the bill as the same service,
    two hours later, with status delayed."""
    headers = bearer(token_for(Role.DISPATCHER))
    old = done_plan(client, headers)
    leg = plan_item(old, "SH-3")["legs"][0]
    bill = issue(client, headers, old["id"], "SH-3").json
    new = disrupt(
        client,
        headers,
        old["id"],
        {
            "kind": "delay_departure",
            "delay_h": 2,
            "service": leg["service"],
            "depart": leg["depart"],
        },
    )
    moved = plan_item(new, "SH-3")["legs"][0]
    after = client.get(f"/api/v1/bills-of-lading/{bill['number']}", headers=headers).json
    assert (moved["service"], moved["depart"]) == (leg["service"], "2026-12-01T10:00:00Z")
    assert after["legs"][0]["depart"] == moved["depart"]
    assert after["legs"][0]["status"] == "delayed"


def test_a_closed_hub_replans_everyone_through_it(client: FlaskClient, token_for: TokenFor) -> None:
    """Closing hub B re-plans the shipments routed through B; no new leg touches B after the
    closing time, and the plan still passes the checker on the network after the closure."""
    headers = bearer(token_for(Role.DISPATCHER))
    old = done_plan(client, headers)
    new = disrupt(
        client,
        headers,
        old["id"],
        {"kind": "close_hub", "hub": "B", "from": "2026-11-30T00:00:00Z"},
    )
    through_b = {
        s["id"]
        for s in old["plan"]["shipments"]
        if any("B" in (g["from"], g["to"]) for g in s["legs"])
    }
    assert set(new["changed"]) == through_b
    for item in new["plan"]["shipments"]:
        assert all("B" not in (g["from"], g["to"]) for g in item["legs"])


def test_a_shipment_under_way_keeps_the_legs_it_is_on(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """With ``now`` after a shipment's first leg left, cancelling its second leg keeps the
    first (the goods are on it) and re-plans from where it arrives; the job records ``now``
    and the new plan passes the checker."""
    headers = bearer(token_for(Role.DISPATCHER))
    old = done_plan(client, headers)
    sid, legs = next((i["id"], i["legs"]) for i in old["plan"]["shipments"] if len(i["legs"]) >= 2)
    now = legs[0]["depart"].replace(":00:00Z", ":30:00Z")
    body = {"kind": "cancel_departure", "service": legs[1]["service"], "depart": legs[1]["depart"]}
    new = disrupt(client, headers, old["id"], {**body, "now": now})
    assert new["disruption"]["now"] == now and sid in new["changed"]
    kept = plan_item(new, sid)
    assert kept["status"] == "planned" and route(kept)[0] == route({"legs": legs})[0]
    after = without(legs[1]["service"], legs[1]["depart"])
    assert check_plan(after, shipments(), new["plan"]) == []


def test_a_disruption_that_breaks_the_rules_is_refused(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """Unknown service, hub or departure, a delay without delay_h: 422 with the place; a plan not
    done or already re-planned: 409 with a stable code."""
    headers = bearer(token_for(Role.DISPATCHER))
    old = done_plan(client, headers)
    url = f"/api/v1/plans/{old['id']}/disruptions"
    cases = [
        (
            {"kind": "cancel_departure", "service": "NOPE", "depart": "2026-12-01T08:00:00Z"},
            "UNKNOWN_SERVICE",
        ),
        (
            {"kind": "cancel_departure", "service": "AB-ROAD", "depart": "2026-12-09T08:00:00Z"},
            "UNKNOWN_DEPARTURE",
        ),
        (
            {"kind": "delay_departure", "service": "AB-ROAD", "depart": "2026-12-01T08:00:00Z"},
            "BAD_VALUE",
        ),
        ({"kind": "close_hub", "hub": "MOON", "from": "2026-12-01T00:00:00Z"}, "UNKNOWN_HUB"),
        ({"kind": "close_hub", "hub": "B", "from": "tomorrow"}, "BAD_TIME"),
        (
            {
                "kind": "cancel_departure",
                "service": "AB-ROAD",
                "depart": "2026-12-01T08:00:00Z",
                "now": "2026-12-01T09:00:00Z",
            },
            "DEPARTED",
        ),
        (
            {"kind": "close_hub", "hub": "B", "from": "2026-12-01T00:00:00Z", "now": "soon"},
            "BAD_TIME",
        ),
    ]
    for body, code in cases:
        response = client.post(url, headers=headers, json=body)
        assert response.status_code == 422, body
        assert code in {i["code"] for i in response.json["issues"]}, response.json
    assert client.post(url, headers=headers, json={"kind": "flood"}).status_code == 422
    assert (
        client.post(
            "/api/v1/plans/999999/disruptions",
            headers=headers,
            json={"kind": "close_hub", "hub": "B", "from": "2026-12-01T00:00:00Z"},
        ).status_code
        == 404
    )
    disrupt(
        client,
        headers,
        old["id"],
        {"kind": "close_hub", "hub": "C", "from": "2026-12-01T00:00:00Z"},
    )
    twice = client.post(
        url, headers=headers, json={"kind": "close_hub", "hub": "B", "from": "2026-12-01T00:00:00Z"}
    )
    assert twice.status_code == 409 and twice.json["code"] == "E_PLAN_SUPERSEDED"


def _departed_bill(
    client: FlaskClient, headers: dict[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A done plan and SH-1's bill with its first leg reported departed."""
    old = done_plan(client, headers)
    bill = issue(client, headers, old["id"], "SH-1").json
    first = bill["legs"][0]
    url = f"/api/v1/bills-of-lading/{bill['number']}/legs/1"
    moved = client.patch(url, headers=headers, json={"status": "departed", "at": first["depart"]})
    assert moved.status_code == 200, moved.json
    return old, bill


def test_a_replan_that_knows_now_keeps_a_departed_leg_on_the_bill(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """SH-1's first leg has departed and its second is cancelled. Re-planned from the origin
    (no ``now``) the route moves the departed leg, so the bill stays as it was with the alert
    REPLAN_CONFLICT; re-planned with ``now`` the departed leg stays and the bill is re-booked
    behind it, the leg still ``departed``."""
    headers = bearer(token_for(Role.DISPATCHER))
    for now_given in (False, True):
        old, bill = _departed_bill(client, headers)
        legs = plan_item(old, "SH-1")["legs"]
        body = {"kind": "cancel_departure", "service": legs[1]["service"]}
        body["depart"] = legs[1]["depart"]
        if now_given:
            body["now"] = legs[0]["depart"].replace(":00:00Z", ":30:00Z")
        disrupt(client, headers, old["id"], body)
        read = client.get(f"/api/v1/bills-of-lading/{bill['number']}", headers=headers).json
        if now_given:
            assert read["alert"] is None
            assert read["legs"][0]["status"] == "departed"
            assert read["legs"][0]["depart"] == legs[0]["depart"]
            assert read["legs"][1]["depart"] != legs[1]["depart"]
        else:
            assert read["alert"] == "REPLAN_CONFLICT"
            assert [g["depart"] for g in read["legs"]] == [g["depart"] for g in legs]
