"""The one bill of lading: one number, every leg, one total charge, leg status, the page."""

from __future__ import annotations

import base64
import re
from decimal import Decimal

from apiflask import APIFlask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from devices.imaging import decode_image
from tests.integration.conftest import TokenFor, bearer
from tests.integration.planning.bol_helpers import (
    audit_actions,
    done_plan,
    issue,
    plan_item,
    web_login,
)
from warehouse.access.roles import Role

LEG_KEYS = ("service", "mode", "from", "to", "depart", "arrive")


def test_a_bill_has_one_number_every_leg_and_one_total(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """Issuing gives a new SHK-MTD number, the plan's legs, total = the plan's cost for the
    shipment (legs + transfer handling) to the fen, emissions per leg and in total, and a GINC
    of company prefix + serial in a GS1 Digital Link; a second bill for it is 409."""
    headers = bearer(token_for(Role.DISPATCHER))
    job = done_plan(client, headers)
    response = issue(client, headers, job["id"], "SH-1")
    assert response.status_code == 201, response.json
    bill = response.json
    assert re.fullmatch(r"SHK-MTD-\d{4}-\d{6}", bill["number"])
    item = plan_item(job, "SH-1")
    assert [{k: g[k] for k in LEG_KEYS} for g in bill["legs"]] == [
        {k: g[k] for k in LEG_KEYS} for g in item["legs"]
    ]
    assert {g["status"] for g in bill["legs"]} == {"booked"}
    total = Decimal(str(item["cost"])).quantize(Decimal("0.01"))
    assert Decimal(bill["freight_amount"]) == total == Decimal(bill["charges"]["total"])
    assert Decimal(bill["charges"]["freight"]) + Decimal(bill["charges"]["handling"]) == total
    assert abs(bill["co2e_kg"] - sum(g["co2e_kg"] for g in item["legs"])) < 1e-6
    settings = app.extensions["silkhub.settings"]
    assert bill["ginc"] == settings.gs1_company_prefix + bill["number"][-6:]
    assert bill["digital_link"] == f"{settings.digital_link_base}/401/{bill['ginc']}"
    assert bill["gross_weight_kg"] == 1200 and bill["packages"] == {"number": 40, "kind": "cartons"}
    assert client.get(response.headers["Location"], headers=headers).json == bill
    second = issue(client, headers, job["id"], "SH-2").json
    assert int(second["number"][-6:]) == int(bill["number"][-6:]) + 1
    again = issue(client, headers, job["id"], "SH-1")
    assert again.status_code == 409 and again.json["code"] == "E_BOL_EXISTS"
    assert audit_actions(app, bill["number"]) == ["bol.issued"]


def test_no_bill_for_an_unplanned_shipment_or_an_unfinished_plan(
    client: FlaskClient, token_for: TokenFor
) -> None:
    """An unplanned shipment is 409 E_SHIPMENT_UNPLANNED, a plan not done 409 E_PLAN_NOT_DONE,
    a shipment the plan lacks 404, a supervisor may read but not issue (403)."""
    headers = bearer(token_for(Role.DISPATCHER))
    job = done_plan(client, headers)
    unplanned = issue(client, headers, job["id"], "SH-4")
    assert unplanned.status_code == 409 and unplanned.json["code"] == "E_SHIPMENT_UNPLANNED"
    assert issue(client, headers, job["id"], "SH-9").status_code == 404
    supervisor = bearer(token_for(Role.SUPERVISOR))
    assert issue(client, supervisor, job["id"], "SH-1").status_code == 403
    from tests.integration.planning.test_plan_jobs import seed_shipments

    running = client.post(
        "/api/v1/plans",
        headers=headers,
        json={"network": "seed", "shipments": seed_shipments(3), "time_limit_s": 1},
    )
    early = issue(client, headers, running.json["id"], "SH-1")
    assert early.status_code == 409 and early.json["code"] == "E_PLAN_NOT_DONE"
    from tests.integration.planning.multimodal_data import wait_for

    wait_for(client, running.headers["Location"], headers)


def test_leg_status_follows_the_rules(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """Legs go booked -> departed -> arrived in order (a leg departs after the one before it
    arrived); delayed is allowed before departure; every change is audited; the bill is
    delivered when its last leg arrived."""
    headers = bearer(token_for(Role.DISPATCHER))
    job = done_plan(client, headers)
    bill = issue(client, headers, job["id"], "SH-1").json
    url = f"/api/v1/bills-of-lading/{bill['number']}/legs"
    legs = bill["legs"]
    assert len(legs) >= 2

    def report(seq: int, status: str, at: str) -> TestResponse:
        return client.patch(f"{url}/{seq}", headers=headers, json={"status": status, "at": at})

    early = report(2, "departed", legs[1]["depart"])
    assert early.status_code == 409 and early.json["code"] == "E_LEG_ORDER"
    assert report(1, "delayed", legs[0]["depart"]).status_code == 200
    assert report(1, "departed", legs[0]["depart"]).json["status"] == "in_transit"
    backwards = report(1, "arrived", "2026-11-01T00:00:00Z")
    assert backwards.status_code == 409 and backwards.json["code"] == "E_LEG_TIME"
    for seq, leg in enumerate(legs[:-1], start=1):
        assert report(seq, "arrived", leg["arrive"]).status_code == 200
        assert report(seq + 1, "departed", legs[seq]["depart"]).status_code == 200
    done = report(len(legs), "arrived", legs[-1]["arrive"]).json
    assert done["status"] == "delivered" and done["legs"][0]["arrived_at"] == legs[0]["arrive"]
    again = report(1, "departed", legs[0]["depart"])
    assert again.status_code == 409 and again.json["code"] == "E_LEG_STATUS"
    assert report(1, "lost", legs[0]["depart"]).status_code == 422
    assert report(1, "arrived", "2026-12-01T08:00:00").status_code == 422  # no offset
    assert report(99, "departed", legs[0]["depart"]).status_code == 404
    assert audit_actions(app, bill["number"]).count("bol.leg_status") == 2 * len(legs) + 1


def _qr_text(html: str) -> str:
    found = re.search(r'src="data:image/png;base64,([^"]+)"', html)
    assert found, "the page carries a PNG QR code"
    result = decode_image(base64.b64decode(found.group(1)))
    assert result.ok, result.error
    return result.codes[0].text


def test_the_printable_page_in_both_languages_with_its_qr_code(
    app: APIFlask, client: FlaskClient, token_for: TokenFor
) -> None:
    """GET /bills-of-lading/{number} renders in Chinese and English with a print stylesheet,
    and its QR code decodes to the consignment's Digital Link; staff outside dispatch get 403,
    and without a login the page asks to log in."""
    headers = bearer(token_for(Role.DISPATCHER))
    bill = issue(client, headers, done_plan(client, headers)["id"], "SH-1").json
    page_url = f"/bills-of-lading/{bill['number']}"
    assert client.get(page_url).status_code == 302
    web_login(app, client, Role.DISPATCHER, "li.dispatch")
    chinese = client.get(page_url)
    assert chinese.status_code == 200
    html = chinese.get_data(as_text=True)
    assert "多式联运提单" in html and "收货地" in html and bill["number"] in html
    assert "bill-of-lading.css" in html
    assert _qr_text(html) == bill["digital_link"]
    with client.session_transaction() as session:
        session["locale"] = "en"
    english = client.get(page_url).get_data(as_text=True)
    assert "Multimodal transport bill of lading" in english and "Place of receipt" in english
    assert _qr_text(english) == bill["digital_link"]
    assert client.get("/bills-of-lading/SHK-MTD-2026-999999").status_code == 404
    other = app.test_client()
    web_login(app, other, Role.WAREHOUSE, "wang.floor")
    assert other.get(page_url).status_code == 403
