"""Batches from systems and lines over HTTP: a platform's orders with their payments and
waybills, pick scans uploaded together, a pack line's weighings. Each item is answered alone
with its code; a refused one changes nothing, and the ledger still equals the stock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from tests.integration.bonded.conftest import ReleaseAll, order_docs
from tests.integration.bonded.test_batch_api import codes, receipts
from tests.integration.bonded.test_flow import assert_ledger_equals_stock
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.customs.documents import to_json
from warehouse.fulfilment.models import Parcel

H = Callable[[Role], dict[str, str]]


def trio(docs: Any) -> dict[str, Any]:
    order, payment, waybill = docs
    return {"order": to_json(order), "payment": to_json(payment), "waybill": to_json(waybill)}


def test_orders_picks_and_pack_line_in_batches(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Orders kept whole (a repeat refused), picks checked as single scans (a wrong bin
    refused), weighings in tolerance packed and out of it held: each answered in order."""
    boss, floor = headers(Role.SUPERVISOR), headers(Role.WAREHOUSE)
    docs = [order_docs(plan, n) for n in range(1, 4)]
    batch = {"warehouse": demo.WAREHOUSE, "orders": [trio(d) for d in [*docs, docs[0]]]}
    taken = client.post("/api/v1/order-batches", json=batch, headers=boss)
    assert codes(taken) == ["OK"] * 3 + ["E_DOCUMENT_EXISTS"]
    nos = [d[0].order_no for d in docs]
    declared = client.post("/api/v1/declarations", json={"orders": nos}, headers=boss)
    assert codes(declared) == ["OK"] * 3
    assert codes(receipts(client, headers, *[(no, "800") for no in nos])) == ["OK"] * 3
    wave = client.post("/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=floor).json
    scans = [
        {"task": t["id"], "qty": t["qty"], "bin": t["bin"], "item": t["gtin"]}
        for t in wave["tasks"]
    ]
    wrong = {**scans[0], "bin": "NO-SUCH-BIN"}
    picked = client.post("/api/v1/pick-batches", json={"scans": [wrong, *scans]}, headers=floor)
    assert codes(picked) == ["E_WRONG_BIN"] + ["OK"] * len(scans)
    waybills = [d[2].logistics_no for d in docs]
    weighings = [{"parcel": w, "gross_g": 1} for w in waybills[:1]]
    expected = [_expected(client, w) for w in waybills[1:]]
    weighings += [{"parcel": w, "gross_g": g} for w, g in zip(waybills[1:], expected, strict=True)]
    line = {"line": "LINE-1", "weighings": weighings}
    packed = client.post("/api/v1/pack-batches", json=line, headers=floor)
    assert codes(packed) == ["E_UNDERWEIGHT", "OK", "OK"]
    assert [i["result"] for i in packed.json["items"]] == ["held", "ok", "ok"]
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def _expected(client: FlaskClient, waybill: str) -> int:
    with client.application.app_context():
        return int(db.session.scalar(select(Parcel.expected_g).where(Parcel.code == waybill)))


def test_floor_batches_refuse_bad_input_before_anything_happens(
    client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Empty batches, a zero quantity, an unknown field and the wrong role are refused."""
    boss, floor = headers(Role.SUPERVISOR), headers(Role.WAREHOUSE)
    assert client.post("/api/v1/pick-batches", json={"scans": []}, headers=floor).status_code == 422
    zero = {"scans": [{"task": 1, "qty": 0}]}
    assert client.post("/api/v1/pick-batches", json=zero, headers=floor).status_code == 422
    odd = {"line": "L", "weighings": [{"parcel": "P", "gross_g": 1, "colour": "red"}]}
    assert client.post("/api/v1/pack-batches", json=odd, headers=floor).status_code == 422
    orders = {"warehouse": demo.WAREHOUSE, "orders": []}
    assert client.post("/api/v1/order-batches", json=orders, headers=boss).status_code == 422
    docs = {"warehouse": demo.WAREHOUSE, "orders": [trio(order_docs(plan, 1))]}
    assert client.post("/api/v1/order-batches", json=docs, headers=floor).status_code == 403
