"""The floor abroad: scans (receive, pick, pack, ship, return), local orders, transfers, stock
cover. A scan that assigns a label (pack, return, transfer receipt) prints it at the scan's
station through the label path (devices.printing), in the scan's transaction."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Float, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from flask import current_app

from app.api import api
from app.api.bonded_floor import AnswerOut
from app.api.overseas import READERS, OwLineIn
from app.extensions import db_session
from app.security import actor, roles, token_auth
from devices import printing
from devices.printing import LabelRequest
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.overseas import orders, transfers
from warehouse.overseas.cover import stock_cover
from warehouse.overseas.scans import OPS, ScanAbroad, scan_abroad
from warehouse.scanning import Answer

FLOOR = roles(Role.WAREHOUSE, Role.SUPERVISOR)


class OwScanIn(Schema):
    warehouse = String(required=True, validate=Length(min=1, max=32))
    op = String(required=True, validate=OneOf(OPS))
    code = String(required=True, validate=Length(min=1, max=4096))
    location = String(load_default=None, allow_none=True, validate=Length(max=32))
    order = String(
        load_default=None,
        allow_none=True,
        validate=Length(max=40),
        metadata={"description": "op pick: the order being picked"},
    )
    station = String(
        load_default=None,
        allow_none=True,
        validate=Length(max=48),
        metadata={"description": "where to print a new label (pack, return, transfer receipt)"},
    )


class OwCancelIn(Schema):
    warehouse = String(required=True, validate=Length(min=1, max=32))


class OwOrderIn(Schema):
    no = String(required=True, validate=Length(min=1, max=40))
    warehouse = String(required=True, validate=Length(min=1, max=32))
    owner = String(required=True, validate=Length(min=1, max=10))
    lines = List(Nested(OwLineIn), required=True, validate=Length(min=1, max=200))


class OwOrderOut(Schema):
    no = String()
    status = String()
    label = String(allow_none=True)


class OwTransferIn(Schema):
    no = String(required=True, validate=Length(min=1, max=32))
    source = String(required=True, validate=Length(min=1, max=32))
    target = String(required=True, validate=Length(min=1, max=32))
    owner = String(required=True, validate=Length(min=1, max=10))
    lines = List(Nested(OwLineIn), required=True, validate=Length(min=1, max=200))


class OwTransferOut(Schema):
    no = String()
    status = String()


class OwCoverItem(Schema):
    warehouse = String()
    country = String()
    on_hand = Integer()
    daily_demand = Float()
    cover_days = Float(allow_none=True)


class OwCoverOut(Schema):
    items = List(Nested(OwCoverItem))


class OwCoverQuery(Schema):
    days = Integer(load_default=28, validate=Range(min=1, max=365))


@api.post("/overseas/scans")
@api.auth_required(token_auth, **FLOOR)
@api.input(OwScanIn, arg_name="body")
@api.output(AnswerOut)
@api.doc(
    summary="A scan abroad: receive a pallet or transfer, pick, pack, ship, return",
    tags=["Overseas"],
)
def ow_scan(body: dict[str, Any]) -> dict[str, Any]:
    scan = ScanAbroad(body["warehouse"], body["op"], body["code"], body["location"], body["order"])
    station = body["station"]
    printed = (lambda answer: _print(answer, station)) if station else None
    answer = scan_abroad(db_session(), actor(), scan, printed)
    db_session().commit()
    return answer.as_dict()


def _print(answer: Answer, station: str) -> Answer:
    """A new label printed at the station through the label path (E_NO_PRINTER undoes the
    scan with it: this runs inside the scan's savepoint)."""
    if not answer.details.get("label_lines"):
        return answer
    label = LabelRequest(tuple(answer.details["label_lines"]), waybill=str(answer.details["label"]))
    domain = current_app.extensions["silkhub.settings"].digital_link_base
    job = printing.create_job(db_session(), actor(), station, label, "zpl", domain=domain)
    return Answer(answer.result, answer.code, answer.message, answer.next,
                  {**answer.details, "print_job": job.job_id})  # fmt: skip


def _lines(body: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    return tuple((ln["sku"], ln["quantity"]) for ln in body["lines"])


@api.post("/overseas/orders")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.DISPATCHER))
@api.input(OwOrderIn, arg_name="body")
@api.output(OwOrderOut, status_code=201)
@api.doc(summary="A local order abroad, to be shipped by scan", tags=["Overseas"])
def ow_create_order(body: dict[str, Any]) -> Any:
    new = orders.NewOrder(body["no"], body["warehouse"], body["owner"], _lines(body))
    order = orders.create(db_session(), actor(), new)
    db_session().commit()
    return order


@api.post("/overseas/orders/<no>/cancel")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.DISPATCHER))
@api.input(OwCancelIn, arg_name="body")
@api.output(OwOrderOut)
@api.doc(
    summary="Cancel a local order before it ships: its reservation is freed", tags=["Overseas"]
)
def ow_cancel_order(no: str, body: dict[str, Any]) -> Any:
    order = orders.cancel(db_session(), actor(), body["warehouse"], no[:40])
    db_session().commit()
    return order


@api.post("/overseas/transfers")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.DISPATCHER))
@api.input(OwTransferIn, arg_name="body")
@api.output(OwTransferOut, status_code=201)
@api.doc(
    summary="Move stock to another overseas warehouse (received there by scan)", tags=["Overseas"]
)
def ow_create_transfer(body: dict[str, Any]) -> Any:
    new = transfers.NewTransfer(
        body["no"], body["source"], body["target"], body["owner"], _lines(body)
    )
    move = transfers.create(db_session(), actor(), new)
    db_session().commit()
    return move


@api.get("/kpis/stock-cover")
@api.auth_required(token_auth, **READERS)
@api.input(OwCoverQuery, location="query")
@api.output(OwCoverOut)
@api.doc(summary="Stock cover days by overseas warehouse", tags=["KPIs"])
def ow_kpis_cover(query_data: dict[str, Any]) -> dict[str, Any]:
    return {"items": stock_cover(db_session(), utcnow(), query_data["days"])}
