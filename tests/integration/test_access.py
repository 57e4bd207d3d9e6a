"""Every API endpoint checks who asks: 401 without a token, 403 for the wrong role."""

from __future__ import annotations

import re

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from tests.integration.conftest import TokenFor, bearer
from warehouse.access.roles import Role

PUBLIC = {("POST", "/api/v1/tokens")}


def api_operations(app: APIFlask) -> list[tuple[str, str, list[str] | None]]:
    """(method, concrete path, allowed roles or None for any logged-in user) per endpoint."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.endpoint.startswith("openapi"):
            continue
        view = app.view_functions[rule.endpoint]
        spec = getattr(view, "_spec", {})
        if spec.get("hide"):
            continue
        path = re.sub(r"<(?:int:)?[^>]+>", "1", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            if (method, rule.rule) in PUBLIC:
                continue
            assert "auth" in spec, f"{method} {rule.rule} has no authentication"
            found.append((method, path, spec.get("roles") or None))
    return found


def test_every_endpoint_without_a_token_gets_401_problem_json(
    app: APIFlask, client: FlaskClient
) -> None:
    """No token, no access: 401 as application/problem+json with code E_UNAUTHENTICATED."""
    operations = api_operations(app)
    assert operations
    for method, path, _roles in operations:
        response = client.open(path, method=method, json={})
        assert response.status_code == 401, (method, path)
        assert response.content_type == "application/problem+json"
        assert response.json["code"] == "E_UNAUTHENTICATED"


def test_a_wrong_token_gets_401(client: FlaskClient) -> None:
    """An unknown bearer token is not accepted."""
    response = client.get("/api/v1/me", headers=bearer("shk_not-a-real-token"))
    assert response.status_code == 401


@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_only_its_endpoints(
    app: APIFlask, client: FlaskClient, token_for: TokenFor, role: Role
) -> None:
    """A role outside an endpoint's roles gets 403 problem+json; a role inside passes."""
    headers = bearer(token_for(role))
    for method, path, allowed in api_operations(app):
        response = client.open(path, method=method, json={}, headers=headers)
        if allowed is None or role.value in allowed:
            assert response.status_code not in (401, 403), (role, method, path)
        else:
            assert response.status_code == 403, (role, method, path)
            assert response.json["code"] == "E_FORBIDDEN"


def test_a_user_sees_themselves_but_not_others(client: FlaskClient, token_for: TokenFor) -> None:
    """Object check: warehouse staff may read their own user record only."""
    headers = bearer(token_for(Role.WAREHOUSE))
    me = client.get("/api/v1/me", headers=headers).json
    assert client.get(f"/api/v1/users/{me['id']}", headers=headers).status_code == 200
    other = bearer(token_for(Role.DISPATCHER))
    other_id = client.get("/api/v1/me", headers=other).json["id"]
    assert client.get(f"/api/v1/users/{other_id}", headers=headers).status_code == 403


def test_password_login_gives_a_working_token(client: FlaskClient, token_for: TokenFor) -> None:
    """POST /tokens with the right password gives a token; a wrong one gives 401 E_BAD_LOGIN."""
    admin = bearer(token_for(Role.ADMIN))
    new = {
        "username": "li.wei",
        "display_name": "Li Wei",
        "role": "returns",
        "password": "a-long-password",
    }
    assert client.post("/api/v1/users", json=new, headers=admin).status_code == 201
    bad = client.post("/api/v1/tokens", json={"username": "li.wei", "password": "nope"})
    assert bad.status_code == 401 and bad.json["code"] == "E_BAD_LOGIN"
    good = client.post("/api/v1/tokens", json={"username": "li.wei", "password": "a-long-password"})
    assert good.status_code == 201
    me = client.get("/api/v1/me", headers=bearer(good.json["token"])).json
    assert me["username"] == "li.wei" and me["role"] == "returns"
