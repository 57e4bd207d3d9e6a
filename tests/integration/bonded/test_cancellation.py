"""Withdrawing a declared manifest (CEB623) and customs' answer (CEB624)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import customs
from app.extensions import db
from simulators.customs import CustomsSimulator, cancel_receipt_xml
from tests.integration.bonded.conftest import ReleaseAll, receipt
from tests.integration.bonded.test_flow import declare, pick_and_pack
from tests.integration.bonded.test_refusals import refused, snapshot
from warehouse.access.audit_chain import AuditRecord
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.bonded.check import differences
from warehouse.bonded.holds import Hold
from warehouse.bonded.ledger import LedgerItem
from warehouse.bonded.stock import Stock
from warehouse.customs import xml
from warehouse.customs.documents import CancelRequest
from warehouse.fulfilment.models import Parcel, PickTask

H = Callable[[Role], dict[str, str]]


def cancel(client: FlaskClient, headers: H, order_no: str, reason: str = "buyer cancelled") -> Any:
    return client.post(
        f"/api/v1/orders/{order_no}/cancellation",
        json={"reason": reason},
        headers=headers(Role.SUPERVISOR),
    )


def answer(client: FlaskClient, headers: H, cop_no: str, status: str) -> Any:
    return client.post(
        "/api/v1/customs/receipts",
        data=cancel_receipt_xml(cop_no, "I" + cop_no, status, "test"),
        headers={**headers(Role.CUSTOMS), "Content-Type": "application/xml"},
    )


def _actions(app: APIFlask, cop_no: str) -> list[str]:
    with app.app_context():
        return list(
            db.session.scalars(
                select(AuditRecord.action)
                .where(AuditRecord.object_id == cop_no)
                .order_by(AuditRecord.seq)
            )
        )


def _task_statuses(app: APIFlask) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(select(PickTask.status)))


def _balanced(app: APIFlask) -> None:
    with app.app_context():
        assert differences(db.session) == []


def test_an_approved_withdrawal_gives_back_stock_and_the_buyers_year(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """CEB623 carries copNo/invtNo/reason, sent after commit; on 399 the reservations, pick
    tasks and the buyer's year are given back, the manifest is cancelled, all audited."""
    before = snapshot(app)
    order, _payment, _waybill = declare(client, headers, 1, plan)
    cop_no = order.order_no
    receipt(client, headers(Role.CUSTOMS), cop_no, "120")
    done = cancel(client, headers, cop_no, "buyer cancelled")
    assert done.status_code == 200, done.json
    assert (done.json["status"], done.json["cancellation"]) == ("cancel_requested", "requested")
    with app.app_context():
        sent = xml.parse(port.sent[-1], customs.signer())
    assert isinstance(sent, CancelRequest)
    assert (sent.cop_no, sent.invt_no, sent.reason) == (cop_no, "I" + cop_no, "buyer cancelled")

    assert answer(client, headers, cop_no, "120").json["status"] == "cancel_requested"
    out = answer(client, headers, cop_no, "399").json
    assert (out["status"], out["manifest_status"], out["cancellation"]) == (
        "cancelled",
        "cancelled",
        "approved",
    )
    after = snapshot(app)
    assert after[:3] == before[:3]  # ledger, stock (reserved back), ledger entries
    assert {tuple(r) for r in after[3] if r[1]} == {tuple(r) for r in before[3] if r[1]}
    assert _task_statuses(app) == {"cancelled"}
    _balanced(app)
    assert _actions(app, cop_no)[-2:] == ["manifest.cancel_requested", "manifest.cancel_receipt"]

    assert answer(client, headers, cop_no, "399").status_code == 200
    assert snapshot(app) == after
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    ).json
    assert wave["id"] is None
    refused(cancel(client, headers, cop_no), "E_ALREADY_CANCELLED")


def test_a_refused_withdrawal_puts_the_order_back(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """On 100 the order is declared again, keeps its stock, and is picked once released;
    while the withdrawal is pending no wave takes it and a second one is refused."""
    order, _payment, waybill = declare(client, headers, 2, plan)
    cop_no = order.order_no
    receipt(client, headers(Role.CUSTOMS), cop_no, "120")
    reserved = snapshot(app)[1]
    assert cancel(client, headers, cop_no).status_code == 200
    refused(cancel(client, headers, cop_no), "E_CANCEL_PENDING")
    receipt(client, headers(Role.CUSTOMS), cop_no, "800")
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    ).json
    assert wave["id"] is None
    out = answer(client, headers, cop_no, "100").json
    assert (out["status"], out["manifest_status"]) == ("declared", "released")
    assert snapshot(app)[1] == reserved
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    _balanced(app)


