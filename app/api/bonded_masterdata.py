"""Master data over HTTP: enterprises, SKUs, HS list entries, bonded warehouses with bins."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from sqlalchemy import select

from app.api import api
from app.api.bonded import page_of
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.bonded.ledger import open_ledger
from warehouse.masterdata import service as md
from warehouse.masterdata.models import CREDIT_CLASSES, HS_LISTS, Enterprise, Site, Sku
from warehouse.masterdata.zones import Zone

EDITORS = roles(Role.ADMIN, Role.SUPERVISOR)


class EnterpriseIn(Schema):
    code = String(required=True, validate=Length(equal=10))
    name = String(required=True, validate=Length(min=1, max=128))
    credit_class = String(required=True, validate=OneOf(CREDIT_CLASSES))
    roles = List(String(validate=Length(max=16)), load_default=list, validate=Length(max=6))


class SkuIn(Schema):
    code = String(required=True, validate=Length(min=1, max=40))
    gtin = String(required=True)
    name = String(required=True, validate=Length(min=1, max=200))
    owner = String(required=True, validate=Length(equal=10))
    hs_code = String(required=True)
    unit_value_fen = Integer(required=True, validate=Range(min=1, max=10**9))
    gross_g = Integer(required=True, validate=Range(min=1, max=10**7))
    net_g = Integer(required=True, validate=Range(min=1, max=10**7))
    origin = String(required=True, validate=Length(equal=3))
    vat_bp = Integer(load_default=1300, validate=Range(min=0, max=10000))
    ct_bp = Integer(load_default=0, validate=Range(min=0, max=9999))
    duty_bp = Integer(load_default=0, validate=Range(min=0, max=10000))
    lot_tracked = Boolean(load_default=False)
    expiry_tracked = Boolean(load_default=False)
    cold_chain = Boolean(load_default=False)


class SkuOut(SkuIn):
    id = Integer()
    owner = String()


class HsRuleIn(Schema):
    hs_prefix = String(required=True, validate=Length(max=10))
    list = String(required=True, validate=OneOf(HS_LISTS))
    note = String(load_default="", validate=Length(max=200))


class BinIn(Schema):
    code = String(required=True, validate=Length(min=1, max=32))
    zone = String(required=True, validate=OneOf([z.value for z in Zone]))
    capacity = Integer(required=True, validate=Range(min=1, max=10**7))


class WarehouseIn(Schema):
    site = String(required=True, validate=Length(min=1, max=32))
    code = String(required=True, validate=Length(min=1, max=32))
    name = String(required=True, validate=Length(min=1, max=128))
    operator = String(required=True, validate=Length(equal=10))
    area_code = String(required=True, validate=Length(min=1, max=10))
    customs_code = String(required=True, validate=Length(equal=4))
    ems_no = String(required=True, validate=Length(equal=12))
    bins = List(Nested(BinIn), load_default=list)


class Created(Schema):
    id = Integer()
    code = String()


def render_sku(sku: Sku) -> dict[str, Any]:
    owner = db_session().scalar(select(Enterprise.code).where(Enterprise.id == sku.owner_id))
    return {**{f: getattr(sku, f) for f in SkuOut._declared_fields if f != "owner"}, "owner": owner}


@api.post("/enterprises")
@api.auth_required(token_auth, **EDITORS)
@api.input(EnterpriseIn, arg_name="body")
@api.output(Created, status_code=201)
@api.doc(
    summary="Register an enterprise with its customs code and credit class", tags=["Master data"]
)
def create_enterprise(body: dict[str, Any]) -> dict[str, Any]:
    ent = md.create_enterprise(
        db_session(), actor(), body["code"], body["name"], body["credit_class"], body["roles"]
    )
    db_session().commit()
    return {"id": ent.id, "code": ent.code}


@api.post("/skus")
@api.auth_required(token_auth, **EDITORS)
@api.input(SkuIn, arg_name="body")
@api.output(SkuOut, status_code=201)
@api.doc(summary="Register a SKU (GTIN, HS code, value, weights, rates)", tags=["Master data"])
def create_sku(body: dict[str, Any]) -> dict[str, Any]:
    sku = md.create_sku(db_session(), actor(), md.NewSku(**body))
    db_session().commit()
    return render_sku(sku)


@api.get("/skus")
@api.auth_required(token_auth, **roles(Role.ADMIN, Role.SUPERVISOR, Role.WAREHOUSE, Role.CUSTOMS))
@api.input(PageQuery, location="query")
@api.output(page_of("SkuPage", SkuOut))
@api.doc(summary="SKUs", tags=["Master data"])
def list_skus(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(db_session(), select(Sku), Sku.id, query_data, render_sku)


@api.post("/hs-rules")
@api.auth_required(token_auth, **EDITORS)
@api.input(HsRuleIn, arg_name="body")
@api.output(Created, status_code=201)
@api.doc(
    summary="Add an HS prefix to the positive, prohibited or restricted list", tags=["Master data"]
)
def create_hs_rule(body: dict[str, Any]) -> dict[str, Any]:
    rule = md.add_hs_rule(db_session(), actor(), body["hs_prefix"], body["list"], body["note"])
    db_session().commit()
    return {"id": rule.id, "code": rule.hs_prefix}


@api.post("/warehouses")
@api.auth_required(token_auth, **roles(Role.ADMIN))
@api.input(WarehouseIn, arg_name="body")
@api.output(Created, status_code=201)
@api.doc(summary="A bonded warehouse with its bins and its ledger (emsNo)", tags=["Master data"])
def create_warehouse(body: dict[str, Any]) -> dict[str, Any]:
    site = db_session().scalar(select(Site).where(Site.code == body["site"]))
    if site is None:
        site = md.create_site(db_session(), actor(), body["site"], body["site"])
    wh = md.create_warehouse(
        db_session(),
        actor(),
        site,
        body["code"],
        body["name"],
        body["operator"],
        body["area_code"],
        body["customs_code"],
    )
    open_ledger(db_session(), wh.id, body["ems_no"], body["area_code"])
    for b in body["bins"]:
        md.create_bin(db_session(), actor(), wh, b["code"], b["zone"], b["capacity"])
    db_session().commit()
    return {"id": wh.id, "code": wh.code}
