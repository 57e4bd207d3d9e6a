"""A parcel sold under 1210 and returned: scan -> grade -> restock, with the paperwork."""

from __future__ import annotations

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.integration.bonded.test_flow import assert_ledger_equals_stock
from tests.integration.returns.conftest import (
    H,
    buyer_total,
    customs_answers,
    order_row,
    released_days_ago,
    sell,
)
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.customs import xml
from warehouse.customs.documents import ReturnRequest
from warehouse.trace.models import EpcisEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def scan_return(client: FlaskClient, headers: H, code: str) -> dict:
    body = {"code": code, "site": "qd-bonded"}
    return client.post("/api/v1/returns/scans", json=body, headers=headers(Role.RETURNS)).json


def test_return_within_window_is_restocked_with_ledger_ceb625_refund_and_quota(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: object
) -> None:
    """Returned within 30/45 days and graded resaleable, restock approved by customs: return_in
    ledger entries, bonded stock, a CEB625, the order's tax refunded, the buyer's year reduced;
    the ledger check passes."""
    order, waybill = sell(client, headers, plan, 11)
    released_days_ago(app, order.order_no, 10)
    before = buyer_total(app, order.order_no)
    got = scan_return(client, headers, waybill.logistics_no)
    assert got["code"] == "OK", got
    no = got["details"]["ret"]
    assert got["details"]["order"] == order.order_no and got["details"]["opened_here"]
    h = headers(Role.RETURNS)
    graded = client.post(f"/api/v1/returns/{no}/grade", json={"grade": "resaleable"}, headers=h)
    assert graded.json["reasons"] == [] and graded.json["suggestion"] == "restock"
    done = client.post(f"/api/v1/returns/{no}/disposition", json={"kind": "restock"}, headers=h)
    assert done.status_code == 200 and done.json["status"] == "declared", done.json
    approved = customs_answers(client, headers, no, "800")
    assert approved.status_code == 200 and approved.json["status"] == "restocked", approved.json
    entries = client.get("/api/v1/ledgers/1/entries?limit=1000", headers=headers(Role.CUSTOMS))
    back = [e for e in entries.json["items"] if e["kind"] == "return_in"]
    assert sum(e["quantity"] for e in back) == sum(ln.qty for ln in order.lines)
    assert {e["doc_no"] for e in back} == {no}
    ceb = xml.parse(client.get(f"/api/v1/returns/{no}/ceb625", headers=h).data)
    assert isinstance(ceb, ReturnRequest) and ceb.order_no == order.order_no
    assert sorted(ceb.lines) == sorted((ln.gnum, ln.qty) for ln in order.lines)
    refund = client.get(f"/api/v1/returns/{no}/tax-refund", headers=h).json
    taxes = order_row(app, order.order_no)
    assert refund["total_fen"] == taxes["duty"] + taxes["ct"] + taxes["vat"]
    assert buyer_total(app, order.order_no) == before - taxes["value"] >= 0
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))
    with app.app_context():
        steps = db.session.scalar(
            select(func.count(EpcisEvent.id)).where(EpcisEvent.site == "qd-bonded")
        )
    assert steps == 3  # received, graded, restocked


def test_a_return_applied_for_late_is_refused_with_the_reason(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: object
) -> None:
    """Applied for 31 days after release: 422 E_RETURN_LATE saying by when; nothing recorded."""
    order, waybill = sell(client, headers, plan, 12)
    released_days_ago(app, order.order_no, 31)
    h = headers(Role.RETURNS)
    late = client.post("/api/v1/returns", json={"code": waybill.logistics_no}, headers=h)
    assert late.status_code == 422 and late.json["code"] == "E_RETURN_LATE"
    assert "applied for by" in late.json["detail"] and late.json["reason"] == "late_application"
    assert scan_return(client, headers, waybill.logistics_no)["code"] == "E_RETURN_LATE"
    assert client.get("/api/v1/returns", headers=h).json["items"] == []


