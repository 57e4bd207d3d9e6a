"""An app on a migrated database (SQLite and PostgreSQL), emptied after every test."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from sqlalchemy import delete

from app import create_app
from app.extensions import db, limiter
from config.settings import Environment, load_settings
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role
from warehouse.db import Base

APPEND_ONLY = {"audit_records"}


def make_app(database_url: str, instance_path: Path, **overrides: object) -> APIFlask:
    settings = load_settings(
        {
            "SILKHUB_ENV": Environment.TEST.value,
            "DATABASE_URL": database_url,
            "LOG_FORMAT": "console",
        },
        instance_path=instance_path,
    )
    return create_app(settings.with_overrides(**overrides), WTF_CSRF_ENABLED=True)


@pytest.fixture(scope="session")
def app(database_url: str, instance_path: Path) -> Iterator[APIFlask]:
    application = make_app(database_url, instance_path, mqtt_url=None)
    with application.app_context():
        upgrade(revision="heads")
    yield application
    with application.app_context():
        db.engine.dispose()


@pytest.fixture(autouse=True)
def _empty_tables(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "app" not in request.fixturenames:
        return
    application: APIFlask = request.getfixturevalue("app")
    with application.app_context():
        db.session.rollback()
        with db.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                names = ", ".join(t.name for t in Base.metadata.sorted_tables)
                conn.exec_driver_sql(f"TRUNCATE {names} RESTART IDENTITY CASCADE")
            else:
                for table in reversed(Base.metadata.sorted_tables):
                    conn.execute(delete(table))
        db.session.remove()


@pytest.fixture
def client(app: APIFlask) -> FlaskClient:
    """A test client; the login rate limit starts afresh, since every test of a worker logs in
    from the same address to the same app (the limit's own tests count from zero too)."""
    with app.app_context():
        limiter.reset()
    return app.test_client()


TokenFor = Callable[[Role], str]


@pytest.fixture
def token_for(app: APIFlask) -> TokenFor:
    """A bearer token of a fresh user with the given role."""

    def make(role: Role) -> str:
        with app.app_context():
            username = f"{role.value}-{secrets.token_hex(3)}"
            password = secrets.token_urlsafe(12)
            service.create_user(
                db.session, SYSTEM, service.NewUser(username, username, role, password)
            )
            token = service.create_token(db.session, SYSTEM, username)
            db.session.commit()
            return token

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
