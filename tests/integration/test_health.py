"""/healthz tells whether the database and the broker answer."""

from __future__ import annotations

from pathlib import Path

from apiflask import APIFlask

from app.health import _broker_cache
from devices.embedded_broker import free_port
from tests.integration.conftest import make_app
from tests.services import MOSQUITTO_URL, tcp_open, unavailable


def health(app: APIFlask, database_url: str, instance_path: Path, mqtt_url: str | None) -> tuple:
    _broker_cache.clear()
    probe = make_app(database_url, instance_path, mqtt_url=mqtt_url)
    response = probe.test_client().get("/healthz")
    return response.status_code, response.json


def test_ok_when_database_and_mosquitto_answer(
    app: APIFlask, database_url: str, instance_path: Path
) -> None:
    """With a reachable database and Mosquitto, status is ok (200)."""
    if not tcp_open("127.0.0.1", 1883):
        unavailable("Mosquitto at 127.0.0.1:1883")
    status, body = health(app, database_url, instance_path, MOSQUITTO_URL)
    assert status == 200 and body["status"] == "ok"
    assert body["database"]["status"] == "ok"
    assert body["broker"] == {"status": "ok", "url": "mqtt://127.0.0.1:1883"}


def test_down_with_a_reason_when_the_broker_is_missing(
    app: APIFlask, database_url: str, instance_path: Path
) -> None:
    """A broker that does not answer makes /healthz 503 with the broker marked down."""
    status, body = health(app, database_url, instance_path, f"mqtt://127.0.0.1:{free_port()}")
    assert status == 503 and body["status"] == "down"
    assert body["broker"]["status"] == "down" and body["broker"]["error"]
    assert body["database"]["status"] == "ok"


def test_credentials_never_appear_in_the_report(
    app: APIFlask, database_url: str, instance_path: Path
) -> None:
    """The broker URL is reported without user and password."""
    _status, body = health(
        app, database_url, instance_path, f"mqtt://gw:s3cret@127.0.0.1:{free_port()}"
    )
    assert "s3cret" not in str(body)
