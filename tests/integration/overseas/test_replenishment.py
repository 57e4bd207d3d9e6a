"""An overseas warehouse below its reorder point: a suggestion from demand and the planner's
lead time, a 9810 replenishment under one bill of lading, and receipt abroad by scan."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import timedelta

from apiflask import APIFlask
from flask.testing import FlaskClient

from app.extensions import db
from tests.integration.planning.multimodal_data import wait_for
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.db import utcnow
from warehouse.masterdata.models import Sku
from warehouse.overseas.leadtime import leads
from warehouse.overseas.stock import bin_of, put, warehouse
from warehouse.trace.resolver import sscc_link

H = Callable[[Role], dict[str, str]]
WH = "OW-DE-TEST"


def _warehouse(client: FlaskClient, headers: H) -> None:
    body = {"code": WH, "name": "Duisburg test", "hub": "DEDUI-OW", "cargo_classes": ["general"]}
    made = client.post("/api/v1/overseas/warehouses", json=body, headers=headers(Role.SUPERVISOR))
    assert made.status_code == 201, made.json
    assert made.json["country"] == "DE"
    bins = [("DE-T-STO", "storage"), ("DE-T-RET", "returns")]
    with client.application.app_context():
        from warehouse.overseas.setup import create_bin

        wh = warehouse(db.session, WH)
        for code, kind in bins:
            create_bin(db.session, demo.DEMO, wh, code, kind)
        db.session.commit()


def _history(app: APIFlask, sku_code: str, on_hand: int, seed: int = 7) -> None:
    """28 days of local sales around 6 a day, and ``on_hand`` left on the shelf."""
    rng = random.Random(seed)
    with app.app_context():
        wh = warehouse(db.session, WH)
        shelf = bin_of(db.session, wh.id, None)
        sku = db.session.query(Sku).filter_by(code=sku_code).one()
        for day in range(28, 0, -1):
            qty = rng.randint(3, 9)
            at = utcnow() - timedelta(days=day)
            put(db.session, shelf, sku.owner_id, sku.id, qty, "receive", "OPENING", at)
            put(db.session, shelf, sku.owner_id, sku.id, -qty, "ship", f"S{day}", at)
        put(db.session, shelf, sku.owner_id, sku.id, on_hand, "receive", "OPENING")
        db.session.commit()


def test_below_reorder_point_suggestion_uses_planner_lead_time_and_arrives_by_scan(
    app: APIFlask,
    client: FlaskClient,
    headers: H,
    plan: demo.Demo,
) -> None:
    """Below the reorder point a suggestion comes with its figures; its lead time is the
    planner's (routing.quote) for the option chosen; the replenishment is planned, booked under
    one bill of lading, and its pallet scanned abroad enters the warehouse's stock once."""
    spec = next(s for s in plan.skus if not s.cold_chain)
    _warehouse(client, headers)
    _history(app, spec.code, on_hand=10)
    planner = headers(Role.DISPATCHER)
    found = client.get(f"/api/v1/overseas/warehouses/{WH}/suggestions", headers=planner).json
    item = next(i for i in found["items"] if i["sku"] == spec.code)
    why = item["reasoning"]
    assert item["quantity"] > 0 and why["figures"]["position"] <= why["figures"]["reorder_point"]
    assert {"mean_per_day", "std_per_day"} <= set(why["demand"]) and why["formula"]
    with app.app_context():
        quoted = leads("CNTAO-BZ", "DEDUI-OW", 1.0, "general", utcnow())
    lead_days = why["figures"]["lead_time_days"]
    assert round(quoted[item["option"]].days, 3) == lead_days
    body = {
        "warehouse": WH,
        "owner": spec.owner,
        "option": item["option"],
        "lines": [{"sku": spec.code, "quantity": item["quantity"]}],
    }
    made = client.post("/api/v1/overseas/replenishments", json=body, headers=planner)
    assert made.status_code == 201, made.json
    rep = made.json
    job, _ = wait_for(client, f"/api/v1/plans/{rep['plan_job_id']}", planner, timeout_s=120)
    assert job["status"] == "done", job
    url = f"/api/v1/overseas/replenishments/{rep['no']}"
    booked = client.post(f"{url}/bill-of-lading", headers=planner)
    assert booked.status_code == 201 and booked.json["bol_number"].startswith("SHK-MTD-")
    scan = {"warehouse": WH, "op": "receive", "code": sscc_link("https://x.example", rep["sscc"])}
    floor = headers(Role.WAREHOUSE)
    got = client.post("/api/v1/overseas/scans", json=scan, headers=floor).json
    assert got["code"] == "OK" and got["details"]["units"] == item["quantity"], got
    again = client.post("/api/v1/overseas/scans", json=scan, headers=floor).json
    assert again["code"] == "E_ALREADY_RECEIVED"
    stock = client.get(f"/api/v1/overseas/warehouses/{WH}/stock", headers=floor).json["items"]
    assert sum(r["quantity"] for r in stock if r["sku"] == spec.code) == 10 + item["quantity"]
    assert client.get(url, headers=planner).json["status"] == "received"
    cover = client.get("/api/v1/kpis/stock-cover", headers=planner).json["items"]
    assert cover[0]["warehouse"] == WH and cover[0]["cover_days"] > 0


