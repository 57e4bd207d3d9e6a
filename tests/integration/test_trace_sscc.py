"""SSCC numbers from the company prefix: never repeated, also under concurrency."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import text

from app.extensions import db
from tests.integration.conftest import TokenFor, bearer
from tests.integration.trace_helpers import BASE, PREFIX
from warehouse.access.roles import Role
from warehouse.errors import Conflict
from warehouse.trace.sscc import SsccConfig, counter_of
from warehouse.trace.sscc_counter import allocate_ssccs

CONFIG = SsccConfig(3, PREFIX)


def test_blocks_follow_each_other(app: APIFlask) -> None:
    """Two allocations give consecutive counters 0..4 with the extension and prefix."""
    with app.app_context():
        first = allocate_ssccs(db.session, CONFIG, 3)
        second = allocate_ssccs(db.session, CONFIG, 2)
        db.session.commit()
    numbers = first + second
    assert [counter_of(CONFIG, s) for s in numbers] == [0, 1, 2, 3, 4]
    assert all(s.startswith("3" + PREFIX) for s in numbers)


def _allocate_many(app: APIFlask, rounds: int) -> list[str]:
    out: list[str] = []
    with app.app_context():
        for i in range(rounds):
            out += allocate_ssccs(db.session, CONFIG, 1 + i % 3)
            db.session.commit()
    return out


@pytest.mark.postgres_only
def test_parallel_workers_never_get_the_same_sscc(app: APIFlask) -> None:
    """Eight threads, each with its own session and transactions, allocating 20 blocks:
    every SSCC handed out is distinct and the counter has no holes."""
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: _allocate_many(app, 20), range(8)))
    everything = [s for chunk in results for s in chunk]
    assert len(everything) == len(set(everything)) == 8 * (7 * 1 + 7 * 2 + 6 * 3)
    assert sorted(counter_of(CONFIG, s) for s in everything) == list(range(len(everything)))


def test_the_counter_stops_at_capacity(app: APIFlask) -> None:
    """Past the last serial reference the allocation is refused with E_CAPACITY."""
    with app.app_context():
        allocate_ssccs(db.session, CONFIG, 1)
        db.session.execute(text("UPDATE sscc_counters SET next = :n"), {"n": CONFIG.capacity - 1})
        assert counter_of(CONFIG, allocate_ssccs(db.session, CONFIG, 1)[0]) == CONFIG.capacity - 1
        with pytest.raises(Conflict) as refused:
            allocate_ssccs(db.session, CONFIG, 1)
        assert refused.value.code == "E_CAPACITY"
        db.session.rollback()


def test_the_api_hands_out_ssccs_with_their_digital_links(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """POST /api/v1/sscc gives numbers from the configured prefix and the label's QR text."""
    response = client.post(
        "/api/v1/sscc", json={"count": 2}, headers=bearer(token_for(Role.WAREHOUSE))
    )
    assert response.status_code == 201
    body = response.json
    assert [link.rsplit("/", 1)[1] for link in body["digital_links"]] == body["ssccs"]
    assert all(link.startswith(f"{BASE}/00/0{PREFIX}") for link in body["digital_links"])
    refused = client.post("/api/v1/sscc", json={}, headers=bearer(token_for(Role.CUSTOMS)))
    assert refused.status_code == 403
