"""A restock waits for customs: the CEB625 leaves through the customs port the manifests take,
and customs' CEB626 answer restocks (with refund and quota) or keeps the goods out."""

from __future__ import annotations

from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app import customs
from app.extensions import db
from simulators.customs import CustomsSimulator
from simulators.customs_returns import ReturnDesk, read_return
from tests.integration.bonded.conftest import ReleaseAll
from tests.integration.bonded.test_flow import assert_ledger_equals_stock
from tests.integration.returns.conftest import H, buyer_total, customs_answers, sell
from warehouse.access.audit import Actor
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.bonded.ledger import LedgerEntry
from warehouse.customs.returns_port import parse
from warehouse.db import utcnow
from warehouse.masterdata.models import Warehouse
from warehouse.returns import declaration, disposition, grading
from warehouse.returns.models import ReturnRequest, TaxRefund
from warehouse.returns.receiving import receive

CLERK = Actor("returns", "test-clerk")
CUSTOMS = Actor("customs", "test-customs")


def graded_return(client: FlaskClient, headers: H, plan: demo.Demo, n: int) -> tuple[Any, str]:
    order, waybill = sell(client, headers, plan, n)
    h = headers(Role.RETURNS)
    got = client.post("/api/v1/returns/scans", json={"code": waybill.logistics_no}, headers=h)
    assert got.json["code"] == "OK", got.json
    no = got.json["details"]["ret"]
    graded = client.post(f"/api/v1/returns/{no}/grade", json={"grade": "resaleable"}, headers=h)
    assert graded.json["suggestion"] == "restock", graded.json
    return order, no


def restock(client: FlaskClient, headers: H, no: str) -> Any:
    body = {"kind": "restock"}
    return client.post(
        f"/api/v1/returns/{no}/disposition", json=body, headers=headers(Role.RETURNS)
    )


def returned_in(app: APIFlask, no: str) -> int:
    with app.app_context():
        found = db.session.scalar(
            select(func.coalesce(func.sum(LedgerEntry.quantity), 0)).where(
                LedgerEntry.doc_no == no, LedgerEntry.kind == "return_in"
            )
        )
    return int(found)


def install(app: APIFlask, **rates: float) -> CustomsSimulator:
    sim = CustomsSimulator(seed=0, returns=ReturnDesk(seed=0, refusal_rates=dict(rates)))
    customs.install(app.extensions, customs.InProcessCustoms(sim, customs.credit_class))
    return sim


