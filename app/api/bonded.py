"""Bonded ledgers, their items and entries, stock on the floor, holds, and the ledger check."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import Length
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, api_user, roles, token_auth
from warehouse.access.roles import Role
from warehouse.bonded import check, holds
from warehouse.bonded.ledger import Ledger, LedgerEntry, LedgerItem
from warehouse.bonded.stock import Stock
from warehouse.errors import Forbidden, NotFound
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Bin, Sku, Warehouse

READERS = roles(Role.WAREHOUSE, Role.SUPERVISOR, Role.CUSTOMS, Role.ADMIN)


def db_id(value: int) -> int:
    """A path id that fits the database's integer; anything larger names nothing."""
    if not 0 <= value < 2**31:
        raise NotFound("E_NOT_FOUND", f"No object {value}.")
    return value


def page_of(name: str, item: type[Schema]) -> type[Schema]:
    """The page schema of a collection: ``{"items": [...], "next": cursor}``."""
    return type(name, (Schema,), {"items": List(Nested(item)), "next": String(allow_none=True)})


class LedgerOut(Schema):
    id = Integer()
    warehouse = String()
    ems_no = String()
    area_code = String()


class ItemOut(Schema):
    id = Integer()
    seq = Integer()
    sku = String()
    gtin = String()
    hs_code = String()
    balance = Integer()
    frozen = Integer()


class LedgerEntryOut(Schema):
    id = Integer()
    sku = String()
    kind = String()
    quantity = Integer()
    balance_after = Integer()
    doc_type = String()
    doc_no = String()
    actor = String()
    at = UTCTime()


class StockOut(Schema):
    id = Integer()
    sku = String()
    bin = String()
    zone = String()
    lot = String()
    expiry = String(allow_none=True)
    status = String()
    customs_status = String()
    quantity = Integer()
    reserved = Integer()
    hold = Integer(allow_none=True)
    parcel = Integer(allow_none=True)


class StockQuery(PageQuery):
    warehouse = String(required=True)


class HoldOut(Schema):
    id = Integer()
    reason = String()
    subject_type = String()
    subject_id = String()
    note = String()
    active = Boolean()
    created_at = UTCTime()
    released_at = UTCTime(allow_none=True)
    released_by = String(allow_none=True)


class HoldQuery(PageQuery):
    active = Boolean(load_default=True)


class ReleaseIn(Schema):
    note = String(load_default="", validate=Length(max=200))


class CheckOut(Schema):
    ok = Boolean()
    items = Integer()
    differences = List(String())


