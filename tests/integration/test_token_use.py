"""A bearer token's last use is kept to the minute: reading with a token is not a write."""

from __future__ import annotations

from datetime import datetime, timedelta

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app.extensions import db
from tests.integration.conftest import TokenFor, bearer
from warehouse.access.models import ApiToken
from warehouse.access.roles import Role
from warehouse.access.service import TOKEN_USE_RESOLUTION, token_digest


def last_used(app: APIFlask, token: str) -> object:
    with app.app_context():
        return db.session.scalar(
            select(ApiToken.last_used_at).where(ApiToken.token_hash == token_digest(token))
        )


def test_token_use_is_recorded_once_a_minute(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """The first call records when the token was used; calls within the next minute leave it;
    a call after that records the new time."""
    token = token_for(Role.SUPERVISOR)
    assert client.get("/api/v1/board", headers=bearer(token)).status_code == 200
    first = last_used(app, token)
    assert isinstance(first, datetime)
    assert client.get("/api/v1/board", headers=bearer(token)).status_code == 200
    assert last_used(app, token) == first
    with app.app_context():
        db.session.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == token_digest(token))
            .values(last_used_at=first - TOKEN_USE_RESOLUTION - timedelta(seconds=1))
        )
        db.session.commit()
    assert client.get("/api/v1/board", headers=bearer(token)).status_code == 200
    later = last_used(app, token)
    assert isinstance(later, datetime) and later > first
