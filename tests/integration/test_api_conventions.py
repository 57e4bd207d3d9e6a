"""JSON conventions: pages of items with a cursor, RFC 3339 UTC, problem+json errors."""

from __future__ import annotations

from datetime import datetime

from flask.testing import FlaskClient

from tests.integration.conftest import TokenFor, bearer
from warehouse.access.roles import Role


def test_collections_page_with_limit_and_cursor(client: FlaskClient, token_for: TokenFor) -> None:
    """?limit= pages a collection; following `next` visits every item once, then null."""
    headers = bearer(token_for(Role.ADMIN))
    for role in (Role.WAREHOUSE, Role.CUSTOMS, Role.RETURNS, Role.DISPATCHER):
        token_for(role)
    seen, url = [], "/api/v1/users?limit=2"
    while url:
        body = client.get(url, headers=headers).json
        assert set(body) == {"items", "next"} and len(body["items"]) <= 2
        seen += [u["id"] for u in body["items"]]
        url = f"/api/v1/users?limit=2&cursor={body['next']}" if body["next"] else ""
    assert len(seen) == 5 and len(set(seen)) == 5


def test_limit_is_bounded_at_1000(client: FlaskClient, token_for: TokenFor) -> None:
    """limit above 1000 is a 422 naming the field."""
    response = client.get("/api/v1/users?limit=1001", headers=bearer(token_for(Role.ADMIN)))
    assert response.status_code == 422
    assert response.json["errors"][0]["field"] == "limit"


def test_times_are_rfc3339_utc(client: FlaskClient, token_for: TokenFor) -> None:
    """Timestamps end in Z and parse as UTC."""
    created = client.get("/api/v1/me", headers=bearer(token_for(Role.ADMIN))).json["created_at"]
    assert created.endswith("Z")
    assert datetime.fromisoformat(created).utcoffset().total_seconds() == 0


def test_invalid_input_is_422_with_the_failing_fields(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """A body missing fields or with a bad role lists every failing field."""
    response = client.post(
        "/api/v1/users",
        json={"username": "x", "role": "pilot"},
        headers=bearer(token_for(Role.ADMIN)),
    )
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    fields = {e["field"] for e in response.json["errors"]}
    assert {"role", "password", "display_name"} <= fields


def test_a_duplicate_username_is_a_409(client: FlaskClient, token_for: TokenFor) -> None:
    """Creating a user that exists is a conflict with code E_USER_EXISTS."""
    headers = bearer(token_for(Role.ADMIN))
    body = {
        "username": "wang.fang",
        "display_name": "W",
        "role": "customs",
        "password": "0123456789ab",
    }
    assert client.post("/api/v1/users", json=body, headers=headers).status_code == 201
    again = client.post("/api/v1/users", json=body, headers=headers)
    assert again.status_code == 409 and again.json["code"] == "E_USER_EXISTS"


def test_not_json_is_a_clean_error(client: FlaskClient, token_for: TokenFor) -> None:
    """A body that is not JSON is refused with a 4xx problem, never a 500."""
    response = client.post(
        "/api/v1/users",
        data="{not json",
        content_type="application/json",
        headers=bearer(token_for(Role.ADMIN)),
    )
    assert 400 <= response.status_code < 500
    assert response.content_type == "application/problem+json"


def test_a_nul_character_is_refused_before_any_handler(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """U+0000 in a JSON body or query string is a 422 E_NUL_CHARACTER naming where."""
    headers = bearer(token_for(Role.ADMIN))
    body = {"username": "a\x00b", "display_name": "x", "role": "customs", "password": "p" * 12}
    refused = client.post("/api/v1/users", json=body, headers=headers)
    assert refused.status_code == 422 and refused.json["code"] == "E_NUL_CHARACTER"
    assert refused.json["errors"][0]["field"] == "body.username"
    query = client.get("/api/v1/users?cursor=%00", headers=headers)
    assert query.status_code == 422 and query.json["code"] == "E_NUL_CHARACTER"
