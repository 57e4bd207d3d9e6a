"""Overseas warehouses: the warehouses and their stock per seller, replenishment suggestions
with their reasoning, and 9810 replenishment shipments under one bill of lading."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Dict, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from flask import current_app
from sqlalchemy import select

from app.api import api
from app.api.bonded import page_of
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.plan_queue import plan_queue
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.masterdata.models import Enterprise, Sku
from warehouse.multimodal.bills import get_bill
from warehouse.multimodal.legstatus import bill_status
from warehouse.overseas import replenishment as rpl
from warehouse.overseas import setup
from warehouse.overseas.models import OverseasStock, OverseasWarehouse, Replenishment
from warehouse.overseas.stock import warehouse
from warehouse.overseas.suggestions import suggestions

PLANNERS = roles(Role.DISPATCHER, Role.SUPERVISOR)
READERS = roles(Role.DISPATCHER, Role.SUPERVISOR, Role.WAREHOUSE, Role.ADMIN)
CODE = Length(min=1, max=40)


class OwWarehouseIn(Schema):
    code = String(required=True, validate=Length(min=2, max=32))
    name = String(required=True, validate=Length(min=1, max=128))
    hub = String(required=True, validate=Length(min=1, max=32))
    cargo_classes = List(String(validate=OneOf(setup.CARGO)), load_default=["general"])
    service_level = Float(load_default=0.95, validate=Range(min=0.5, max=0.999))
    review_days = Integer(load_default=7, validate=Range(min=1, max=90))


class OwWarehouseOut(Schema):
    id = Integer()
    code = String()
    name = String()
    country = String()
    hub = String()
    cargo_classes = List(String())
    service_level = Float()
    review_days = Integer()


class OwStockQuery(PageQuery):
    owner = String(load_default=None, allow_none=True, validate=Length(max=10))


class OwStockOut(Schema):
    id = Integer()
    bin = String()
    owner = String()
    sku = String()
    quantity = Integer()
    reserved = Integer(metadata={"description": "units allocated to local orders not shipped"})


class OwSuggestionOut(Schema):
    owner = String()
    sku = String()
    on_hand = Integer()
    on_order = Integer()
    option = String()
    quantity = Integer()
    reasoning = Dict()


class OwSuggestionsOut(Schema):
    warehouse = String()
    items = List(Nested(OwSuggestionOut))


class OwLineIn(Schema):
    sku = String(required=True, validate=CODE)
    quantity = Integer(required=True, validate=Range(min=1, max=1_000_000))


class OwReplenishmentIn(Schema):
    warehouse = String(required=True, validate=Length(min=1, max=32))
    owner = String(required=True, validate=Length(min=1, max=10))
    lines = List(Nested(OwLineIn), required=True, validate=Length(min=1, max=200))
    option = String(load_default="cheapest", validate=OneOf(rpl.OPTIONS))
    origin = String(load_default="CNTAO-BZ", validate=Length(min=1, max=32))
    cargo = String(load_default=None, allow_none=True, validate=OneOf(setup.CARGO))


class OwReplenishmentOut(Schema):
    no = String()
    warehouse = String()
    owner = String()
    status = String()
    origin_hub = String()
    cargo = String()
    option = String()
    weight_kg = Float()
    lead_time_h = Float()
    ready = UTCTime()
    quote = Dict()
    plan_job_id = Integer(allow_none=True)
    bol_number = String(allow_none=True)
    bol_status = String(allow_none=True)
    sscc = String()
    lines = List(Dict())
    created_at = UTCTime()
    received_at = UTCTime(allow_none=True)


def _settings() -> Any:
    return current_app.extensions["silkhub.settings"]


def render_wh(wh: OverseasWarehouse) -> dict[str, Any]:
    return {k: getattr(wh, k) for k in OwWarehouseOut().fields}


def render_rep(rep: Replenishment) -> dict[str, Any]:
    session = db_session()
    out = {k: getattr(rep, k) for k in OwReplenishmentOut().fields if hasattr(rep, k)}
    out["warehouse"] = session.get_one(OverseasWarehouse, rep.warehouse_id).code
    out["owner"] = session.get_one(Enterprise, rep.owner_id).code
    out["bol_status"] = (
        bill_status([g.status for g in get_bill(session, rep.bol_number).legs])
        if rep.bol_number
        else None
    )
    out["lines"] = [
        {
            "sku": session.get_one(Sku, ln.sku_id).code,
            "quantity": ln.quantity,
            "received": ln.received,
        }
        for ln in rpl.lines_of(session, rep)
    ]
    return out


@api.post("/overseas/warehouses")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.ADMIN))
@api.input(OwWarehouseIn, arg_name="body")
@api.output(OwWarehouseOut, status_code=201)
@api.doc(summary="Register an overseas warehouse at a hub of the route network", tags=["Overseas"])
def ow_create_warehouse(body: dict[str, Any]) -> dict[str, Any]:
    new = setup.NewWarehouse(**{**body, "cargo_classes": tuple(body["cargo_classes"])})
    wh = setup.create_warehouse(db_session(), actor(), new)
    db_session().commit()
    return render_wh(wh)


@api.get("/overseas/warehouses")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(page_of("OverseasWarehousePage", OwWarehouseOut))
@api.doc(summary="Overseas warehouses", tags=["Overseas"])
def ow_list_warehouses(query_data: dict[str, Any]) -> dict[str, Any]:
    query = select(OverseasWarehouse)
    return page(db_session(), query, OverseasWarehouse.id, query_data, render_wh)


@api.get("/overseas/warehouses/<code>/stock")
@api.auth_required(token_auth, **READERS)
@api.input(OwStockQuery, location="query")
@api.output(page_of("OverseasStockPage", OwStockOut))
@api.doc(summary="Stock of a warehouse abroad (?owner= one seller's)", tags=["Overseas"])
def ow_list_stock(code: str, query_data: dict[str, Any]) -> dict[str, Any]:
    from warehouse.masterdata.service import enterprise
    from warehouse.overseas.models import OverseasBin

    session = db_session()
    wh = warehouse(session, code[:32])
    query = select(OverseasStock).where(OverseasStock.warehouse_id == wh.id)
    if query_data["owner"]:
        query = query.where(OverseasStock.owner_id == enterprise(session, query_data["owner"]).id)

    def render(row: OverseasStock) -> dict[str, Any]:
        return {
            "id": row.id,
            "bin": session.get_one(OverseasBin, row.bin_id).code,
            "owner": session.get_one(Enterprise, row.owner_id).code,
            "sku": session.get_one(Sku, row.sku_id).code,
            "quantity": row.quantity,
            "reserved": row.reserved,
        }

    return page(session, query, OverseasStock.id, query_data, render)


@api.get("/overseas/warehouses/<code>/suggestions")
@api.auth_required(token_auth, **PLANNERS)
@api.output(OwSuggestionsOut)
@api.doc(
    summary="Reorder suggestions with demand, planner lead times and formula", tags=["Overseas"]
)
def ow_list_suggestions(code: str) -> dict[str, Any]:
    found = suggestions(db_session(), code[:32], utcnow())
    return {"warehouse": code, "items": [vars(s) for s in found]}


@api.post("/overseas/replenishments")
@api.auth_required(token_auth, **PLANNERS)
@api.input(OwReplenishmentIn, arg_name="body")
@api.output(OwReplenishmentOut, status_code=201)
@api.doc(summary="Plan a 9810 replenishment (quote, then a plan job)", tags=["Overseas"])
def ow_create_replenishment(body: dict[str, Any]) -> dict[str, Any]:
    lines = tuple((ln["sku"], ln["quantity"]) for ln in body["lines"])
    new = rpl.NewReplenishment(
        body["warehouse"], body["owner"], lines, body["option"], body["origin"], body["cargo"]
    )
    rep = rpl.plan(db_session(), actor(), new, utcnow(), _settings().gs1_company_prefix)
    db_session().commit()
    assert rep.plan_job_id is not None
    plan_queue().submit(rep.plan_job_id, rpl.PLAN_TIME_LIMIT_S)
    return render_rep(rep)


@api.get("/overseas/replenishments")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(page_of("ReplenishmentPage", OwReplenishmentOut))
@api.doc(summary="Replenishment shipments", tags=["Overseas"])
def ow_list_replenishments(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(db_session(), select(Replenishment), Replenishment.id, query_data, render_rep)


@api.get("/overseas/replenishments/<no>")
@api.auth_required(token_auth, **READERS)
@api.output(OwReplenishmentOut)
@api.doc(summary="One replenishment with its bill of lading's status", tags=["Overseas"])
def ow_get_replenishment(no: str) -> dict[str, Any]:
    return render_rep(rpl.by_no(db_session(), no[:32]))


@api.post("/overseas/replenishments/<no>/bill-of-lading")
@api.auth_required(token_auth, **roles(Role.DISPATCHER))
@api.output(OwReplenishmentOut, status_code=201)
@api.doc(summary="Issue the one bill of lading once the plan is done", tags=["Overseas"])
def ow_book_replenishment(no: str) -> dict[str, Any]:
    rep = rpl.book(db_session(), actor(), no[:32], _settings().gs1_company_prefix)
    db_session().commit()
    return render_rep(rep)
