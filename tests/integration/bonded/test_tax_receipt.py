"""Customs' tax receipt (CEB816) stored against the released manifest and checked."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import customs
from app.extensions import db
from simulators.customs import CustomsSimulator, RiskRules
from simulators.customs_tax import Tariff, tax_receipt_xml
from tests.integration.bonded.conftest import ReleaseAll, receipt, send_docs
from tests.integration.bonded.test_flow import declare
from tests.integration.bonded.test_refusals import refused, snapshot
from warehouse.access.audit_chain import AuditRecord
from warehouse.access.roles import Role
from warehouse.bonded import demo

H = Callable[[Role], dict[str, str]]


def post_tax(client: FlaskClient, headers: H, message: str) -> Any:
    return client.post(
        "/api/v1/customs/receipts",
        data=message,
        headers={**headers(Role.CUSTOMS), "Content-Type": "application/xml"},
    )


def _tax_records(app: APIFlask, cop_no: str) -> list[dict[str, Any]]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditRecord.details).where(
                    AuditRecord.object_id == cop_no, AuditRecord.action == "manifest.tax_receipt"
                )
            )
        )


def test_the_simulators_tax_receipts_match_the_orders_tax(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Through the in-process port each released manifest gets a CEB816 whose amounts equal
    the tax the order computed (cosmetics with consumption tax among them)."""
    never = {"advanced": 0.0, "ordinary": 0.0, "dishonest": 0.0}
    simulator = CustomsSimulator(seed=1, rates=never, risk=RiskRules(value_extra=0, hs_extra=0))
    customs.install(app.extensions, customs.InProcessCustoms(simulator, customs.credit_class))
    try:
        for n in range(1, 7):
            order, _payment, _waybill = declare(client, headers, n, plan)
            read = client.get(f"/api/v1/orders/{order.order_no}", headers=headers(Role.CUSTOMS))
            assert read.json["manifest_status"] == "released"
            assert (read.json["tax_receipt"], read.json["assessed_tax"]) == (
                "matched",
                read.json["tax"],
            )
    finally:
        app.extensions.pop(customs.EXTENSION, None)


def test_a_discounted_orders_manifest_declares_what_was_paid_and_customs_agrees(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """A platform discount is spread over the manifest's lines (their totalPrice sums to goods
    less discount), so customs' assessment from the CEB621 alone equals the order's tax."""
    for n, discount in ((1, "10.00"), (2, "3.33"), (3, "25.50")):
        docs = demo.make_order(random.Random(n), plan, n, discount=Decimal(discount))
        order = docs[0]
        assert order.discount > 0
        statuses = [r.status_code for r in send_docs(client, headers(Role.SUPERVISOR), docs)]
        assert statuses == [201] * 3
        done = client.post(
            f"/api/v1/orders/{order.order_no}/declare", headers=headers(Role.SUPERVISOR)
        )
        assert done.status_code == 200, done.json
        sent = port.sent[-1]
        totals = re.findall(r"totalPrice>([0-9.]+)<", sent)
        assert sum(map(Decimal, totals)) == order.goods_value - order.discount
        receipt(client, headers(Role.CUSTOMS), order.order_no, "800")
        out = post_tax(client, headers, tax_receipt_xml(sent, "I" + order.order_no, Tariff()))
        assert out.status_code == 200, out.json
        assert (out.json["tax_receipt"], out.json["assessed_tax"]) == ("matched", out.json["tax"])


def test_a_different_assessment_is_flagged_not_refused(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """A CEB816 whose amounts differ from the order's tax is stored as ``mismatch`` with an
    audit record of both; the same one again changes nothing; a reassessment replaces it."""
    order, _payment, _waybill = declare(client, headers, 2, plan)
    cop_no = order.order_no
    receipt(client, headers(Role.CUSTOMS), cop_no, "120")
    receipt(client, headers(Role.CUSTOMS), cop_no, "800")
    wrong = tax_receipt_xml(port.sent[0], "I" + cop_no, Tariff(vat=Decimal("0.20")))
    out = post_tax(client, headers, wrong)
    assert out.status_code == 200, out.json
    assert out.json["tax_receipt"] == "mismatch"
    assert Decimal(out.json["assessed_tax"]) > Decimal(out.json["tax"])
    (flagged,) = _tax_records(app, cop_no)
    assert flagged["status"] == "mismatch" and flagged["assessed"] != flagged["computed"]

    before = snapshot(app)
    assert post_tax(client, headers, wrong).json["tax_receipt"] == "mismatch"
    assert snapshot(app) == before

    right = post_tax(client, headers, tax_receipt_xml(port.sent[0], "I" + cop_no, Tariff()))
    assert right.json["tax_receipt"] == "matched"
    assert len(_tax_records(app, cop_no)) == 2


def test_no_tax_receipt_before_release(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """A CEB816 for a manifest customs has not released is refused (E_NOT_RELEASED) and
    stores nothing."""
    order, _payment, _waybill = declare(client, headers, 3, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "120")
    before = snapshot(app)
    message = tax_receipt_xml(port.sent[0], "I" + order.order_no, Tariff())
    refused(post_tax(client, headers, message), "E_NOT_RELEASED")
    assert snapshot(app) == before
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditRecord)) == before[5]
