"""Outbound loads of the hub over HTTP: plan, the handheld's next box, seal, transit, depart."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Dict, Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from sqlalchemy import select

from app.api import api
from app.api.fields import UTCTime
from app.api.hub import OPS, READ, TAGS
from app.api.pagination import PageQuery, page
from app.extensions import db, db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.hub import closing, loading, loads
from warehouse.hub.containers import TYPES
from warehouse.hub.models import OutboundLoad, TransitRecord
from warehouse.hub.sites import hub_by_code
from warehouse.hub.statuses import CustomsStatus

PLANNERS = roles(Role.DISPATCHER, Role.SUPERVISOR, Role.ADMIN)


class HubContainerIn(Schema):
    container_no = String(required=True, validate=Length(min=1, max=20))
    type = String(required=True, validate=OneOf(sorted(TYPES)))


class HubLoadIn(Schema):
    service = String(required=True, validate=Length(min=1, max=64))
    containers = List(Nested(HubContainerIn), required=True, validate=Length(min=1, max=200))
    statuses = List(
        String(validate=OneOf([s.value for s in CustomsStatus])),
        load_default=["transshipment", "export"],
        validate=Length(min=1, max=3),
    )
    time_limit_s = Float(load_default=5.0, validate=Range(min=0.1, max=120))
    seed = Integer(load_default=0, validate=Range(min=0, max=2**31 - 1))


class HubLoadOut(Schema):
    no = String()
    service = String()
    statuses = List(String())
    status = String()
    containers = List(Dict())
    unplaced = List(Dict())
    next = Dict(allow_none=True)
    created_at = UTCTime()
    sealed_at = UTCTime(allow_none=True)
    departed_at = UTCTime(allow_none=True)


class HubLoadPage(Schema):
    items = List(Nested(HubLoadOut))
    next = String(allow_none=True)


class HubNextQuery(Schema):
    container = Integer(load_default=None, allow_none=True, validate=Range(min=0, max=10_000))


class HubNextOut(Schema):
    next = Dict(allow_none=True)


class HubCloseIn(Schema):
    seals = Dict(
        keys=String(validate=Length(max=20)),
        values=String(validate=Length(min=1, max=32)),
        required=True,
    )


class HubPlanOut(Schema):
    containers = List(Dict())
    unplaced = List(Dict())
    lower_bound_containers = Integer()
    solve_s = Float()


class HubTransitOut(Schema):
    no = String()
    container_no = String()
    seal = String()
    service = String()
    packages = List(Dict())
    statuses = Dict()
    created_at = UTCTime()


class HubTransitList(Schema):
    items = List(Nested(HubTransitOut))


def render_load(load: OutboundLoad) -> dict[str, Any]:
    session = db_session()
    plan = loads.rendered_plan(session, load)
    containers = [
        {
            "index": c["index"],
            "type": c["type"],
            "container_no": c["container_no"],
            "seal": c["seal"],
            "boxes": len(c["placements"]),
            "fill": c["fill"],
            "weight_kg": c["weight_kg"],
        }
        for c in plan["containers"]
        if c["placements"]
    ]
    return {
        "no": load.no,
        "service": load.service,
        "statuses": load.statuses,
        "status": load.status,
        "containers": containers,
        "unplaced": plan["unplaced"],
        "next": loading.next_box(session, load),
        "created_at": load.created_at,
        "sealed_at": load.sealed_at,
        "departed_at": load.departed_at,
    }


def render_transit(tr: TransitRecord) -> dict[str, Any]:
    return {
        "no": tr.no,
        "container_no": tr.container_no,
        "seal": tr.seal,
        "service": tr.service,
        "packages": tr.packages,
        "statuses": tr.statuses,
        "created_at": tr.created_at,
    }


def _load(site: str, no: str) -> OutboundLoad:
    return loads.load_by_no(db_session(), hub_by_code(db_session(), site), no)


@api.post("/hub/<site>/loads")
@api.auth_required(token_auth, **PLANNERS)
@api.input(HubLoadIn, arg_name="new")
@api.output(HubLoadOut, status_code=201)
@api.doc(
    summary="Plan an outbound load: the staged packages of a service into containers",
    tags=TAGS,
    responses={
        409: "E_NOTHING_STAGED, E_CONTAINER_BUSY",
        422: "E_CONTAINER_NO, E_NOTHING_PLACED, E_STATUS_MIX",
    },
)
def hub_create_load(site: str, new: dict[str, Any]) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    listed = [(c["container_no"], c["type"]) for c in new.pop("containers")]
    load = loads.create_load(db_session(), actor(), hub, loads.NewLoad(containers=listed, **new))
    db.session.commit()
    return render_load(load)


@api.get("/hub/<site>/loads")
@api.auth_required(token_auth, **READ)
@api.input(PageQuery, location="query")
@api.output(HubLoadPage)
@api.doc(summary="Outbound loads of the hub", tags=TAGS)
def hub_list_loads(site: str, query_data: dict[str, Any]) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    stmt = select(OutboundLoad).where(OutboundLoad.hub_id == hub.id)
    return page(db_session(), stmt, OutboundLoad.id, query_data, render_load)


@api.get("/hub/<site>/loads/<no>")
@api.auth_required(token_auth, **READ)
@api.output(HubLoadOut)
@api.doc(summary="One outbound load: containers, unplaced packages, next box", tags=TAGS)
def hub_get_load(site: str, no: str) -> dict[str, Any]:
    return render_load(_load(site, no))


@api.get("/hub/<site>/loads/<no>/plan")
@api.auth_required(token_auth, **READ)
@api.output(HubPlanOut)
@api.doc(summary="The load plan as the planning contract's JSON (container load plan)", tags=TAGS)
def hub_get_plan(site: str, no: str) -> dict[str, Any]:
    return loads.rendered_plan(db_session(), _load(site, no))


@api.get("/hub/<site>/loads/<no>/next")
@api.auth_required(token_auth, **READ)
@api.input(HubNextQuery, location="query")
@api.output(HubNextOut)
@api.doc(summary="The handheld's next box: container, position, orientation", tags=TAGS)
def hub_get_next(site: str, no: str, query_data: dict[str, Any]) -> dict[str, Any]:
    return {"next": loading.next_box(db_session(), _load(site, no), query_data["container"])}


@api.post("/hub/<site>/loads/<no>/close")
@api.auth_required(token_auth, **OPS)
@api.input(HubCloseIn, arg_name="body")
@api.output(HubTransitList)
@api.doc(
    summary="Seal a fully loaded load: seal numbers and customs transit records",
    tags=TAGS,
    responses={409: "E_LOAD_INCOMPLETE, E_LOAD_CLOSED", 422: "E_NO_SEAL, E_UNKNOWN_CONTAINER"},
)
def hub_close_load(site: str, no: str, body: dict[str, Any]) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    load = loads.load_by_no(db_session(), hub, no)
    records = closing.close_load(db_session(), actor(), hub, load, body["seals"], utcnow())
    db.session.commit()
    return {"items": [render_transit(tr) for tr in records]}


@api.post("/hub/<site>/loads/<no>/depart")
@api.auth_required(token_auth, **OPS)
@api.output(HubLoadOut)
@api.doc(summary="The sealed containers leave the hub", tags=TAGS, responses={409: "E_NOT_SEALED"})
def hub_depart_load(site: str, no: str) -> dict[str, Any]:
    hub = hub_by_code(db_session(), site)
    load = loads.load_by_no(db_session(), hub, no)
    closing.depart(db_session(), actor(), hub, load, utcnow())
    db.session.commit()
    return render_load(load)


@api.get("/hub/<site>/loads/<no>/transit")
@api.auth_required(token_auth, **READ)
@api.output(HubTransitList)
@api.doc(summary="The customs transit records of a sealed load", tags=TAGS)
def hub_get_transit(site: str, no: str) -> dict[str, Any]:
    return {
        "items": [
            render_transit(tr) for tr in closing.transit_records(db_session(), _load(site, no))
        ]
    }
