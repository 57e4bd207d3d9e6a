"""The machine's services the suite runs against: PostgreSQL, Mosquitto, Redis.

Where a service is missing the tests that need it are skipped, except on CI (CI=true), where a
missing service fails the run: a green CI must mean the production parts were exercised.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import create_engine, text

ON_CI = os.environ.get("CI", "").lower() == "true"
POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
MOSQUITTO_URL = os.environ.get("TEST_MQTT_URL", "mqtt://127.0.0.1:1883")
REDIS_SERVER = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15").rsplit("/", 1)[0]


def redis_url(purpose: int) -> str:
    """A Redis database of this test process's own for one purpose (0: jobs, 1: rate limits).

    Parallel test processes (pytest-xdist) would otherwise take each other's queued jobs and
    flush each other's counters: gw0 gets databases 15 and 14, gw1 13 and 12, and so on.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    index = 15 - 2 * (int(worker) if worker.isdigit() else 0) - purpose
    if index < 0:
        raise RuntimeError("at most 8 parallel test processes share one Redis")
    return f"{REDIS_SERVER}/{index}"


REDIS_URL = redis_url(0)


def tcp_open(host: str, port: int, timeout_s: float = 1.0) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout_s):
            return True
    except OSError:
        return False


def unavailable(what: str) -> None:
    """Skip the test, or fail it on CI."""
    message = f"{what} is not reachable"
    if ON_CI:
        pytest.fail(f"{message}, and on CI every service must be there", pytrace=False)
    pytest.skip(message)


@contextmanager
def fresh_postgres_database() -> Iterator[str]:
    """A new, empty database on the machine's PostgreSQL, dropped afterwards."""
    if not tcp_open("127.0.0.1", 5432):
        unavailable("PostgreSQL at 127.0.0.1:5432")
    name = f"silkhub_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
