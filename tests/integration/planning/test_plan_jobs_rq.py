"""Plan jobs on the real job queue: RQ on Redis (queue "plans"), run by a worker elsewhere."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from apiflask import APIFlask
from redis import Redis
from rq import Queue, SimpleWorker

from app.extensions import db
from app.plan_queue import QUEUE_NAME
from routing.check import check_plan
from tests.integration.conftest import TokenFor, bearer, make_app
from tests.integration.planning.multimodal_data import network, shipments
from tests.services import REDIS_URL, tcp_open, unavailable
from warehouse.access.roles import Role

pytestmark = pytest.mark.redis
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def redis_conn() -> Iterator[Redis]:
    if not tcp_open("127.0.0.1", 6379):
        unavailable("Redis at 127.0.0.1:6379")
    conn = Redis.from_url(REDIS_URL)
    Queue(QUEUE_NAME, connection=conn).empty()
    yield conn
    Queue(QUEUE_NAME, connection=conn).empty()
    conn.close()


@pytest.fixture
def rq_app(
    app: APIFlask, database_url: str, instance_path: Path, redis_conn: Redis
) -> Iterator[APIFlask]:
    """The app on the same (migrated) database, with REDIS_URL set."""
    application = make_app(database_url, instance_path, mqtt_url=None, redis_url=REDIS_URL)
    yield application
    with application.app_context():
        db.engine.dispose()


def submit(rq_app: APIFlask, headers: dict[str, str]) -> str:
    client = rq_app.test_client()
    response = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": network(), "shipments": shipments(), "time_limit_s": 1},
    )
    assert response.status_code == 202, response.json
    return str(response.headers["Location"])


def test_a_job_waits_on_redis_until_a_worker_runs_it(
    rq_app: APIFlask,
    token_for: TokenFor,
    redis_conn: Redis,
    database_url: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With REDIS_URL the job is queued on "plans" and stays queued until an RQ worker (here a
    SimpleWorker burst, reading DATABASE_URL) runs it to done with a plan that passes check."""
    headers = bearer(token_for(Role.DISPATCHER))
    location = submit(rq_app, headers)
    client = rq_app.test_client()
    assert Queue(QUEUE_NAME, connection=redis_conn).count == 1
    assert client.get(location, headers=headers).json["status"] == "queued"
    monkeypatch.setenv("DATABASE_URL", database_url)
    queue = Queue(QUEUE_NAME, connection=redis_conn)
    assert SimpleWorker([queue], connection=redis_conn).work(burst=True)
    job = client.get(location, headers=headers).json
    assert job["status"] == "done", job["error"]
    assert job["progress"]["incumbent"] == job["plan"]["objective"]
    assert check_plan(network(), shipments(), job["plan"]) == []


def test_silkhub_worker_runs_queued_jobs(
    rq_app: APIFlask, token_for: TokenFor, database_url: str, instance_path: Path
) -> None:
    """`silkhub worker --burst` in its own process takes the job from Redis and finishes it."""
    headers = bearer(token_for(Role.DISPATCHER))
    location = submit(rq_app, headers)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": REDIS_URL,
        "SILKHUB_INSTANCE": str(instance_path),
        "SILKHUB_ENV": "test",
    }
    silkhub = Path(sys.executable).with_name("silkhub")
    done = subprocess.run(
        [str(silkhub), "worker", "--burst"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    job = rq_app.test_client().get(location, headers=headers).json
    assert job["status"] == "done", (job["error"], done.stderr[-2000:])


def test_the_worker_command_needs_redis(app: APIFlask) -> None:
    """Without REDIS_URL, `silkhub worker` says so and exits non-zero."""
    result = app.test_cli_runner().invoke(args=["worker", "--burst"])
    assert result.exit_code != 0 and "REDIS_URL" in result.output
