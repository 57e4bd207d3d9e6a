"""Local orders abroad: reserved at order time (never oversold), picked, packed and shipped by
scan, with new labels printed through the label path for packs, returns and transfers."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.extensions import db
from devices import registry
from devices.printing import PrintJob
from devices.registry import Kind, NewDevice
from tests.integration.overseas.test_replenishment import WH, H, _warehouse
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.masterdata.models import Sku
from warehouse.overseas.stock import bin_of, put, warehouse

STATION = "OW-DE-PACK"


def stocked(app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, units: int) -> Any:
    """The test warehouse with ``units`` of one SKU on its storage shelf and a printer."""
    spec = next(s for s in plan.skus if not s.cold_chain)
    _warehouse(client, headers)
    with app.app_context():
        wh = warehouse(db.session, WH)
        sku = db.session.scalars(select(Sku).where(Sku.code == spec.code)).one()
        put(
            db.session, bin_of(db.session, wh.id, None), sku.owner_id, sku.id, units, "receive", "X"
        )
        registry.register(db.session, SYSTEM, NewDevice("ow-pr-01", Kind.PRINTER, "de", STATION))
        db.session.commit()
    return spec


def order(client: FlaskClient, headers: H, spec: Any, no: str, qty: int) -> Any:
    body = {
        "no": no,
        "warehouse": WH,
        "owner": spec.owner,
        "lines": [{"sku": spec.code, "quantity": qty}],
    }
    return client.post("/api/v1/overseas/orders", json=body, headers=headers(Role.SUPERVISOR))


def scan(client: FlaskClient, headers: H, **body: Any) -> dict[str, Any]:
    got = client.post(
        "/api/v1/overseas/scans", json={"warehouse": WH, **body}, headers=headers(Role.WAREHOUSE)
    )
    assert got.status_code == 200, got.json
    return dict(got.json)


def shelf(client: FlaskClient, headers: H) -> tuple[int, int]:
    rows = client.get(f"/api/v1/overseas/warehouses/{WH}/stock", headers=headers(Role.WAREHOUSE))
    items = rows.json["items"]
    return sum(r["quantity"] for r in items), sum(r["reserved"] for r in items)


def test_orders_reserve_stock_and_never_oversell(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """5 on the shelf: an order of 3 reserves 3; one of 3 more is refused E_SHORT_STOCK and
    reserves nothing; one of 2 takes the rest; a transfer cannot take reserved units;
    cancelling the first frees its 3."""
    spec = stocked(app, client, headers, plan, 5)
    assert order(client, headers, spec, "LO-A", 3).status_code == 201
    short = order(client, headers, spec, "LO-B", 3)
    assert short.status_code == 409 and short.json["code"] == "E_SHORT_STOCK"
    assert shelf(client, headers) == (5, 3)
    assert order(client, headers, spec, "LO-C", 2).status_code == 201
    boss = headers(Role.SUPERVISOR)
    other = {"code": "OW-KZ-T2", "name": "Almaty", "hub": "KZALA-OW"}
    assert client.post("/api/v1/overseas/warehouses", json=other, headers=boss).status_code == 201
    move = {"no": "TR-9", "source": WH, "target": "OW-KZ-T2", "owner": spec.owner,
            "lines": [{"sku": spec.code, "quantity": 1}]}  # fmt: skip
    refused = client.post("/api/v1/overseas/transfers", json=move, headers=boss)
    assert refused.status_code == 409 and refused.json["code"] == "E_SHORT_STOCK"
    cancel = client.post(
        "/api/v1/overseas/orders/LO-A/cancel", json={"warehouse": WH}, headers=boss
    )
    assert cancel.json["status"] == "cancelled" and shelf(client, headers) == (5, 2)
    assert client.post("/api/v1/overseas/transfers", json=move, headers=boss).status_code == 201
    assert shelf(client, headers) == (4, 2)


def test_pick_pack_ship_by_scan_prints_the_label_and_ships_the_reservation(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Each step refuses out of turn; picks name the right bin and product; packing prints the
    new label at the station (a station without a printer undoes the pack); shipping by the
    label takes the reserved units out of stock; the return is relabelled and printed."""
    spec = stocked(app, client, headers, plan, 6)
    assert order(client, headers, spec, "LO-1", 2).status_code == 201
    assert scan(client, headers, op="ship", code="LO-1")["code"] == "E_NOT_PACKED"
    assert scan(client, headers, op="pack", code="LO-1")["code"] == "E_NOT_PICKED"
    wrong_bin = scan(client, headers, op="pick", code=spec.code, location="DE-T-RET", order="LO-1")
    assert wrong_bin["code"] == "E_WRONG_BIN" and wrong_bin["details"]["bins"] == ["DE-T-STO"]
    other = next(s for s in plan.skus if s.code != spec.code)
    wrong = scan(client, headers, op="pick", code=other.code, location="DE-T-STO", order="LO-1")
    assert wrong["code"] == "E_NOT_ON_ORDER"
    for left in (1, 0):
        got = scan(client, headers, op="pick", code=spec.code, location="DE-T-STO", order="LO-1")
        assert got["code"] == "OK" and got["details"]["left"] == left
    again = scan(client, headers, op="pick", code=spec.code, location="DE-T-STO", order="LO-1")
    assert again["code"] == "E_NOT_OPEN"
    nowhere = scan(client, headers, op="pack", code="LO-1", station="NO-PRINTER")
    assert nowhere["code"] == "E_NO_PRINTER"
    packed = scan(client, headers, op="pack", code="LO-1", station=STATION)
    assert packed["code"] == "OK" and packed["details"]["print_job"].startswith("PJ-")
    label = packed["details"]["label"]
    with app.app_context():
        job = db.session.scalar(
            select(PrintJob).where(PrintJob.job_id == packed["details"]["print_job"])
        )
        assert job is not None and job.label["waybill"] == label and label in job.data
    assert shelf(client, headers) == (6, 2)
    shipped = scan(client, headers, op="ship", code=label)
    assert shipped["code"] == "OK" and shelf(client, headers) == (4, 0)
    assert scan(client, headers, op="ship", code=label)["code"] == "E_NOT_PACKED"
    back = scan(client, headers, op="return", code=label, station=STATION)
    assert back["code"] == "OK" and back["details"]["label"] != label
    assert back["details"]["print_job"] != packed["details"]["print_job"]
    assert shelf(client, headers) == (6, 0)