@pytest.mark.parametrize(
    ("receipts", "code"),
    [
        (["120", "800"], "E_ALREADY_RELEASED"),
        (["100"], "E_ALREADY_CANCELLED"),
        ([], "E_NOT_YET_ACCEPTED"),
    ],
)
def test_a_withdrawal_that_does_not_fit_is_refused_and_changes_nothing(
    app: APIFlask,
    client: FlaskClient,
    headers: H,
    plan: demo.Demo,
    port: ReleaseAll,
    receipts: list[str],
    code: str,
) -> None:
    """Released, rejected or not yet numbered by customs: a stable code, nothing changed,
    nothing sent."""
    order, _payment, _waybill = declare(client, headers, 3, plan)
    for status in receipts:
        receipt(client, headers(Role.CUSTOMS), order.order_no, status)
    before, sent = snapshot(app), len(port.sent)
    refused(cancel(client, headers, order.order_no), code)
    assert snapshot(app) == before
    assert len(port.sent) == sent


def test_goods_on_the_floor_go_back_on_a_shelf_when_the_withdrawal_is_approved(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """An order a wave has taken (held for inspection, picked, packed) may be withdrawn: on
    399 its holds are released, its goods go to storage bins (parcel ``withdrawn``), nothing
    stays frozen or reserved, and the ledger still equals stock."""
    order, _payment, waybill = declare(client, headers, 4, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "500")
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    done = cancel(client, headers, order.order_no)
    assert done.status_code == 200, done.json
    assert answer(client, headers, order.order_no, "399").status_code == 200
    with app.app_context():
        s = db.session
        parcel = s.scalar(select(Parcel).where(Parcel.code == waybill.logistics_no))
        assert parcel is not None and parcel.status == "withdrawn"
        assert not s.scalar(select(func.sum(Stock.quantity)).where(Stock.parcel_id == parcel.id))
        assert not s.scalar(select(func.sum(LedgerItem.frozen)))
        assert not s.scalar(select(func.sum(Stock.reserved)))
        assert s.scalar(select(func.count(Hold.id)).where(Hold.active)) == 0
    assert "parcel.withdrawn" in _actions(app, waybill.logistics_no)
    _balanced(app)


def test_a_refused_withdrawal_leaves_a_picked_order_on_the_floor(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Customs refusing (100) the withdrawal of an order a wave has taken puts it back to
    ``picking`` (a wave never takes it again) with its parcel and goods as they were."""
    order, _payment, _waybill = declare(client, headers, 5, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "500")
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    )
    assert wave.status_code == 201 and wave.json["tasks"], wave.json
    before = snapshot(app)[:5]  # ledger, stock, entries, buyers' years, orders; not the audit
    assert cancel(client, headers, order.order_no).status_code == 200
    assert answer(client, headers, order.order_no, "100").status_code == 200
    assert snapshot(app)[:5] == before
    got = client.get(f"/api/v1/orders/{order.order_no}", headers=headers(Role.SUPERVISOR)).json
    assert got["status"] == "picking"
    again = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    )
    assert again.json["id"] is None
    _balanced(app)


def test_the_simulator_approves_the_withdrawal_of_an_inspected_manifest(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Through the in-process port: CEB621 -> 120, 500; CEB623 -> CEB624 120, 399; the
    order ends cancelled and the ledger stays balanced."""
    everyone = {"advanced": 1.0, "ordinary": 1.0, "dishonest": 1.0}
    simulator = CustomsSimulator(seed=3, rates=everyone)
    customs.install(app.extensions, customs.InProcessCustoms(simulator, customs.credit_class))
    try:
        order, _payment, _waybill = declare(client, headers, 5, plan)
        read = client.get(f"/api/v1/orders/{order.order_no}", headers=headers(Role.SUPERVISOR))
        assert read.json["manifest_status"] == "inspection"
        out = cancel(client, headers, order.order_no).json
        assert (out["status"], out["manifest_status"]) == ("cancelled", "cancelled")
        assert order.order_no not in simulator.inspected
        _balanced(app)
    finally:
        app.extensions.pop(customs.EXTENSION, None)


def test_only_order_senders_withdraw_and_only_known_orders(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """The floor may not withdraw a manifest (403); an unknown order is E_UNKNOWN_ORDER."""
    order, _payment, _waybill = declare(client, headers, 6, plan)
    floor = client.post(
        f"/api/v1/orders/{order.order_no}/cancellation",
        json={"reason": "x"},
        headers=headers(Role.WAREHOUSE),
    )
    assert floor.status_code == 403
    refused(cancel(client, headers, "NO-SUCH-ORDER"), "E_UNKNOWN_ORDER")
