"""Every return clock in one list: apply, arrive, customs declaration, refund."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import update

from app.extensions import db
from tests.integration.bonded.conftest import ReleaseAll
from tests.integration.returns.conftest import H, customs_answers, released_days_ago, sell
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.db import utcnow
from warehouse.returns.models import ReturnRequest, TaxRefund


def due_in(app: APIFlask, no: str, days: float) -> None:
    """The return's arrival deadline moved to ``days`` from now (the clocks run from it)."""
    with app.app_context():
        db.session.execute(
            update(ReturnRequest)
            .where(ReturnRequest.no == no)
            .values(arrive_by=utcnow() + timedelta(days=days))
        )
        db.session.commit()


def refund_recorded_days_ago(app: APIFlask, days: float) -> None:
    with app.app_context():
        db.session.execute(update(TaxRefund).values(created_at=utcnow() - timedelta(days=days)))
        db.session.commit()


def listed(client: FlaskClient, h: dict[str, str], query: str = "") -> list[dict[str, Any]]:
    got = client.get(f"/api/v1/return-deadlines?within_days=7{query}", headers=h)
    assert got.status_code == 200, got.json
    return list(got.json["items"])


def test_every_return_clock_lists_the_parcels_near_or_past_it(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Sold 27 days ago without a return: apply approaching; 33 days ago: apply missed; 60
    days ago: over, not listed. Applied, goods due in 3 days: arrive approaching. Received and
    graded, due in 2 days: declare approaching (also while customs has the CEB625); approved:
    off the declare clock, its refund recorded 13 days ago is approaching (15 days), once
    paid off the list. Each item names its clock, due date and days left; ?kind= filters and
    pages of one walk the whole list once."""
    sold = {n: sell(client, headers, plan, n) for n in (51, 52, 53, 54, 55)}
    for n, days in ((51, 27), (52, 33), (53, 60), (54, 10), (55, 10)):
        released_days_ago(app, sold[n][0].order_no, days)
    h = headers(Role.RETURNS)
    applied = client.post("/api/v1/returns", json={"code": sold[54][1].logistics_no}, headers=h)
    due_in(app, applied.json["no"], 3)
    got = client.post("/api/v1/returns/scans", json={"code": sold[55][1].logistics_no}, headers=h)
    here = got.json["details"]["ret"]
    client.post(f"/api/v1/returns/{here}/grade", json={"grade": "resaleable"}, headers=h)
    due_in(app, here, 2)

    items = listed(client, h)
    by_kind = {(d["kind"], d["order_no"]): d for d in items}
    assert set(by_kind) == {
        ("apply", sold[51][0].order_no),
        ("apply", sold[52][0].order_no),
        ("arrive", sold[54][0].order_no),
        ("declare", sold[55][0].order_no),
    }
    apply_soon = by_kind["apply", sold[51][0].order_no]
    assert apply_soon["clock"] == "approaching" and apply_soon["no"] is None
    assert 2.9 < apply_soon["days_left"] < 3.1
    assert by_kind["apply", sold[52][0].order_no]["clock"] == "missed"
    assert by_kind["arrive", sold[54][0].order_no]["no"] == applied.json["no"]
    assert by_kind["declare", sold[55][0].order_no]["status"] == "graded"

    body = {"kind": "restock"}
    client.post(f"/api/v1/returns/{here}/disposition", json=body, headers=h)
    declared = listed(client, h, "&kind=declare")
    assert [(d["no"], d["status"]) for d in declared] == [(here, "declared")]
    assert customs_answers(client, headers, here, "800").json["status"] == "restocked"
    assert listed(client, h, "&kind=declare") == [] and listed(client, h, "&kind=refund") == []
    refund_recorded_days_ago(app, 13)
    refund = listed(client, h, "&kind=refund")
    assert [(d["no"], d["clock"]) for d in refund] == [(here, "approaching")]
    assert 1.9 < refund[0]["days_left"] < 2.1

    seen, cursor = [], ""
    while True:
        page = client.get(f"/api/v1/return-deadlines?within_days=7&limit=1{cursor}", headers=h)
        seen += [(d["kind"], d["order_no"]) for d in page.json["items"]]
        if not page.json["next"]:
            break
        cursor = f"&cursor={page.json['next']}"
    assert seen == [(d["kind"], d["order_no"]) for d in listed(client, h)] and len(seen) == 4

    paid = client.post(
        f"/api/v1/returns/{here}/tax-refund/paid", json={"reference": "PAY-1"}, headers=h
    )
    assert paid.status_code == 200 and paid.json["status"] == "paid"
    again = client.post(
        f"/api/v1/returns/{here}/tax-refund/paid", json={"reference": "PAY-2"}, headers=h
    )
    assert again.status_code == 409 and again.json["code"] == "E_REFUND_PAID"
    assert listed(client, h, "&kind=refund") == []