@pytest.mark.postgres_only  # SQLite answers concurrent writers "database is locked"
def test_concurrent_orders_for_the_last_units_never_oversell(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Eight clerks order one unit each at once against five on the shelf: exactly five orders
    are accepted, the rest refused E_SHORT_STOCK, and five units are reserved."""
    spec = stocked(app, client, headers, plan, 5)
    boss = headers(Role.SUPERVISOR)
    start = threading.Barrier(8)

    def one(i: int) -> int:
        body = {"no": f"LO-R{i}", "warehouse": WH, "owner": spec.owner,
                "lines": [{"sku": spec.code, "quantity": 1}]}  # fmt: skip
        start.wait()
        got = app.test_client().post("/api/v1/overseas/orders", json=body, headers=boss)
        assert got.status_code == 201 or got.json["code"] == "E_SHORT_STOCK", got.json
        return got.status_code

    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(one, range(8)))
    assert codes.count(201) == 5 and shelf(client, headers) == (5, 5)


def test_reorder_position_leaves_out_units_promised_to_local_orders(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Units reserved for local orders are still on the shelf but no longer cover demand: the
    suggestion's stock position is on hand minus reserved plus on order."""
    spec = stocked(app, client, headers, plan, 5)
    assert order(client, headers, spec, "LO-R", 3).status_code == 201
    found = client.get(
        f"/api/v1/overseas/warehouses/{WH}/suggestions", headers=headers(Role.DISPATCHER)
    ).json
    item = next(i for i in found["items"] if i["sku"] == spec.code)
    assert item["reasoning"]["stock"] == {"on_hand": 5, "reserved": 3, "on_order": 0}
    assert item["reasoning"]["figures"]["position"] == 2
