"""Bad input is refused with a stable code and a plain message, and changes nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.integration.bonded.conftest import ReleaseAll, order_docs, receipt, send_docs
from tests.integration.bonded.test_flow import declare, scan
from warehouse.access.audit_chain import AuditRecord
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.bonded.ledger import LedgerEntry, LedgerItem
from warehouse.bonded.stock import Stock
from warehouse.customs.models import BuyerYear, RetailOrder

H = Callable[[Role], dict[str, str]]


def snapshot(app: APIFlask) -> tuple[Any, ...]:
    """Everything a refused operation must leave as it was."""
    with app.app_context():
        s = db.session
        return (
            s.execute(
                select(LedgerItem.id, LedgerItem.balance, LedgerItem.frozen).order_by(LedgerItem.id)
            ).all(),
            s.execute(
                select(
                    Stock.id, Stock.bin_id, Stock.quantity, Stock.reserved, Stock.hold_id
                ).order_by(Stock.id)
            ).all(),
            s.scalar(select(func.count(LedgerEntry.id))),
            s.execute(select(BuyerYear.id_number, BuyerYear.total_fen)).all(),
            s.execute(select(RetailOrder.order_no, RetailOrder.status)).all(),
            s.scalar(select(func.count(AuditRecord.id))),
        )


def refused(response: Any, code: str) -> None:
    assert response.status_code in (400, 403, 404, 409, 422), response.json
    assert response.content_type == "application/problem+json"
    assert response.json["code"] == code and response.json["detail"]


def _declare_refused(client: FlaskClient, headers: H, app: APIFlask, docs: Any, code: str) -> Any:
    h = headers(Role.SUPERVISOR)
    assert [r.status_code for r in send_docs(client, h, docs)] == [201] * 3
    before = snapshot(app)
    response = client.post(f"/api/v1/orders/{docs[0].order_no}/declare", headers=h)
    refused(response, code)
    assert snapshot(app) == before
    return response


def test_unknown_sku_is_refused(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask
) -> None:
    """An order line naming no registered SKU: E_UNKNOWN_SKU, no order stored."""
    order, _p, _w = order_docs(plan, 1)
    line = dataclasses.replace(order.lines[0], item_no="NO-SUCH-SKU")
    before = snapshot(app)
    response = send_docs(
        client, headers(Role.SUPERVISOR), (dataclasses.replace(order, lines=(line,)), _p, _w)
    )[0]
    refused(response, "E_UNKNOWN_SKU")
    assert snapshot(app)[4] == before[4]


def test_unknown_hs_code_and_negative_list(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask
) -> None:
    """A SKU with a bad HS code is refused; goods on the prohibited list never enter."""
    h = headers(Role.SUPERVISOR)
    sku = {
        "code": "ARMS",
        "gtin": demo.gtin(9999),
        "name": "x",
        "owner": demo.OPERATOR,
        "hs_code": "99",
        "unit_value_fen": 100,
        "gross_g": 10,
        "net_g": 9,
        "origin": "USA",
    }
    refused(client.post("/api/v1/skus", json=sku, headers=h), "E_UNKNOWN_HS_CODE")
    assert (
        client.post("/api/v1/skus", json={**sku, "hs_code": "9301000000"}, headers=h).status_code
        == 201
    )
    before = snapshot(app)
    entry = {
        "no": "ENT-X",
        "warehouse": demo.WAREHOUSE,
        "owner": demo.OPERATOR,
        "lines": [{"sku": "ARMS", "quantity": 5}],
    }
    refused(client.post("/api/v1/entries", json=entry, headers=h), "E_PROHIBITED")
    assert snapshot(app)[:3] == before[:3]


def test_over_the_single_limit(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask, port: ReleaseAll
) -> None:
    """Many units over 5,000 CNY: E_OVER_SINGLE_LIMIT, nothing reserved or counted."""
    order, payment, waybill = order_docs(plan, 2)
    line = dataclasses.replace(order.lines[0], qty=40, price=Decimal("199.00"))
    big = dataclasses.replace(order, lines=(line,), goods_value=line.total)
    response = _declare_refused(
        client, headers, app, (big, payment, waybill), "E_OVER_SINGLE_LIMIT"
    )
    assert response.json["code"] == "E_OVER_SINGLE_LIMIT"


def test_buyer_who_is_not_the_payer(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask, port: ReleaseAll
) -> None:
    """Payer differs from buyer: E_BUYER_NOT_PAYER, the mismatching fields listed."""
    order, payment, waybill = order_docs(plan, 3)
    other = dataclasses.replace(payment, payer_name="赵六")
    response = _declare_refused(client, headers, app, (order, other, waybill), "E_BUYER_NOT_PAYER")
    assert {m["field"] for m in response.json["mismatches"]} == {"payerName"}


def test_mismatching_documents_report_every_field(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask, port: ReleaseAll
) -> None:
    """Waybill consignee and freight, order tax all wrong: each one named."""
    order, payment, waybill = order_docs(plan, 4)
    bad_waybill = dataclasses.replace(waybill, consignee="某人", freight=waybill.freight + 50)
    bad_order = dataclasses.replace(order, tax_total=order.tax_total + 30)
    response = _declare_refused(
        client, headers, app, (bad_order, payment, bad_waybill), "E_DOCUMENTS_MISMATCH"
    )
    fields = {m["field"] for m in response.json["mismatches"]}
    assert {"consignee", "freight", "taxTotal"} <= fields


def test_putaway_into_a_full_or_wrong_zone(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask
) -> None:
    """Putaway to the gate area: E_WRONG_ZONE; into a bin without room: E_ZONE_FULL."""
    h = headers(Role.SUPERVISOR)
    spec = next(s for s in plan.skus if not s.cold_chain)
    entry = {
        "no": "ENT-P",
        "warehouse": demo.WAREHOUSE,
        "owner": demo.OPERATOR,
        "lines": [{"sku": spec.code, "quantity": 1990, "lot": "LP", "expiry": "2029-01-01"}],
    }
    assert client.post("/api/v1/entries", json=entry, headers=h).status_code == 201
    got = client.post(
        "/api/v1/entries/ENT-P/receipts", json={"code": spec.gtin, "quantity": 1990}, headers=h
    )
    assert got.status_code == 201
    before = snapshot(app)
    body = {"warehouse": demo.WAREHOUSE, "code": spec.gtin, "bin": "QD-GATE"}
    refused(client.post("/api/v1/putaway", json=body, headers=h), "E_WRONG_ZONE")
    full = "QD-B-01-01"
    refused(client.post("/api/v1/putaway", json={**body, "bin": full}, headers=h), "E_ZONE_FULL")
    assert snapshot(app) == before


def test_a_pick_from_held_stock_is_refused(
    client: FlaskClient, headers: H, plan: demo.Demo, app: APIFlask, port: ReleaseAll
) -> None:
    """Customs holds the lot after the order reserved it: the pick gets E_CUSTOMS_HOLD."""
    order, _payment, _waybill = declare(client, headers, 5, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "800")
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    ).json
    assert (
        client.post(
            "/api/v1/entries/ENT-DEMO-0001/inspection", headers=headers(Role.CUSTOMS)
        ).status_code
        == 200
    )
    before = snapshot(app)
    task = wave["tasks"][0]
    answer = scan(client, headers, "pick", task["gtin"], location=task["bin"])
    assert answer["code"] == "E_CUSTOMS_HOLD" and answer["result"] == "error"
    after = snapshot(app)
    assert after[:3] == before[:3]


def test_a_receipt_from_anyone_but_customs_is_forbidden(client: FlaskClient, headers: H) -> None:
    """Only the customs role posts receipts."""
    response = receipt(client, headers(Role.SUPERVISOR), "X", "800")
    assert response.status_code == 403
