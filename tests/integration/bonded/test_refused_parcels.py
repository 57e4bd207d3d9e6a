"""Customs' decision on a parcel it refused at inspection: destroy, return abroad, restock."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from app.extensions import db
from tests.integration.bonded.conftest import ReleaseAll, receipt
from tests.integration.bonded.test_flow import (
    assert_ledger_equals_stock,
    declare,
    pick_and_pack,
    scan,
)
from tests.integration.bonded.test_refusals import refused, snapshot
from warehouse.access.audit_chain import AuditRecord
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.bonded.ledger import LedgerEntry, LedgerItem
from warehouse.bonded.stock import Stock
from warehouse.masterdata.models import Bin, Sku

H = Callable[[Role], dict[str, str]]


def refuse_at_inspection(client: FlaskClient, headers: H, plan: demo.Demo, n: int) -> Any:
    """An order selected for inspection, picked and packed, then refused (receipt 100)."""
    order, _payment, waybill = declare(client, headers, n, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "500")
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    assert receipt(client, headers(Role.CUSTOMS), order.order_no, "100").status_code == 200
    return order, waybill.logistics_no


def dispose(client: FlaskClient, headers: H, code: str, kind: str, document: str) -> Any:
    return client.post(
        f"/api/v1/parcels/{code}/disposition",
        json={"kind": kind, "document": document},
        headers=headers(Role.SUPERVISOR),
    )


def _entries(app: APIFlask, doc_no: str) -> list[tuple[str, int]]:
    with app.app_context():
        return [
            (kind, qty)
            for kind, qty in db.session.execute(
                select(LedgerEntry.kind, LedgerEntry.quantity).where(LedgerEntry.doc_no == doc_no)
            )
        ]


def _frozen(app: APIFlask) -> int:
    with app.app_context():
        return int(db.session.scalar(select(func.sum(LedgerItem.frozen))) or 0)


@pytest.mark.parametrize(
    ("kind", "document", "entry"),
    [("destroy", "XH-2026-0042", "destroy"), ("return_abroad", "EXP-77001", "transfer_out")],
)
def test_refused_goods_leave_bond_against_customs_document(
    app: APIFlask,
    client: FlaskClient,
    headers: H,
    plan: demo.Demo,
    port: ReleaseAll,
    kind: str,
    document: str,
    entry: str,
) -> None:
    """Destroying or returning abroad a refused parcel's goods posts one ledger entry per line
    against the document, thaws them, and the ledger still equals bonded stock."""
    order, code = refuse_at_inspection(client, headers, plan, 1)
    assert _frozen(app) == sum(ln.qty for ln in order.lines)
    done = dispose(client, headers, code, kind, document)
    assert done.status_code == 200, done.json
    assert done.json["status"] == {"destroy": "destroyed", "return_abroad": "returned_abroad"}[kind]
    lines = {(ln["sku"], ln["quantity"]) for ln in done.json["lines"]}
    assert sum(q for _sku, q in lines) == sum(ln.qty for ln in order.lines)
    assert sorted(_entries(app, document)) == sorted((entry, -q) for _sku, q in lines)
    assert _frozen(app) == 0
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))
    with app.app_context():
        actions = select(AuditRecord.action).where(AuditRecord.object_id == code)
        assert f"parcel.{done.json['status']}" in set(db.session.scalars(actions))


def test_restocked_goods_wait_for_putaway_and_the_ledger_is_untouched(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Restocking with customs' approval moves the goods to the staging area as received
    goods, which putaway shelves by scan; no ledger entry (they never left bond), nothing
    frozen, ledger equals stock."""
    order, code = refuse_at_inspection(client, headers, plan, 2)
    with app.app_context():
        entries = db.session.scalar(select(func.count(LedgerEntry.id)))
    done = dispose(client, headers, code, "restock", "APPROVAL-318")
    assert done.status_code == 200, done.json
    assert done.json["status"] == "restocked"
    assert sum(ln["quantity"] for ln in done.json["lines"]) == sum(ln.qty for ln in order.lines)
    with app.app_context():
        s = db.session
        assert s.scalar(select(func.count(LedgerEntry.id))) == entries
        for line in done.json["lines"]:
            assert s.scalar(select(Bin.zone).where(Bin.code == line["bin"])) == "staging"
        in_parcel = s.scalar(
            select(func.sum(Stock.quantity)).where(Stock.parcel_id.is_not(None), Stock.quantity > 0)
        )
        assert not in_parcel
        gtins = {
            s.scalar(select(Sku.gtin).where(Sku.code == ln["sku"])) for ln in done.json["lines"]
        }
    for gtin in sorted(gtins):
        suggested = scan(client, headers, "putaway", gtin)
        assert suggested["code"] == "W_SCAN_BIN", suggested
        shelved = scan(client, headers, "putaway", gtin, location=suggested["next"]["location"])
        assert shelved["code"] == "OK", shelved
    assert _frozen(app) == 0
    assert_ledger_equals_stock(client, headers(Role.CUSTOMS))


def test_a_decision_is_carried_out_once_and_needs_its_document(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Without a document number (E_NO_EVIDENCE, E_NO_WAYBILL, E_NO_APPROVAL) nothing changes;
    a second decision on the same parcel is E_NOT_REFUSED."""
    _order, code = refuse_at_inspection(client, headers, plan, 3)
    before = snapshot(app)
    for kind, error in (
        ("destroy", "E_NO_EVIDENCE"),
        ("return_abroad", "E_NO_WAYBILL"),
        ("restock", "E_NO_APPROVAL"),
    ):
        refused(dispose(client, headers, code, kind, "  "), error)
    assert snapshot(app) == before
    assert dispose(client, headers, code, "destroy", "XH-1").status_code == 200
    after = snapshot(app)
    refused(dispose(client, headers, code, "restock", "APPROVAL-1"), "E_NOT_REFUSED")
    assert snapshot(app) == after


def test_only_refused_parcels_are_disposed_of(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """A parcel customs released is E_NOT_REFUSED; an unknown code E_UNKNOWN_CODE; the floor's
    staff may not decide (403)."""
    order, _payment, waybill = declare(client, headers, 4, plan)
    receipt(client, headers(Role.CUSTOMS), order.order_no, "800")
    assert pick_and_pack(client, headers, waybill.logistics_no)["code"] == "OK"
    before = snapshot(app)
    refused(dispose(client, headers, waybill.logistics_no, "destroy", "XH-2"), "E_NOT_REFUSED")
    refused(dispose(client, headers, "NO-SUCH-PARCEL", "destroy", "XH-2"), "E_UNKNOWN_CODE")
    floor = client.post(
        f"/api/v1/parcels/{waybill.logistics_no}/disposition",
        json={"kind": "destroy", "document": "XH-2"},
        headers=headers(Role.WAREHOUSE),
    )
    assert floor.status_code == 403
    assert snapshot(app) == before