def test_a_replenishment_of_a_cargo_class_the_warehouse_refuses_is_refused(
    client: FlaskClient,
    headers: H,
    plan: demo.Demo,
) -> None:
    """Cold cargo to a general-only warehouse: 422 E_CARGO_CLASS_REFUSED, nothing planned."""
    spec = plan.skus[0]
    _warehouse(client, headers)
    planner = headers(Role.DISPATCHER)
    body = {
        "warehouse": WH,
        "owner": spec.owner,
        "cargo": "cold",
        "lines": [{"sku": spec.code, "quantity": 5}],
    }
    refused = client.post("/api/v1/overseas/replenishments", json=body, headers=planner)
    assert refused.status_code == 422 and refused.json["code"] == "E_CARGO_CLASS_REFUSED"
    assert "does not take cold cargo" in refused.json["detail"]
    assert client.get("/api/v1/overseas/replenishments", headers=planner).json["items"] == []
    assert client.get("/api/v1/plans", headers=planner).json["items"] == []


def test_local_order_return_and_transfer_move_stock_by_scan(
    app: APIFlask,
    client: FlaskClient,
    headers: H,
    plan: demo.Demo,
) -> None:
    """A local order is picked, packed and shipped by scan, its return is relabelled and
    restocked, and a transfer leaves one warehouse at once and enters the other when scanned
    there, relabelled."""
    spec = next(s for s in plan.skus if not s.cold_chain)
    _warehouse(client, headers)
    _history(app, spec.code, on_hand=20)
    boss, floor = headers(Role.SUPERVISOR), headers(Role.WAREHOUSE)
    line = [{"sku": spec.code, "quantity": 2}]
    body = {"no": "LO-1", "warehouse": WH, "owner": spec.owner, "lines": line}
    assert client.post("/api/v1/overseas/orders", json=body, headers=boss).status_code == 201
    for _ in range(2):
        pick = {"op": "pick", "code": spec.code, "location": "DE-T-STO", "order": "LO-1"}
        got = client.post("/api/v1/overseas/scans", headers=floor, json={"warehouse": WH, **pick})
        assert got.json["code"] == "OK", got.json
    packed = client.post(
        "/api/v1/overseas/scans",
        headers=floor,
        json={"warehouse": WH, "op": "pack", "code": "LO-1"},
    ).json
    assert packed["code"] == "OK", packed
    label = packed["details"]["label"]
    shipped = client.post(
        "/api/v1/overseas/scans",
        headers=floor,
        json={"warehouse": WH, "op": "ship", "code": label},
    ).json
    assert shipped["code"] == "OK" and shipped["details"]["label"] == label
    back = client.post(
        "/api/v1/overseas/scans",
        headers=floor,
        json={"warehouse": WH, "op": "return", "code": label},
    ).json
    assert back["code"] == "OK" and back["details"]["label"] != label
    other = {"code": "OW-KZ-TEST", "name": "Almaty test", "hub": "KZALA-OW"}
    assert client.post("/api/v1/overseas/warehouses", json=other, headers=boss).status_code == 201
    with app.app_context():
        from warehouse.overseas.setup import create_bin

        create_bin(db.session, demo.DEMO, warehouse(db.session, "OW-KZ-TEST"), "KZ-T-STO")
        db.session.commit()
    move = {
        "no": "TR-1",
        "source": WH,
        "target": "OW-KZ-TEST",
        "owner": spec.owner,
        "lines": [{"sku": spec.code, "quantity": 5}],
    }
    assert client.post("/api/v1/overseas/transfers", json=move, headers=boss).status_code == 201
    here = client.post(
        "/api/v1/overseas/scans",
        headers=floor,
        json={"warehouse": "OW-KZ-TEST", "op": "receive", "code": "TR-1"},
    ).json
    assert here["code"] == "OK" and here["details"]["units"] == 5
    assert here["details"]["label"].startswith("T")
    stock = client.get(f"/api/v1/overseas/warehouses/{WH}/stock", headers=floor).json["items"]
    assert sum(r["quantity"] for r in stock if r["sku"] == spec.code) == 20 - 2 + 2 - 5
