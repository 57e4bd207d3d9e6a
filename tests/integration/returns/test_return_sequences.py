"""Any sequence of returns keeps the ledger equal to bonded stock and buyers' totals >= 0."""

from __future__ import annotations

import random

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.integration.bonded.test_flow import assert_ledger_equals_stock
from tests.integration.returns.conftest import H, customs_answers, sell
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.customs.models import BuyerYear

PNG = b"\x89PNG\r\n\x1a\n" + b"\x01" * 32
PATHS = {
    "restock": [("resaleable", "restock")],
    "repack": [("repack", "hold_for_seller"), (None, "restock")],
    "destroy": [("damaged", "destroy")],
    "abroad": [("damaged", "hold_for_seller"), (None, "return_abroad")],
}


def _walk(client: FlaskClient, headers: H, no: str, path: str) -> None:
    h = headers(Role.RETURNS)
    for grade, kind in PATHS[path]:
        if grade:
            body = {"grade": grade}
            assert (
                client.post(f"/api/v1/returns/{no}/grade", json=body, headers=h).status_code == 200
            )
        evidence = {"waybill": "EXP-1"} if kind == "return_abroad" else {}
        if kind == "destroy":
            client.post(f"/api/v1/returns/{no}/photos", data=PNG, headers=h)
        body = {"kind": kind, "evidence": evidence}
        done = client.post(f"/api/v1/returns/{no}/disposition", json=body, headers=h)
        assert done.status_code == 200, done.json
        if kind == "restock":
            approved = customs_answers(client, headers, no, "800")
            assert approved.json["status"] == "restocked", approved.json


def test_seeded_sequences_of_returns_keep_ledger_and_quota_invariants(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: object
) -> None:
    """Four parcels returned along a seeded random mix of paths (restock approved by customs,
    hold then restock, destroy, hold then return abroad), in random order: after every step
    ledger == stock,
    the ledger check passes and no buyer's annual total is negative."""
    rng = random.Random(1210625)
    sold = [sell(client, headers, plan, 20 + i) for i in range(4)]
    rng.shuffle(sold)
    h = headers(Role.RETURNS)
    for _order, waybill in sold:
        got = client.post("/api/v1/returns/scans", json={"code": waybill.logistics_no}, headers=h)
        assert got.json["code"] == "OK", got.json
        _walk(client, headers, got.json["details"]["ret"], rng.choice(sorted(PATHS)))
        assert_ledger_equals_stock(client, headers(Role.CUSTOMS))
        with app.app_context():
            assert db.session.scalar(select(func.min(BuyerYear.total_fen))) >= 0
