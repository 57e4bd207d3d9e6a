"""The consolidation hub over HTTP: inbound containers and devanning, sorting, the ledger."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Float, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from flask import current_app
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db, db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.hub import devanning, sorting
from warehouse.hub.check import ledger_findings
from warehouse.hub.ledger import lines
from warehouse.hub.manifest import ManifestLine, NewInbound, inbound_by_no, register_inbound
from warehouse.hub.models import HubSite, InboundContainer, Package
from warehouse.hub.sites import HubIdentity, ensure_hub, hub_by_code
from warehouse.hub.statuses import CARGO_CLASSES, CustomsStatus, State

OPS = roles(Role.WAREHOUSE, Role.SUPERVISOR, Role.ADMIN)
PLAN = roles(Role.DISPATCHER, Role.SUPERVISOR, Role.WAREHOUSE, Role.ADMIN)
READ = roles(Role.DISPATCHER, Role.SUPERVISOR, Role.WAREHOUSE, Role.CUSTOMS, Role.ADMIN)
TAGS = ["Consolidation hub"]
Dim = Float(validate=Range(min=0.1, max=5000))


class HubPackageIn(Schema):
    sscc = String(load_default=None, allow_none=True, validate=Length(equal=18))
    waybill = String(load_default=None, allow_none=True, validate=Length(min=1, max=64))
    dims_cm = List(Dim, required=True, validate=Length(equal=3))
    weight_kg = Float(required=True, validate=Range(min=0.001, max=100_000))
    cargo = String(load_default="general", validate=OneOf(CARGO_CLASSES))
    customs_status = String(required=True, validate=OneOf([s.value for s in CustomsStatus]))
    service = String(required=True, validate=Length(min=1, max=64))
    destination = String(load_default="", validate=Length(max=64))
    rotate = Boolean(load_default=True)
    stack = Boolean(load_default=True)


class HubInboundIn(Schema):
    container_no = String(required=True, validate=Length(min=1, max=20))
    seal = String(required=True, validate=Length(min=1, max=32))
    manifest_no = String(required=True, validate=Length(min=1, max=64))
    vessel = String(load_default="", validate=Length(max=64))
    packages = List(Nested(HubPackageIn), required=True, validate=Length(min=1, max=5000))


class HubInboundOut(Schema):
    container_no = String()
    seal = String()
    sscc = String()
    manifest_no = String()
    status = String()
    arrived_at = UTCTime()
    devanned_at = UTCTime(allow_none=True)
    progress = Dict()


class HubInboundPage(Schema):
    items = List(Nested(HubInboundOut))
    next = String(allow_none=True)


class HubPackageOut(Schema):
    code = String()
    sscc = String()
    waybill = String(allow_none=True)
    customs_status = String()
    cargo = String()
    service = String()
    destination = String()
    state = String()
    over = Boolean()
    damaged = Boolean()
    planned = Boolean(metadata={"description": "placed in an outbound load's plan"})
    weight_kg = Float()
    dims_cm = List(Float())


class HubPackagePage(Schema):
    items = List(Nested(HubPackageOut))
    next = String(allow_none=True)


class HubPackageQuery(PageQuery):
    state = String(load_default=None, allow_none=True, validate=OneOf([s.value for s in State]))
    service = String(load_default=None, allow_none=True, validate=Length(max=64))


class HubClosedOut(Schema):
    progress = Dict()
    short = List(String())


class HubSortOut(Schema):
    lanes = List(Dict())


class HubLedgerOut(Schema):
    lines = List(Dict())
    findings = List(String())


def identity() -> HubIdentity:
    settings = current_app.extensions["silkhub.settings"]
    return HubIdentity(settings.gs1_company_prefix, settings.digital_link_base)


def render_inbound(inbound: InboundContainer) -> dict[str, Any]:
    return {
        "container_no": inbound.container_no,
        "seal": inbound.seal,
        "sscc": inbound.sscc,
        "manifest_no": inbound.manifest_no,
        "status": inbound.status,
        "arrived_at": inbound.arrived_at,
        "devanned_at": inbound.devanned_at,
        "progress": devanning.progress(db_session(), inbound),
    }


def render_package(p: Package) -> dict[str, Any]:
    return {
        "code": p.code,
        "sscc": p.sscc,
        "waybill": p.waybill,
        "customs_status": p.customs_status,
        "cargo": p.cargo,
        "service": p.service,
        "destination": p.destination,
        "state": p.state,
        "over": p.over,
        "damaged": p.damaged,
        "planned": p.load_id is not None,
        "weight_kg": p.weight_g / 1000,
        "dims_cm": [d / 10 for d in p.dims_mm],
    }


def _line(raw: dict[str, Any]) -> ManifestLine:
    return ManifestLine(**{**raw, "dims_cm": tuple(raw["dims_cm"])})


@api.post("/hub/<site>/inbound")
@api.auth_required(token_auth, **OPS)
@api.input(HubInboundIn, arg_name="new")
@api.output(HubInboundOut, status_code=201)
@api.doc(
    summary="An inbound container arrived, with its manifest",
    tags=TAGS,
    responses={
        409: "E_CONTAINER_EXISTS, E_DUPLICATE_PACKAGE",
        422: "E_CONTAINER_NO, E_BAD_MANIFEST",
    },
)
def hub_create_inbound(site: str, new: dict[str, Any]) -> dict[str, Any]:
    hub = ensure_hub(db_session(), actor(), site[:32], identity())
    lines_ = [_line(p) for p in new.pop("packages")]
    inbound = register_inbound(db_session(), actor(), hub, NewInbound(**new, packages=lines_))
    db.session.commit()
    return render_inbound(inbound)


@api.get("/hub/<site>/inbound")
@api.auth_required(token_auth, **READ)
@api.input(PageQuery, location="query")
@api.output(HubInboundPage)
@api.doc(summary="Inbound containers of the hub, with devanning progress", tags=TAGS)
def hub_list_inbound(site: str, query_data: dict[str, Any]) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    stmt = select(InboundContainer).where(InboundContainer.hub_id == hub.id)
    return page(db_session(), stmt, InboundContainer.id, query_data, render_inbound)


@api.get("/hub/<site>/inbound/<container_no>")
@api.auth_required(token_auth, **READ)
@api.output(HubInboundOut)
@api.doc(summary="Devanning progress and discrepancies (over, short, damaged)", tags=TAGS)
def hub_get_inbound(site: str, container_no: str) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    return render_inbound(inbound_by_no(db_session(), hub, container_no))


@api.post("/hub/<site>/inbound/<container_no>/close")
@api.auth_required(token_auth, **OPS)
@api.output(HubClosedOut)
@api.doc(
    summary="Devanning done: packages not scanned are short",
    tags=TAGS,
    responses={409: "E_DEVANNING_CLOSED"},
)
def hub_close_inbound(site: str, container_no: str) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    inbound = inbound_by_no(db_session(), hub, container_no)
    shorts = devanning.close_devanning(db_session(), actor(), hub, inbound, utcnow())
    db.session.commit()
    return {
        "progress": devanning.progress(db_session(), inbound),
        "short": [p.code for p in shorts],
    }


@api.get("/hub/<site>/packages")
@api.auth_required(token_auth, **READ)
@api.input(HubPackageQuery, location="query")
@api.output(HubPackagePage)
@api.doc(summary="Packages at the hub, by state and outbound service", tags=TAGS)
def hub_list_packages(site: str, query_data: dict[str, Any]) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    stmt = select(Package).where(Package.hub_id == hub.id)
    if query_data.get("state"):
        stmt = stmt.where(Package.state == query_data["state"])
    if query_data.get("service"):
        stmt = stmt.where(Package.service == query_data["service"])
    return page(db_session(), stmt, Package.id, query_data, render_package)


@api.post("/hub/<site>/sort-plan")
@api.auth_required(token_auth, **PLAN)
@api.output(HubSortOut)
@api.doc(summary="Make the sort plan: a staging lane per outbound service", tags=TAGS)
def hub_make_sort_plan(site: str) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    lanes = sorting.sort_plan(db_session(), hub)
    db.session.commit()  # lanes are opened for services seen the first time
    return {"lanes": lanes}


@api.get("/hub/<site>/ledger")
@api.auth_required(token_auth, **READ)
@api.output(HubLedgerOut)
@api.doc(summary="The hub ledger: one line per customs status, and the balance check", tags=TAGS)
def hub_get_ledger(site: str) -> dict[str, Any]:
    hub: HubSite = hub_by_code(db_session(), site)
    rows = [
        {
            "customs_status": ln.customs_status,
            "packages": ln.packages,
            "weight_kg": ln.weight_g / 1000,
        }
        for ln in lines(db_session(), hub.id)
    ]
    return {"lines": rows, "findings": ledger_findings(db_session(), hub)}