def _codes(model: Any, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db_session().execute(select(model.id, model.code).where(model.id.in_(ids)))
    return {i: c for i, c in rows}


@api.get("/ledgers")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(page_of("LedgerPage", LedgerOut))
@api.doc(summary="Bonded ledgers (电子账册), one per bonded warehouse", tags=["Bonded"])
def list_ledgers(query_data: dict[str, Any]) -> dict[str, Any]:
    def render(ledger: Ledger) -> dict[str, Any]:
        code = db_session().scalar(
            select(Warehouse.code).where(Warehouse.id == ledger.warehouse_id)
        )
        return {
            "id": ledger.id,
            "warehouse": code,
            "ems_no": ledger.ems_no,
            "area_code": ledger.area_code,
        }

    return page(db_session(), select(Ledger), Ledger.id, query_data, render)


@api.get("/ledgers/<int:ledger_id>/items")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(page_of("LedgerItemPage", ItemOut))
@api.doc(summary="Items of a ledger: balance and frozen quantity per SKU", tags=["Bonded"])
def list_ledger_items(ledger_id: int, query_data: dict[str, Any]) -> dict[str, Any]:
    ledger_id = db_id(ledger_id)

    def render(item: LedgerItem) -> dict[str, Any]:
        sku = db_session().get_one(Sku, item.sku_id)
        return {
            "id": item.id,
            "seq": item.seq,
            "sku": sku.code,
            "gtin": sku.gtin,
            "hs_code": sku.hs_code,
            "balance": item.balance,
            "frozen": item.frozen,
        }

    query = select(LedgerItem).where(LedgerItem.ledger_id == ledger_id)
    return page(db_session(), query, LedgerItem.id, query_data, render)


@api.get("/ledgers/<int:ledger_id>/entries")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(page_of("LedgerEntryPage", LedgerEntryOut))
@api.doc(summary="Entries of a ledger, oldest first, each tied to its document", tags=["Bonded"])
def list_ledger_entries(ledger_id: int, query_data: dict[str, Any]) -> dict[str, Any]:
    ledger_id = db_id(ledger_id)
    items: dict[int, str] = {
        i: c
        for i, c in db_session().execute(
            select(LedgerItem.id, Sku.code)
            .join(Sku, Sku.id == LedgerItem.sku_id)
            .where(LedgerItem.ledger_id == ledger_id)
        )
    }

    def render(entry: LedgerEntry) -> dict[str, Any]:
        fields = ("id", "kind", "quantity", "balance_after", "doc_type", "doc_no", "actor", "at")
        return {"sku": items.get(entry.item_id), **{f: getattr(entry, f) for f in fields}}

    query = select(LedgerEntry).where(LedgerEntry.item_id.in_(list(items)))
    return page(db_session(), query, LedgerEntry.id, query_data, render)


@api.get("/stock")
@api.auth_required(token_auth, **READERS)
@api.input(StockQuery, location="query")
@api.output(page_of("StockPage", StockOut))
@api.doc(summary="Stock rows of a warehouse (id or code)", tags=["Bonded"])
def list_stock(query_data: dict[str, Any]) -> dict[str, Any]:
    wh = md.warehouse(db_session(), query_data["warehouse"])
    skus = _codes(
        Sku,
        set(db_session().scalars(select(Stock.sku_id).where(Stock.warehouse_id == wh.id)).all()),
    )
    bins = {b.id: b for b in db_session().scalars(select(Bin).where(Bin.warehouse_id == wh.id))}

    def render(row: Stock) -> dict[str, Any]:
        return {
            "id": row.id,
            "sku": skus.get(row.sku_id),
            "bin": bins[row.bin_id].code,
            "zone": bins[row.bin_id].zone,
            "lot": row.lot,
            "expiry": row.expiry.isoformat() if row.expiry else None,
            "status": "held" if row.hold_id else row.status,
            "customs_status": row.customs_status,
            "quantity": row.quantity,
            "reserved": row.reserved,
            "hold": row.hold_id,
            "parcel": row.parcel_id,
        }

    return page(
        db_session(), select(Stock).where(Stock.warehouse_id == wh.id), Stock.id, query_data, render
    )


@api.get("/holds")
@api.auth_required(token_auth, **READERS)
@api.input(HoldQuery, location="query")
@api.output(page_of("HoldPage", HoldOut))
@api.doc(summary="Holds (active ones by default)", tags=["Bonded"])
def list_holds(query_data: dict[str, Any]) -> dict[str, Any]:
    query = select(holds.Hold).where(holds.Hold.active == query_data["active"])
    return page(
        db_session(),
        query,
        holds.Hold.id,
        query_data,
        lambda h: {f: getattr(h, f) for f in HoldOut._declared_fields},
    )


@api.post("/holds/<int:hold_id>/release")
@api.auth_required(token_auth, **roles(Role.CUSTOMS, Role.SUPERVISOR))
@api.input(ReleaseIn, arg_name="body")
@api.output(HoldOut)
@api.doc(
    summary="Release a hold: customs releases customs holds, supervisors the others",
    tags=["Bonded"],
)
def release_hold(hold_id: int, body: dict[str, Any]) -> dict[str, Any]:
    hold_id = db_id(hold_id)
    hold = db_session().get(holds.Hold, hold_id)
    if hold is not None:
        customs_hold = hold.reason in holds.CUSTOMS_REASONS
        if customs_hold != (api_user().role == Role.CUSTOMS.value):
            raise Forbidden(
                "E_NOT_YOUR_HOLD",
                "Customs holds are released by customs, the floor's holds by a supervisor.",
            )
    released = holds.release(db_session(), actor(), hold_id, body["note"])
    db_session().commit()
    return {f: getattr(released, f) for f in HoldOut._declared_fields}


@api.get("/ledger-check")
@api.auth_required(token_auth, **READERS)
@api.output(CheckOut)
@api.doc(summary="Ledger balance == bonded stock, for every item", tags=["Bonded"])
def ledger_check() -> dict[str, Any]:
    found = check.differences(db_session())
    return {
        "ok": not found,
        "items": check.item_count(db_session()),
        "differences": [d.describe() for d in found],
    }
