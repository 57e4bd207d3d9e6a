"""Returns fixtures: the bonded demo warehouse (fixtures reused) and a parcel sold under 1210
through the bonded flow's API: declared, released by customs, picked, packed, out the gate."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import select, update

from app.extensions import db
from tests.integration.bonded.conftest import headers, plan, port, receipt  # noqa: F401
from tests.integration.bonded.test_flow import declare, pick_and_pack, scan
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import BuyerYear, RetailOrder
from warehouse.db import utcnow

H = Callable[[Role], dict[str, str]]


def sell(client: FlaskClient, headers: H, plan: demo.Demo, n: int) -> tuple[Any, Any]:  # noqa: F811
    """Order n sold under 1210 and written off at the gate; (order doc, waybill doc)."""
    order, _payment, waybill = declare(client, headers, n, plan)
    assert receipt(client, headers(Role.CUSTOMS), order.order_no, "800").status_code == 200
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "OK"
    return order, waybill


def customs_answers(
    client: FlaskClient, role_headers: H, no: str, status: str, info: str = "test"
) -> Any:
    """Customs answers the return's CEB625 with a CEB626 (120 received, 800, 100 refused)."""
    from simulators.customs_returns import return_receipt_xml
    from warehouse.customs import xml

    h = role_headers(Role.CUSTOMS)
    ceb625 = xml.parse(client.get(f"/api/v1/returns/{no}/ceb625", headers=h).data)
    return client.post(
        "/api/v1/returns/customs-receipts",
        data=return_receipt_xml(ceb625.cop_no, ceb625.invt_no, status, info),
        headers={**h, "Content-Type": "application/xml"},
    )


def released_days_ago(app: APIFlask, order_no: str, days: float) -> None:
    """Move the manifest's release back in time (the clock runs from it)."""
    with app.app_context():
        order_id = db.session.scalar(select(RetailOrder.id).where(RetailOrder.order_no == order_no))
        db.session.execute(
            update(Manifest)
            .where(Manifest.order_id == order_id)
            .values(released_at=utcnow() - timedelta(days=days))
        )
        db.session.commit()


def buyer_total(app: APIFlask, order_no: str) -> int:
    with app.app_context():
        order = db.session.scalar(select(RetailOrder).where(RetailOrder.order_no == order_no))
        assert order is not None
        total = db.session.scalar(
            select(BuyerYear.total_fen).where(
                BuyerYear.id_number == order.buyer_id_number, BuyerYear.year == order.year
            )
        )
        return int(total or 0)


def order_row(app: APIFlask, order_no: str) -> dict[str, int]:
    with app.app_context():
        order = db.session.scalar(select(RetailOrder).where(RetailOrder.order_no == order_no))
        assert order is not None
        return {
            "duty": order.duty_fen,
            "ct": order.ct_fen,
            "vat": order.vat_fen,
            "value": order.value_fen,
        }
