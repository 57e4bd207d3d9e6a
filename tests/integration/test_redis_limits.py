"""With REDIS_URL, login rate limits are shared by every web worker."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import redis
from apiflask import APIFlask

from app.extensions import limiter
from tests.integration.conftest import make_app
from tests.services import redis_url, tcp_open, unavailable

LIMITS_REDIS_URL = redis_url(1)  # its own database: it flushes it


def failed_login(client, username: str) -> int:  # type: ignore[no-untyped-def]
    html = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert token
    data = {"username": username, "password": "wrong", "csrf_token": token.group(1)}
    return int(client.post("/login", data=data).status_code)


def test_two_workers_share_one_login_limit(
    app: APIFlask, database_url: str, instance_path: Path
) -> None:
    """Ten failures spread over two app instances exhaust the limit for both (Redis storage)."""
    if not tcp_open("127.0.0.1", 6379):
        unavailable("Redis at 127.0.0.1:6379")
    redis.Redis.from_url(LIMITS_REDIS_URL).flushdb()
    workers = [make_app(database_url, instance_path, redis_url=LIMITS_REDIS_URL) for _ in range(2)]
    clients = [w.test_client() for w in workers]
    user = f"nobody-{uuid.uuid4().hex[:6]}"
    try:
        codes = [failed_login(clients[i % 2], user) for i in range(10)]
        assert codes == [401] * 10
        assert failed_login(clients[0], user) == 429
        assert failed_login(clients[1], user) == 429
    finally:
        redis.Redis.from_url(LIMITS_REDIS_URL).flushdb()
        for worker in workers:
            with worker.app_context():
                limiter.reset()
