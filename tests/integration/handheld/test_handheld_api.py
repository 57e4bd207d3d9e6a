"""Handheld scans over HTTP go through the gateway's recorder: once, whatever the resends."""

from __future__ import annotations

from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from devices.records import ScanRecord
from tests.integration.conftest import TokenFor, bearer
from tests.integration.handheld.floor import Dock, blank_png, qr_png, seed_dock
from warehouse.access.roles import Role
from warehouse.bonded import check
from warehouse.inbound.models import EntryLine

SCANS = "/api/v1/handheld/scans"
IMAGES = "/api/v1/handheld/images"


@pytest.fixture
def dock(app: APIFlask) -> Dock:
    with app.app_context():
        made = seed_dock(db.session)
        db.session.commit()
    return made


def received(app: APIFlask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.sum(EntryLine.received))) or 0)


def recorded(app: APIFlask, device: str) -> int:
    with app.app_context():
        query = select(func.count()).where(ScanRecord.device_id == device)
        return int(db.session.scalar(query) or 0)


def post_scan(client: FlaskClient, token: str, **body: Any) -> dict[str, Any]:
    got = client.post(SCANS, json=body, headers=bearer(token))
    assert got.status_code == 200, got.json
    answer: dict[str, Any] = got.json
    return answer


def same_answer(a: dict[str, Any], b: dict[str, Any]) -> bool:
    keys = ("v", "msg_id", "result", "code", "message", "next")
    return all(a.get(k) == b.get(k) for k in keys)


def test_a_resent_scan_gets_the_same_answer_and_changes_nothing(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, dock: Dock
) -> None:
    """The same (device, msg_id) three times: received once, recorded once, same answer."""
    token = token_for(Role.WAREHOUSE)
    body = {"op": "receive", "code": dock.cartons[0], "task": dock.entry,
            "device": "web-t1", "msg_id": "web-t1:000001"}  # fmt: skip
    first = post_scan(client, token, **body)
    again = [post_scan(client, token, **body) for _ in range(2)]
    assert first["code"] == "OK" and first["duplicate"] is False, first
    assert first["msg_id"] == "web-t1:000001" and first["details"]["quantity"] == 12
    assert all(same_answer(first, a) and a["duplicate"] for a in again)
    assert received(app) == 12
    assert recorded(app, "web-t1") == 1
    with app.app_context():
        assert check.differences(db.session) == []


def test_a_refused_scan_resent_is_refused_the_same_way(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, dock: Dock
) -> None:
    """A refusal is recorded too: its resend gets the refusal, not a second try."""
    token = token_for(Role.WAREHOUSE)
    body = {"op": "receive", "code": dock.cartons[1], "device": "web-t2", "msg_id": "web-t2:7"}
    first = post_scan(client, token, **body)
    second = post_scan(client, token, **body)
    assert first["code"] == "E_NO_TASK" and same_answer(first, second)
    assert recorded(app, "web-t2") == 1


def test_old_callers_without_msg_id_still_get_answers(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, dock: Dock
) -> None:
    """No msg_id: the server makes one, so two sends are two scans (no outbox, no dedupe)."""
    token = token_for(Role.WAREHOUSE)
    first = post_scan(client, token, op="putaway", code=dock.cartons[0])
    assert first["code"] == "E_NOTHING_TO_PUT_AWAY", first
    second = post_scan(client, token, op="putaway", code=dock.cartons[0])
    assert first["msg_id"] != second["msg_id"]
    assert recorded(app, "handheld-web") == 2


def test_a_scan_time_is_kept_in_utc_and_an_impossible_offset_refused(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, dock: Dock
) -> None:
    """A time with a real zone's offset is recorded in UTC; an offset no zone has (over 14
    hours) is a 422 problem and records nothing."""
    token = token_for(Role.WAREHOUSE)
    body = {"op": "putaway", "code": dock.cartons[0], "device": "web-t3"}
    post_scan(client, token, **body, msg_id="web-t3:1", ts="2026-11-21T16:00:00+08:00")
    with app.app_context():
        kept = db.session.scalar(select(ScanRecord.ts).where(ScanRecord.msg_id == "web-t3:1"))
    assert kept is not None and kept.replace(tzinfo=None).isoformat() == "2026-11-21T08:00:00"
    odd = {**body, "msg_id": "web-t3:2", "ts": "2026-11-21T16:00:00+22:06"}
    refused = client.post(SCANS, json=odd, headers=bearer(token))
    assert refused.status_code == 422 and refused.mimetype == "application/problem+json"
    assert recorded(app, "web-t3") == 1


def test_a_photo_is_decoded_then_handled_like_a_typed_scan(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, dock: Dock
) -> None:
    """A QR photo receives the carton; a blank photo is E_NO_CODE; resends change nothing."""
    token = token_for(Role.WAREHOUSE)
    form = {"op": "receive", "task": dock.entry, "device": "web-cam", "msg_id": "web-cam:1"}
    photo = {**form, "image": (_file(qr_png(dock.cartons[2])), "code.png")}
    got = client.post(IMAGES, data=photo, headers=bearer(token))
    assert got.status_code == 200 and got.json["code"] == "OK", got.json
    again = client.post(IMAGES, data={**form, "image": (_file(b"x"), "x.png")},
                        headers=bearer(token))  # fmt: skip
    assert again.json["duplicate"] and same_answer(got.json, again.json)
    blank = {**form, "msg_id": "web-cam:2", "image": (_file(blank_png()), "blank.png")}
    none = client.post(IMAGES, data=blank, headers=bearer(token))
    assert none.json["result"] == "error" and none.json["code"] == "E_NO_CODE"
    assert received(app) == 12 and recorded(app, "web-cam") == 2


def test_the_board_counts_recorded_scans_for_supervisors_only(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, dock: Dock
) -> None:
    """GET /api/v1/board: the window's receive counts hold the scan; 403 for the warehouse role.

    The scan lands in the last minute or, across a minute boundary, the one before.
    """
    worker = token_for(Role.WAREHOUSE)
    post_scan(client, worker, op="receive", code=dock.cartons[0], task=dock.entry,
              device="web-b", msg_id="web-b:1")  # fmt: skip
    assert client.get("/api/v1/board", headers=bearer(worker)).status_code == 403
    got = client.get("/api/v1/board?minutes=10", headers=bearer(token_for(Role.SUPERVISOR)))
    assert got.status_code == 200, got.json
    board = got.json
    assert sum(board["throughput"]["ops"]["receive"][-2:]) == 1
    assert len(board["throughput"]["minutes"]) == 10
    assert board["ledger"]["ok"] is True
    assert any(d["id"] == "web-b" for d in board["devices"])


def _file(data: bytes) -> Any:
    import io

    return io.BytesIO(data)
