"""Pages: login with CSRF protection, a rotated session, timeouts, rate limits, languages."""

from __future__ import annotations

import re
from datetime import timedelta

from apiflask import APIFlask
from flask.testing import FlaskClient

from app.extensions import db, limiter
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role

PASSWORD = "floor-password-1"


def make_user(app: APIFlask, username: str = "zhang.min", locale: str = "zh_CN") -> None:
    with app.app_context():
        service.create_user(
            db.session,
            SYSTEM,
            service.NewUser(username, "张敏", Role.WAREHOUSE, PASSWORD, locale),
        )
        db.session.commit()


def csrf_token(client: FlaskClient, path: str = "/login") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert found, "the page carries a CSRF token"
    return found.group(1)


def login(client: FlaskClient, username: str, password: str) -> int:
    token = csrf_token(client)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}
    )
    return response.status_code


def test_login_without_csrf_token_is_refused(app: APIFlask, client: FlaskClient) -> None:
    """A login form posted without its CSRF token does not log anyone in."""
    make_user(app)
    response = client.post("/login", data={"username": "zhang.min", "password": PASSWORD})
    assert response.status_code in (400, 401)
    assert client.get("/").status_code == 302


def test_login_rotates_the_session_and_logout_ends_it(app: APIFlask, client: FlaskClient) -> None:
    """Nothing set before login survives it; after logout the start page asks to log in."""
    make_user(app)
    with client.session_transaction() as before:
        before["planted"] = "by-an-attacker"
    assert login(client, "zhang.min", PASSWORD) == 302
    with client.session_transaction() as after:
        assert "planted" not in after and "login_at" in after
    assert client.get("/").status_code == 200
    client.post("/logout", data={"csrf_token": csrf_token(client, "/")})
    assert client.get("/").status_code == 302


def test_wrong_password_shows_an_error_and_no_session(app: APIFlask, client: FlaskClient) -> None:
    """A wrong password answers 401 with a message; the start page stays closed."""
    make_user(app)
    assert login(client, "zhang.min", "wrong-password") == 401
    assert client.get("/").status_code == 302


def test_absolute_timeout_logs_out_even_an_active_session(
    app: APIFlask, client: FlaskClient
) -> None:
    """A session older than the absolute limit is ended on its next request."""
    make_user(app)
    login(client, "zhang.min", PASSWORD)
    with client.session_transaction() as sess:
        started = sess["login_at"]
        from datetime import datetime

        sess["login_at"] = (datetime.fromisoformat(started) - timedelta(hours=13)).isoformat()
    assert client.get("/").status_code == 302


def test_login_attempts_are_rate_limited(app: APIFlask, client: FlaskClient) -> None:
    """After ten failed logins a minute from one address, the next is 429."""
    make_user(app)
    limiter.reset()
    codes = [login(client, "zhang.min", "wrong-password") for _ in range(11)]
    limiter.reset()
    assert codes[:10] == [401] * 10 and codes[10] == 429


def test_pages_come_in_chinese_and_english(app: APIFlask, client: FlaskClient) -> None:
    """Accept-Language picks the language; the default for the floor is Simplified Chinese."""
    assert "登录" in client.get("/login").get_data(as_text=True)
    english = client.get("/login", headers={"Accept-Language": "en-GB,en;q=0.9"})
    assert "Log in" in english.get_data(as_text=True)


def test_the_user_setting_wins_over_the_browser(app: APIFlask, client: FlaskClient) -> None:
    """A user whose setting is English sees English even from a Chinese browser."""
    make_user(app, "anna", locale="en")
    login(client, "anna", PASSWORD)
    page = client.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "Welcome" in page


def test_a_pages_script_calls_the_api_with_its_session(app: APIFlask, client: FlaskClient) -> None:
    """Logged in on the web, /api/v1/me answers from the session; unsafe methods need CSRF."""
    make_user(app)
    assert client.get("/api/v1/me").status_code == 401
    login(client, "zhang.min", PASSWORD)
    me = client.get("/api/v1/me")
    assert me.status_code == 200 and me.json["username"] == "zhang.min"
    body = {"username": "x", "password": "y"}
    no_csrf = client.post("/api/v1/users", json=body)
    assert no_csrf.status_code == 401
    with_csrf = client.post(
        "/api/v1/users", json=body, headers={"X-CSRFToken": csrf_token(client, "/")}
    )
    assert with_csrf.status_code == 403


def test_the_language_switch_becomes_the_users_setting(app: APIFlask, client: FlaskClient) -> None:
    """Switching to English while logged in is saved: a new session on another device is English."""
    make_user(app, "li.na", locale="zh_CN")
    login(client, "li.na", PASSWORD)
    client.post("/language/en", data={"csrf_token": csrf_token(client, "/"), "next": "/"})
    other_device = app.test_client()
    login(other_device, "li.na", PASSWORD)
    page = other_device.get("/", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "Welcome" in page
