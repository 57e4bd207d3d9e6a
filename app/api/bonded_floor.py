"""The floor over HTTP: scale readings, waves, label requests, stocktake (scans: handheld)."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, Nested, String
from apiflask.validators import Length, Range
from sqlalchemy import select

from app.api import api
from app.api.bonded import db_id, page_of
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse import handlers
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.fulfilment import waves
from warehouse.fulfilment.models import LabelRequest
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Sku
from warehouse.scanning import Weighing, handle_weighing
from warehouse.stocktake import service as stocktake

FLOOR = roles(Role.WAREHOUSE, Role.SUPERVISOR)
assert handlers.REGISTERED


class WeighingIn(Schema):
    station = String(required=True, validate=Length(min=1, max=32))
    gross_g = Integer(required=True, validate=Range(min=0, max=10_000_000))
    tare_g = Integer(load_default=0, validate=Range(min=0, max=10_000_000))
    site = String(load_default="qd-bonded", validate=Length(max=32))
    device = String(load_default="scale-web", validate=Length(max=64))


class AnswerOut(Schema):
    result = String()
    code = String()
    message = String()
    next = Dict(allow_none=True)
    details = Dict()


class WaveIn(Schema):
    warehouse = String(required=True)
    max_orders = Integer(load_default=50, validate=Range(min=1, max=500))


class TaskOut(Schema):
    id = Integer()
    bin = String()
    sku = String()
    gtin = String()
    qty = Integer()
    picked = Integer()
    status = String()


class WaveOut(Schema):
    id = Integer(allow_none=True)
    tasks = List(Nested(TaskOut))


class LabelOut(Schema):
    id = Integer()
    parcel_id = Integer()
    station = String()
    status = String()
    payload = Dict()
    created_at = UTCTime()


class LabelQuery(PageQuery):
    status = String(load_default="pending", validate=Length(max=16))


class CountIn(Schema):
    bin = String(required=True, validate=Length(max=32))


class VarianceOut(Schema):
    sku_id = Integer()
    lot = String()
    book = Integer()
    counted = Integer()


class CountOut(Schema):
    id = Integer()
    status = String()
    variances = List(Nested(VarianceOut))


class DecisionIn(Schema):
    approve = Boolean(required=True)


@api.post("/handheld/weighings")
@api.auth_required(token_auth, **FLOOR)
@api.input(WeighingIn, arg_name="body")
@api.output(AnswerOut)
@api.doc(summary="A stable weight at a pack station", tags=["Floor"])
def weighing(body: dict[str, Any]) -> dict[str, Any]:
    message = Weighing(
        device=body["device"],
        site=body["site"],
        station=body["station"],
        msg_id=uuid.uuid4().hex,
        gross_g=body["gross_g"],
        tare_g=body["tare_g"],
        ts=utcnow(),
    )
    answer = handle_weighing(db_session(), message)
    db_session().commit()
    return answer.as_dict()


@api.post("/waves")
@api.auth_required(token_auth, **FLOOR)
@api.input(WaveIn, arg_name="body")
@api.output(WaveOut, status_code=201)
@api.doc(summary="Batch released orders into a wave of pick tasks", tags=["Floor"])
def create_wave(body: dict[str, Any]) -> dict[str, Any]:
    wh = md.warehouse(db_session(), body["warehouse"])
    wave = waves.create_wave(db_session(), actor(), wh.id, body["max_orders"])
    db_session().commit()
    if wave is None:
        return {"id": None, "tasks": []}
    return {
        "id": wave.id,
        "tasks": [
            {
                "id": t.id,
                "bin": code,
                "sku": sku.code,
                "gtin": sku.gtin,
                "qty": t.qty,
                "picked": t.picked,
                "status": t.status,
            }
            for t, code in waves.tasks_of(db_session(), wave.id)
            for sku in [db_session().get_one(Sku, t.sku_id)]
        ],
    }


@api.get("/label-requests")
@api.auth_required(token_auth, **roles(Role.WAREHOUSE, Role.SUPERVISOR, Role.ADMIN))
@api.input(LabelQuery, location="query")
@api.output(page_of("LabelPage", LabelOut))
@api.doc(summary="Labels waiting for the device gateway to render and print", tags=["Floor"])
def list_labels(query_data: dict[str, Any]) -> dict[str, Any]:
    query = select(LabelRequest).where(LabelRequest.status == query_data["status"])
    return page(
        db_session(),
        query,
        LabelRequest.id,
        query_data,
        lambda r: {f: getattr(r, f) for f in LabelOut._declared_fields},
    )


def _count_out(task: stocktake.CountTask) -> dict[str, Any]:
    return {
        "id": task.id,
        "status": task.status,
        "variances": [vars(v) for v in stocktake.variances_of(task)],
    }


@api.post("/stocktakes")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR))
@api.input(CountIn, arg_name="body")
@api.output(CountOut, status_code=201)
@api.doc(
    summary="Open a count of one bin (then scan with op count, task = its id)", tags=["Stocktake"]
)
def open_count(body: dict[str, Any]) -> dict[str, Any]:
    task = stocktake.open_count(db_session(), actor(), body["bin"])
    db_session().commit()
    return _count_out(task)


@api.post("/stocktakes/<int:task_id>/submit")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR))
@api.output(CountOut)
@api.doc(summary="Submit the count's variances to customs", tags=["Stocktake"])
def submit_count(task_id: int) -> dict[str, Any]:
    task_id = db_id(task_id)
    stocktake.submit(db_session(), actor(), task_id)
    db_session().commit()
    return _count_out(stocktake.task(db_session(), task_id))


@api.post("/stocktakes/<int:task_id>/decision")
@api.auth_required(token_auth, **roles(Role.CUSTOMS))
@api.input(DecisionIn, arg_name="body")
@api.output(CountOut)
@api.doc(
    summary="Customs approves (ledger and stock adjusted) or rejects the variances",
    tags=["Stocktake"],
)
def decide_count(task_id: int, body: dict[str, Any]) -> dict[str, Any]:
    task_id = db_id(task_id)
    stocktake.decide(db_session(), actor(), task_id, body["approve"])
    db_session().commit()
    return _count_out(stocktake.task(db_session(), task_id))
