"""Bonded fixtures: the demo warehouse with stock, API helpers for orders and the floor."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient

from app import customs
from app.extensions import db
from simulators.customs import CustomsSimulator
from tests.integration.conftest import TokenFor, bearer
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.customs.documents import to_json

Docs = tuple[Any, Any, Any]


class ReleaseAll:
    """A customs port that records manifests and lets the test answer for customs."""

    def __init__(self) -> None:
        self.sent: list[str] = []

    def declare(self, message: str) -> None:
        self.sent.append(message)


@pytest.fixture
def plan(app: APIFlask) -> demo.Demo:
    """The demo warehouse: SKUs, bins, buyers, and 40 units of every SKU on the shelves."""
    with app.app_context():
        made = demo.seed_masterdata(db.session)
        demo.stock_up(db.session, made, 40)
        db.session.commit()
    return made


@pytest.fixture
def port(app: APIFlask) -> ReleaseAll:
    recorder = ReleaseAll()
    customs.install(app.extensions, recorder)
    yield recorder
    app.extensions.pop(customs.EXTENSION, None)


@pytest.fixture
def headers(token_for: TokenFor) -> Callable[[Role], dict[str, str]]:
    cache: dict[Role, dict[str, str]] = {}

    def get(role: Role) -> dict[str, str]:
        if role not in cache:
            cache[role] = bearer(token_for(role))
        return cache[role]

    return get


def order_docs(plan: demo.Demo, n: int, seed: int = 7) -> Docs:
    return demo.make_order(random.Random(seed + n), plan, n)


def send_docs(client: FlaskClient, h: dict[str, str], docs: Docs) -> list[Any]:
    order, payment, waybill = docs
    return [
        client.post(
            "/api/v1/orders", json={"warehouse": demo.WAREHOUSE, **to_json(order)}, headers=h
        ),
        client.post("/api/v1/payments", json=to_json(payment), headers=h),
        client.post("/api/v1/waybills", json=to_json(waybill), headers=h),
    ]


def receipt(client: FlaskClient, h: dict[str, str], cop_no: str, status: str) -> Any:
    from simulators.customs import receipt_xml

    return client.post(
        "/api/v1/customs/receipts",
        data=receipt_xml(cop_no, "I" + cop_no, status, "test"),
        headers={**h, "Content-Type": "application/xml"},
    )


def in_process_customs(app: APIFlask, seed: int = 0) -> CustomsSimulator:
    sim = CustomsSimulator(seed=seed)
    customs.install(app.extensions, customs.InProcessCustoms(sim, customs.credit_class))
    return sim
