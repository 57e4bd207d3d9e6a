"""The 1210 flow through the API: documents -> declaration -> receipt -> pick -> pack -> gate."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from tests.integration.bonded.conftest import ReleaseAll, order_docs, receipt, send_docs
from warehouse.access.roles import Role
from warehouse.bonded import demo

H = Callable[[Role], dict[str, str]]


def _all(client: FlaskClient, h: dict[str, str], url: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    sep = "&" if "?" in url else "?"
    page = client.get(f"{url}{sep}limit=1000", headers=h).json
    items += page["items"]
    while page["next"]:
        page = client.get(f"{url}{sep}limit=1000&cursor={page['next']}", headers=h).json
        items += page["items"]
    return items


def assert_ledger_equals_stock(client: FlaskClient, h: dict[str, str]) -> None:
    """For every ledger item: balance == sum of bonded stock quantity of that warehouse/SKU."""
    for ledger in _all(client, h, "/api/v1/ledgers"):
        bonded: dict[str, int] = defaultdict(int)
        for row in _all(client, h, f"/api/v1/stock?warehouse={ledger['id']}"):
            if row["customs_status"] == "bonded":
                bonded[row["sku"]] += row["quantity"]
        for item in _all(client, h, f"/api/v1/ledgers/{ledger['id']}/items"):
            assert item["balance"] == bonded[item["sku"]], item
        assert client.get("/api/v1/ledger-check", headers=h).json["ok"]


def declare(client: FlaskClient, headers: H, n: int, plan: demo.Demo) -> tuple[Any, ...]:
    docs = order_docs(plan, n)
    assert [r.status_code for r in send_docs(client, headers(Role.SUPERVISOR), docs)] == [201] * 3
    done = client.post(
        f"/api/v1/orders/{docs[0].order_no}/declare", headers=headers(Role.SUPERVISOR)
    )
    assert done.status_code == 200, done.json
    return docs


def scan(client: FlaskClient, headers: H, op: str, code: str, **more: Any) -> dict[str, Any]:
    body = {"op": op, "code": code, **more}
    return client.post("/api/v1/handheld/scans", json=body, headers=headers(Role.WAREHOUSE)).json


def pick_and_pack(client: FlaskClient, headers: H, waybill: str, off_g: int = 0) -> dict:
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    ).json
    for task in wave["tasks"]:
        for _ in range(task["qty"]):
            assert scan(client, headers, "pick", task["gtin"], location=task["bin"])["code"] == "OK"
    packed = scan(client, headers, "pack", waybill, location="PACK-01")
    assert packed["code"] == "OK", packed
    expected = packed["details"]["expected_g"]
    return client.post(
        "/api/v1/handheld/weighings",
        headers=headers(Role.WAREHOUSE),
        json={"station": "PACK-01", "gross_g": expected + 150 + off_g, "tare_g": 150},
    ).json


def test_released_order_leaves_and_is_written_off_once(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Release -> pick -> pack -> gate writes the goods off; a second gate scan is refused."""
    order, _payment, waybill = declare(client, headers, 1, plan)
    assert "emsNo>T4258W000001<" in port.sent[0] and "tradeMode>1210<" in port.sent[0]
    assert receipt(client, headers(Role.CUSTOMS), order.order_no, "800").status_code == 200
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "OK"
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "E_ALREADY_WRITTEN_OFF"
    got = client.get(f"/api/v1/orders/{order.order_no}", headers=headers(Role.SUPERVISOR)).json
    assert got["status"] == "shipped" and got["manifest_status"] == "written_off"
    entries = client.get(
        "/api/v1/ledgers/1/entries?limit=1000", headers=headers(Role.CUSTOMS)
    ).json["items"]
    offs = [e for e in entries if e["kind"] == "write_off"]
    assert sum(-e["quantity"] for e in offs) == sum(ln.qty for ln in order.lines)
    assert {e["doc_no"] for e in offs} == {"I" + order.order_no}
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_nothing_leaves_before_release(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """A parcel of a declared, unreleased manifest is refused at the gate: E_NOT_RELEASED."""
    _order, _payment, waybill = declare(client, headers, 2, plan)
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    ).json
    assert wave["id"] is None
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "E_UNKNOWN_CODE"
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_inspection_holds_the_parcel_until_customs_releases(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Selected for inspection (500): packed parcel held (E_CUSTOMS_HOLD); 800 lets it go."""
    order, _payment, waybill = declare(client, headers, 3, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "500")
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    assert scan(client, headers, "inspect", waybill.logistics_no)["code"] == "OK"
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "E_CUSTOMS_HOLD"
    items = client.get("/api/v1/ledgers/1/items?limit=1000", headers=headers(Role.CUSTOMS)).json
    assert sum(i["frozen"] for i in items["items"]) == sum(ln.qty for ln in order.lines)
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))
    receipt(client, headers(Role.CUSTOMS), order.order_no, "800")
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "OK"
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_a_weight_failure_holds_until_a_supervisor_releases(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Overweight: held with reason weight, refused at the gate; customs may not release it."""
    order, _payment, waybill = declare(client, headers, 4, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "800")
    assert pick_and_pack(client, headers, waybill.logistics_no, off_g=5000)["code"] == (
        "E_OVERWEIGHT"
    )
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "E_CUSTOMS_HOLD"
    hold = client.get("/api/v1/holds", headers=headers(Role.SUPERVISOR)).json["items"][0]
    assert hold["reason"] == "weight"
    url = f"/api/v1/holds/{hold['id']}/release"
    assert client.post(url, json={}, headers=headers(Role.CUSTOMS)).status_code == 403
    assert client.post(url, json={}, headers=headers(Role.SUPERVISOR)).status_code == 200
    assert scan(client, headers, "pack", waybill.logistics_no, location="P2")["code"] == "OK"
    weighed = client.post(
        "/api/v1/handheld/weighings",
        headers=headers(Role.WAREHOUSE),
        json={
            "station": "P2",
            "gross_g": sum(
                s.gross_g * ln.qty for ln in order.lines for s in plan.skus if s.code == ln.item_no
            ),
        },
    ).json
    assert weighed["code"] == "OK"
    assert scan(client, headers, "gate", waybill.logistics_no)["code"] == "OK"
    assert client.get("/api/v1/label-requests", headers=headers(Role.WAREHOUSE)).json["items"]
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_ceb_xml_in_and_manifest_xml_out(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Orders, payments and waybills arrive as CEB XML; the manifest exports as CEB621."""
    from warehouse.customs import xml

    h = {**headers(Role.SUPERVISOR), "Content-Type": "application/xml"}
    order, payment, waybill = order_docs(plan, 5)
    url = f"/api/v1/ceb?warehouse={demo.WAREHOUSE}"
    for doc in (order, payment, waybill):
        assert client.post(url, data=xml.to_xml(doc), headers=h).status_code == 201
    client.post(f"/api/v1/orders/{order.order_no}/declare", headers=headers(Role.SUPERVISOR))
    text = client.get(f"/api/v1/manifests/{order.order_no}/xml", headers=headers(Role.CUSTOMS))
    manifest = xml.parse(text.data)
    assert manifest.order_no == order.order_no and manifest.trade_mode == "1210"
    assert len(manifest.lines) == len(order.lines)