def test_restock_waits_for_the_customs_approval_of_its_ceb625(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """The CEB625 is sent through the customs port after the decision; until customs approves
    it (CEB626 800) nothing enters the ledger, no refund, the buyer's year unchanged; approval
    restocks once, a repeated approval changes nothing and a late refusal is out of order."""
    order, no = graded_return(client, headers, plan, 31)
    before, sent = buyer_total(app, order.order_no), len(port.sent)
    done = restock(client, headers, no)
    assert done.json["status"] == "declared" and done.json["customs_status"] == "declared"
    assert len(port.sent) == sent + 1 and "CEB625Message" in port.sent[-1]
    assert read_return(port.sent[-1]).lines == tuple((ln.gnum, ln.qty) for ln in order.lines)
    assert returned_in(app, no) == 0 and buyer_total(app, order.order_no) == before
    h = headers(Role.RETURNS)
    assert client.get(f"/api/v1/returns/{no}/tax-refund", headers=h).status_code == 404
    received = customs_answers(client, headers, no, "120")
    assert received.json["status"] == "declared" and received.json["customs_status"] == "received"
    approved = customs_answers(client, headers, no, "800", "approved")
    assert approved.json["status"] == "restocked" and approved.json["customs_status"] == "approved"
    units = sum(ln.qty for ln in order.lines)
    assert returned_in(app, no) == units and buyer_total(app, order.order_no) < before
    again = customs_answers(client, headers, no, "800")
    assert again.status_code == 200 and returned_in(app, no) == units
    refused = customs_answers(client, headers, no, "100")
    assert refused.status_code == 409 and refused.json["code"] == "E_RECEIPT_OUT_OF_ORDER"
    assert client.get(f"/api/v1/returns/{no}/tax-refund", headers=h).json["status"] == "recorded"
    assert len(port.sent) == sent + 1  # sent once, not again by later dispositions
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_a_return_refused_by_customs_stays_out_of_the_ledger_with_its_reason(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """The customs simulator refuses the CEB625 (its document check, seeded, rate 1): the
    return is customs_refused with customs' reason; no ledger entry, refund or quota change."""
    order, no = graded_return(client, headers, plan, 32)
    before = buyer_total(app, order.order_no)
    install(app, advanced=1.0, ordinary=1.0, dishonest=1.0)
    done = restock(client, headers, no)
    assert done.json["status"] == "customs_refused", done.json
    assert done.json["customs_status"] == "refused"
    assert "document check failed" in done.json["customs_info"]
    assert returned_in(app, no) == 0 and buyer_total(app, order.order_no) == before
    h = headers(Role.RETURNS)
    assert client.get(f"/api/v1/returns/{no}/tax-refund", headers=h).status_code == 404
    again = restock(client, headers, no)
    assert again.status_code == 409 and again.json["code"] == "E_ALREADY_DISPOSED"
    kpis = client.get("/api/v1/kpis/returns", headers=h).json
    assert kpis["by_disposition"]["customs_refused"] == 1 and kpis["recovery_rate_units"] == 0
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_the_customs_simulator_approves_a_return_and_it_is_restocked_at_once(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """With the in-process customs simulator (no refusals drawn), the restock request comes
    back restocked: the simulator answered 120 and 800 and the refund was recorded."""
    order, no = graded_return(client, headers, plan, 33)
    install(app, advanced=0.0, ordinary=0.0, dishonest=0.0)
    done = restock(client, headers, no)
    assert done.json["status"] == "restocked", done.json
    assert returned_in(app, no) == sum(ln.qty for ln in order.lines)
    h = headers(Role.RETURNS)
    assert client.get(f"/api/v1/returns/{no}/tax-refund", headers=h).json["total_fen"] >= 0
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_service_level_declare_send_and_answer(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Services only (no HTTP after the sale): receive, grade, restock decision, send through
    a port backed by the simulator's returns desk, apply its CEB626s: restocked once; a
    second return request for the same manifest would be refused by the desk."""
    order, waybill = sell(client, headers, plan, 34)
    policy, desk, now = app.extensions["silkhub.settings"].policy, ReturnDesk(seed=3), utcnow()
    answers: list[str] = []

    class DeskPort:
        def declare(self, message: str) -> None:
            answers.extend(desk.handle(message, "ordinary"))

    with app.app_context():
        s = db.session
        here = s.scalar(select(Warehouse.id).where(Warehouse.code == demo.WAREHOUSE))
        assert here is not None
        got = receive(s, CLERK, waybill.logistics_no, here, policy, now)
        grading.grade(s, CLERK, got.ret.no, grading.Grading("resaleable"), policy, now)
        disposition.dispose(s, CLERK, got.ret.no, disposition.Decision("restock"), policy, now)
        s.commit()
        assert declaration.send_pending(s, DeskPort(), now) == 1
        s.commit()
        assert declaration.send_pending(s, DeskPort(), now) == 0
        for message in answers:
            declaration.apply_answer(s, CUSTOMS, parse(message), now)
            s.commit()
        ret = s.scalar(select(ReturnRequest).where(ReturnRequest.no == got.ret.no))
        assert ret is not None and ret.status == "restocked"
        refunds = s.scalar(select(func.count(TaxRefund.id)).where(TaxRefund.return_id == ret.id))
        assert refunds == 1
        assert ret.ceb625_xml is not None
        assert "already approved" in desk.handle(ret.ceb625_xml, "ordinary")[-1]
    assert returned_in(app, got.ret.no) == sum(ln.qty for ln in order.lines)
