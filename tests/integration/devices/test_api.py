"""The devices API: the registry with state, recorded scans, tare and print jobs."""

from __future__ import annotations

from datetime import UTC, datetime

from apiflask import APIFlask
from flask.testing import FlaskClient

from app.extensions import db
from devices import registry
from devices.converters.scan import ScanMessage
from devices.recorder import Pending, record_scans
from devices.registry import Kind, NewDevice, StateReport
from tests.integration.conftest import TokenFor, bearer
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role

AT = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def seed(app: APIFlask, scans: int = 3) -> None:
    with app.app_context():
        s = db.session()
        registry.register(s, SYSTEM, NewDevice("hs-0001", Kind.SCANNER, "qd", "PACK-01"))
        registry.register(s, SYSTEM, NewDevice("sc-01", Kind.SCALE, "qd", "PACK-01"))
        registry.register(s, SYSTEM, NewDevice("pr-01", Kind.PRINTER, "qd", "PACK-01"))
        registry.apply_states(s, [StateReport("hs-0001", "qd", "online", "scanner", "1.4.2",
                                              87, AT)])  # fmt: skip
        registry.touch(s, {"hs-0001": AT})
        batch = [
            Pending(ScanMessage("hs-0001", "qd", f"hs-0001:{n:06d}", n, "lookup", AT,
                                "4006381333931", None, "ean13", None, None, None))
            for n in range(1, scans + 1)
        ]  # fmt: skip
        record_scans(s, batch)
        s.commit()


def test_devices_list_has_the_fixed_field_names(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """GET /devices: id, kind, site, state, last_seen (RFC 3339 UTC), paginated."""
    seed(app)
    body = client.get("/api/v1/devices?limit=2", headers=bearer(token_for(Role.SUPERVISOR))).json
    assert set(body) == {"items", "next"} and len(body["items"]) == 2 and body["next"]
    first = body["items"][0]
    assert {"id", "kind", "site", "state", "last_seen"} <= set(first)
    assert (first["id"], first["kind"], first["site"], first["state"]) == (
        "hs-0001",
        "scanner",
        "qd",
        "online",
    )
    assert first["last_seen"] == "2026-11-21T08:00:00.000Z" and first["battery"] == 87
    rest = client.get(f"/api/v1/devices?limit=2&cursor={body['next']}",
                      headers=bearer(token_for(Role.ADMIN))).json  # fmt: skip
    assert [d["id"] for d in rest["items"]] == ["pr-01"] and rest["next"] is None


def test_device_scans_with_msg_id_op_code_result(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    seed(app, scans=3)
    body = client.get("/api/v1/devices/hs-0001/scans",
                      headers=bearer(token_for(Role.WAREHOUSE))).json  # fmt: skip
    assert [s["msg_id"] for s in body["items"]] == [f"hs-0001:{n:06d}" for n in (1, 2, 3)]
    item = body["items"][0]
    assert (item["op"], item["code"]) == ("lookup", "4006381333931")
    assert item["result"] in ("ok", "warn", "error") and item["answer_code"]


def test_reads_are_for_supervisors_admins_and_warehouse_staff(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    seed(app)
    assert client.get("/api/v1/devices", headers=bearer(token_for(Role.CUSTOMS))).status_code == 403
    assert client.get("/api/v1/devices").status_code == 401
    missing = client.get("/api/v1/devices/nope/scans", headers=bearer(token_for(Role.ADMIN)))
    assert missing.status_code == 404


def test_tare_is_queued_for_scales_only(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """POST /devices/{id}/tare: 202 for a scale (the gateway sends cmd/tare), 409 otherwise."""
    seed(app)
    headers = bearer(token_for(Role.WAREHOUSE))
    answer = client.post("/api/v1/devices/sc-01/tare", headers=headers)
    assert answer.status_code == 202 and answer.json["status"] == "pending"
    assert client.post("/api/v1/devices/hs-0001/tare", headers=headers).status_code == 409


def test_print_job_is_rendered_queued_and_visible(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    seed(app)
    headers = bearer(token_for(Role.WAREHOUSE))
    label = {"sscc": "006141410000000012", "lines": ["Silkhub", "PACK-01"]}
    made = client.post("/api/v1/print-jobs", json={"station": "PACK-01", "label": label},
                       headers=headers)  # fmt: skip
    assert made.status_code == 201, made.json
    job = made.json
    assert job["status"] == "queued" and job["job_id"].startswith("PJ-")
    assert job["history"][0]["status"] == "queued"
    got = client.get(f"/api/v1/print-jobs/{job['job_id']}", headers=headers).json
    assert got["job_id"] == job["job_id"]
    nowhere = client.post("/api/v1/print-jobs", json={"station": "NOPE", "label": label},
                          headers=headers)  # fmt: skip
    assert nowhere.status_code == 404
    bad = client.post("/api/v1/print-jobs",
                      json={"station": "PACK-01", "label": {"sscc": "006141410000000013"}},
                      headers=headers)  # fmt: skip
    assert bad.status_code == 422
