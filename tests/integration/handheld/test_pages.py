"""The floor pages: who sees which screen, and their scripts calling the API with the session."""

from __future__ import annotations

import re

from apiflask import APIFlask
from flask.testing import FlaskClient

from app.extensions import db
from tests.integration.handheld.floor import Dock, seed_dock
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role

PASSWORD = "floor-pages-password-1"


def logged_in(app: APIFlask, client: FlaskClient, role: Role) -> None:
    username = f"pages-{role.value}"
    with app.app_context():
        service.create_user(
            db.session, SYSTEM, service.NewUser(username, username, role, PASSWORD, "zh_CN")
        )
        db.session.commit()
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    form = {"username": username, "password": PASSWORD, "csrf_token": token.group(1)}
    assert client.post("/login", data=form).status_code == 302


def dock(app: APIFlask) -> Dock:
    with app.app_context():
        made = seed_dock(db.session, 1)
        db.session.commit()
    return made


def test_each_role_sees_its_screens(app: APIFlask, client: FlaskClient) -> None:
    """The warehouse role gets the handheld, not the board (403); the start page links it."""
    logged_in(app, client, Role.WAREHOUSE)
    start = client.get("/").get_data(as_text=True)
    assert "/handheld" in start and "/board" not in start
    assert client.get("/handheld").status_code == 200
    assert client.get("/board").status_code == 403


def test_the_supervisor_board_page_and_its_json(app: APIFlask, client: FlaskClient) -> None:
    """The board page renders in Chinese; its script reads /api/v1/board with the session."""
    logged_in(app, client, Role.SUPERVISOR)
    page = client.get("/board").get_data(as_text=True)
    assert "主管看板" in page and "vendor/uplot-1.6.32.min.js" in page
    assert client.get("/api/v1/board").status_code == 200


def test_a_page_script_posts_a_scan_with_the_session_and_csrf_token(
    app: APIFlask, client: FlaskClient
) -> None:
    """Session cookie alone is not enough for a POST: the X-CSRFToken header is required."""
    made = dock(app)
    logged_in(app, client, Role.WAREHOUSE)
    body = {"op": "receive", "code": made.cartons[0], "task": made.entry,
            "device": "web-pages", "msg_id": "web-pages:000001"}  # fmt: skip
    assert client.post("/api/v1/handheld/scans", json=body).status_code == 401
    csrf = client.get("/handheld/session").json["csrf"]
    got = client.post("/api/v1/handheld/scans", json=body, headers={"X-CSRFToken": csrf})
    assert got.status_code == 200 and got.json["code"] == "OK", got.json


def test_the_session_endpoint_says_401_once_logged_out(client: FlaskClient) -> None:
    """A handheld left open learns it was logged out (and keeps its outbox)."""
    got = client.get("/handheld/session")
    assert got.status_code == 401 and got.json == {"authenticated": False}
