"""Batches over HTTP: a manifest batch declared, a CEB622 carrying several receipts, a truck's
parcels scanned out at the gate. Each item is answered alone; a refused one changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask.testing import FlaskClient

from app.cli.simulate_client import one_message
from simulators.customs import receipt_xml
from tests.integration.bonded.conftest import ReleaseAll, order_docs, send_docs
from tests.integration.bonded.test_flow import assert_ledger_equals_stock, scan
from warehouse.access.roles import Role
from warehouse.bonded import demo

H = Callable[[Role], dict[str, str]]


def codes(answer: Any) -> list[str]:
    assert answer.status_code == 200, answer.json
    return [item["code"] for item in answer.json["items"]]


def receipts(client: FlaskClient, headers: H, *sent: tuple[str, str]) -> Any:
    message = one_message([receipt_xml(no, "I" + no, status, "test") for no, status in sent])
    return client.post(
        "/api/v1/customs/receipt-batches",
        data=message,
        headers={**headers(Role.CUSTOMS), "Content-Type": "application/xml"},
    )


def test_declare_release_and_gate_out_in_batches(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Each batch answers item by item: unknown order, out-of-order receipt and held parcel are
    refused alone with their codes; the rest are declared, released and written off."""
    boss = headers(Role.SUPERVISOR)
    docs = [order_docs(plan, n) for n in range(1, 5)]
    for three in docs:
        assert [r.status_code for r in send_docs(client, boss, three)] == [201] * 3
    nos = [d[0].order_no for d in docs]
    declared = client.post("/api/v1/declarations", json={"orders": [*nos, "NO-SUCH"]}, headers=boss)
    assert codes(declared) == ["OK"] * 4 + ["E_UNKNOWN_ORDER"]
    assert declared.json["done"] == 4 and declared.json["refused"] == 1
    assert len(port.sent) == 4
    sent = [(no, "120") for no in nos] + [(no, "800") for no in nos[:3]]
    applied = receipts(client, headers, *sent, (nos[3], "500"), (nos[0], "500"))
    assert codes(applied) == ["OK"] * 8 + ["E_RECEIPT_OUT_OF_ORDER"]
    wave = client.post(
        "/api/v1/waves", json={"warehouse": demo.WAREHOUSE}, headers=headers(Role.WAREHOUSE)
    ).json
    for task in wave["tasks"]:
        for _ in range(task["qty"]):
            picked = scan(client, headers, "pick", task["gtin"], location=task["bin"])
            assert picked["code"] == "OK", picked
    waybills = [d[2].logistics_no for d in docs]
    for waybill in waybills:
        expected = scan(client, headers, "pack", waybill, location="PACK-01")["details"]
        weighed = client.post(
            "/api/v1/handheld/weighings",
            headers=headers(Role.WAREHOUSE),
            json={"station": "PACK-01", "gross_g": expected["expected_g"]},
        )
        assert weighed.json["code"] == "OK"
    truck = [*waybills, waybills[0], "NOT-A-PARCEL"]
    gone = client.post("/api/v1/gate-batches", json={"parcels": truck}, headers=boss)
    assert codes(gone) == ["OK"] * 3 + ["E_CUSTOMS_HOLD", "E_ALREADY_WRITTEN_OFF", "E_UNKNOWN_CODE"]
    orders = {o["order_no"]: o for o in client.get("/api/v1/orders", headers=boss).json["items"]}
    assert [orders[no]["manifest_status"] for no in nos] == ["written_off"] * 3 + ["inspection"]
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))
    assert_entries_run_on(client, headers(Role.CUSTOMS))


def assert_entries_run_on(client: FlaskClient, h: dict[str, str]) -> None:
    """Each entry's balance_after is the previous one of its SKU plus its quantity, and the
    last one is the item's balance (entries posted together for a batch included)."""
    entries = client.get("/api/v1/ledgers/1/entries?limit=1000", headers=h).json["items"]
    balance: dict[str, int] = {}
    for entry in entries:
        balance[entry["sku"]] = balance.get(entry["sku"], 0) + entry["quantity"]
        assert entry["balance_after"] == balance[entry["sku"]], entry
    items = client.get("/api/v1/ledgers/1/items?limit=1000", headers=h).json["items"]
    assert {i["sku"]: i["balance"] for i in items} == balance
    assert any(e["kind"] == "write_off" for e in entries)


def test_batches_are_checked_before_anything_happens(
    client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Empty or oversized batches, a message that is not CEB622 and the wrong role are refused."""
    boss = headers(Role.SUPERVISOR)
    assert client.post("/api/v1/declarations", json={"orders": []}, headers=boss).status_code == 422
    too_many = {"parcels": [f"P{n}" for n in range(1001)]}
    assert client.post("/api/v1/gate-batches", json=too_many, headers=boss).status_code == 422
    xml = {**headers(Role.CUSTOMS), "Content-Type": "application/xml"}
    assert client.post("/api/v1/customs/receipt-batches", data="<a/>", headers=xml).json[
        "code"
    ] == ("E_BAD_MESSAGE")
    empty = one_message([])
    assert (
        client.post("/api/v1/customs/receipt-batches", data=empty, headers=xml).status_code == 422
    )
    one = one_message([receipt_xml("X", "IX", "800", "")])
    refused = client.post(
        "/api/v1/customs/receipt-batches",
        data=one,
        headers={**boss, "Content-Type": "application/xml"},
    )
    assert refused.status_code == 403
