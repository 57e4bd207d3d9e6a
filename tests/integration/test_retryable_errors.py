"""A transaction the database rolled back for another's sake (deadlock, serialization
failure, SQLite's busy timeout) is answered 503 ``E_TRY_AGAIN`` with Retry-After, so the
client sends it again; any other database error stays a 500."""

from __future__ import annotations

from pathlib import Path

import psycopg.errors
import pytest
from flask.testing import FlaskClient
from sqlalchemy.exc import OperationalError

from tests.integration.conftest import make_app

CASES = {
    "deadlock": psycopg.errors.DeadlockDetected("deadlock detected"),
    "serialization": psycopg.errors.SerializationFailure("could not serialize access"),
    "sqlite-busy": Exception("database is locked"),
    "disk": Exception("disk I/O error"),
}


@pytest.fixture(scope="module")
def raising_client(tmp_path_factory: pytest.TempPathFactory) -> FlaskClient:
    instance: Path = tmp_path_factory.mktemp("instance")
    app = make_app(f"sqlite:///{instance / 'retry.db'}", instance, mqtt_url=None)

    def fail(case: str) -> str:
        raise OperationalError("UPDATE manifests SET ...", {}, CASES[case])

    app.add_url_rule("/api/v1/_fail/<case>", view_func=fail)
    return app.test_client()


@pytest.mark.parametrize("case", ["deadlock", "serialization", "sqlite-busy"])
def test_an_aborted_transaction_is_a_503_to_send_again(
    raising_client: FlaskClient, case: str
) -> None:
    """Deadlock, serialization failure and SQLite's busy timeout: 503 problem+json with the
    stable code E_TRY_AGAIN and a Retry-After header."""
    response = raising_client.get(f"/api/v1/_fail/{case}")
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert response.json is not None and response.json["code"] == "E_TRY_AGAIN"
    assert response.headers["Retry-After"] == "1"


def test_another_database_error_stays_internal(raising_client: FlaskClient) -> None:
    """A database error that retrying will not cure is a 500 E_INTERNAL."""
    response = raising_client.get("/api/v1/_fail/disk")
    assert response.status_code == 500
    assert response.json is not None and response.json["code"] == "E_INTERNAL"