def test_goods_arriving_after_the_arrival_window_are_refused_and_listed_as_missed(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: object
) -> None:
    """Applied at day 29, at the counter at day 46: E_RETURN_LATE (late_arrival); the request
    stays awaited and the deadlines list shows it missed."""
    order, waybill = sell(client, headers, plan, 13)
    released_days_ago(app, order.order_no, 29)
    h = headers(Role.RETURNS)
    opened = client.post("/api/v1/returns", json={"code": waybill.logistics_no}, headers=h)
    assert opened.status_code == 201, opened.json
    listed = client.get("/api/v1/return-deadlines?within_days=20", headers=h).json["items"]
    assert [d["clock"] for d in listed] == ["approaching"]
    released_days_ago(app, order.order_no, 46)
    with app.app_context():
        from sqlalchemy import update

        from warehouse.returns.models import ReturnRequest as Row

        db.session.execute(update(Row).values(arrive_by=func.current_timestamp()))
        db.session.commit()
    got = scan_return(client, headers, waybill.logistics_no)
    assert got["code"] == "E_RETURN_LATE" and got["details"]["reason"] == "late_arrival"
    no = opened.json["no"]
    assert client.get(f"/api/v1/returns/{no}", headers=h).json["status"] == "requested"
    listed = client.get("/api/v1/return-deadlines", headers=h).json["items"]
    assert [d["clock"] for d in listed] == ["missed"]


def test_refusals_change_nothing(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: object
) -> None:
    """Unknown parcel, second return, grading before receipt, restocking damaged goods and
    destroying without evidence are refused with stable codes; destroying with a photo posts
    return_in and destroy entries and the ledger check still passes."""
    order, waybill = sell(client, headers, plan, 14)
    h = headers(Role.RETURNS)
    unknown = client.post("/api/v1/returns", json={"code": "NO-SUCH-PARCEL"}, headers=h)
    assert unknown.status_code == 404 and unknown.json["code"] == "E_UNKNOWN_PARCEL"
    first = client.post("/api/v1/returns", json={"code": waybill.logistics_no}, headers=h)
    no = first.json["no"]
    again = client.post("/api/v1/returns", json={"code": order.order_no}, headers=h)
    assert again.status_code == 409 and again.json["code"] == "E_RETURN_EXISTS"
    early = client.post(f"/api/v1/returns/{no}/grade", json={"grade": "repack"}, headers=h)
    assert early.status_code == 409 and early.json["code"] == "E_NOT_RECEIVED"
    assert scan_return(client, headers, waybill.logistics_no)["code"] == "OK"
    assert scan_return(client, headers, waybill.logistics_no)["code"] == "E_ALREADY_RECEIVED"
    body = {"grade": "damaged", "seal_intact": False}
    assert (
        "damaged"
        in client.post(f"/api/v1/returns/{no}/grade", json=body, headers=h).json["reasons"]
    )
    refused = client.post(f"/api/v1/returns/{no}/disposition", json={"kind": "restock"}, headers=h)
    assert refused.status_code == 422 and refused.json["code"] == "E_NOT_ELIGIBLE"
    bare = client.post(f"/api/v1/returns/{no}/disposition", json={"kind": "destroy"}, headers=h)
    assert bare.status_code == 422 and bare.json["code"] == "E_NO_EVIDENCE"
    bad = client.post(f"/api/v1/returns/{no}/photos", data=b"GIF89a", headers=h)
    assert bad.status_code == 422 and bad.json["code"] == "E_PHOTO_TYPE"
    photo = client.post(f"/api/v1/returns/{no}/photos", data=PNG, headers=h)
    assert photo.status_code == 201 and len(photo.json["sha256"]) == 64
    done = client.post(f"/api/v1/returns/{no}/disposition", json={"kind": "destroy"}, headers=h)
    assert done.json["status"] == "destroyed", done.json
    entries = client.get("/api/v1/ledgers/1/entries?limit=1000", headers=headers(Role.CUSTOMS))
    kinds = [
        e["kind"] for e in entries.json["items"] if e["doc_no"] == no or e["kind"] == "destroy"
    ]
    assert kinds.count("destroy") == len(order.lines) and kinds.count("return_in") == len(
        order.lines
    )
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))
    kpis = client.get("/api/v1/kpis/returns", headers=h).json
    assert kpis["returns"] == 1 and kpis["recovery_rate_units"] == 0
