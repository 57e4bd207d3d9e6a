"""Inbound over HTTP: entry declarations, receiving, inbound inspection, putaway."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Date, Integer, List, Nested, String
from apiflask.validators import Length, Range

from app.api import api
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.inbound import entries, putaway, receiving
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Sku

FLOOR = roles(Role.WAREHOUSE, Role.SUPERVISOR)


class CartonIn(Schema):
    sscc = String(required=True, validate=Length(equal=18))
    quantity = Integer(required=True, validate=Range(min=1, max=1_000_000))


class LineIn(Schema):
    sku = String(required=True)
    quantity = Integer(required=True, validate=Range(min=1, max=1_000_000))
    lot = String(load_default="", validate=Length(max=20))
    expiry = Date(load_default=None, allow_none=True)
    cartons = List(Nested(CartonIn), load_default=list)


class EntryIn(Schema):
    no = String(required=True, validate=Length(min=1, max=32))
    warehouse = String(required=True)
    owner = String(required=True, validate=Length(equal=10))
    lines = List(Nested(LineIn), required=True, validate=Length(min=1))


class LineOut(Schema):
    sku = String()
    lot = String()
    expected = Integer()
    received = Integer()
    damaged = Integer()
    short = Integer()


class EntryOut(Schema):
    no = String()
    status = String()
    lines = List(Nested(LineOut))


class ReceiveIn(Schema):
    code = String(required=True, validate=Length(min=1, max=200))
    quantity = Integer(load_default=None, allow_none=True, validate=Range(min=1, max=1_000_000))
    damaged = Boolean(load_default=False)


class ReceivedOut(Schema):
    entry = String()
    sku = String()
    lot = String()
    quantity = Integer()
    damaged = Boolean()
    bin = String()
    remaining = Integer()


class PutawayIn(Schema):
    warehouse = String(required=True)
    code = String(required=True, validate=Length(min=1, max=200))
    bin = String(required=True)


class SuggestQuery(Schema):
    warehouse = String(required=True)
    code = String(required=True)


class PutawayOut(Schema):
    bin = String()
    quantity = Integer()


def render_entry(entry: entries.EntryDeclaration) -> dict[str, Any]:
    def line(ln: entries.EntryLine) -> dict[str, Any]:
        sku = db_session().get_one(Sku, ln.sku_id)
        return {
            "sku": sku.code,
            "lot": ln.lot,
            "expected": ln.expected,
            "received": ln.received,
            "damaged": ln.damaged,
            "short": ln.expected - ln.received - ln.damaged,
        }

    return {"no": entry.no, "status": entry.status, "lines": [line(ln) for ln in entry.lines]}


@api.post("/entries")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.ADMIN))
@api.input(EntryIn, arg_name="body")
@api.output(EntryOut, status_code=201)
@api.doc(summary="Declare goods entering the zone (entry declaration)", tags=["Inbound"])
def declare_entry(body: dict[str, Any]) -> dict[str, Any]:
    lines = [
        entries.NewLine(
            ln["sku"],
            ln["quantity"],
            ln["lot"],
            ln["expiry"],
            [(c["sscc"], c["quantity"]) for c in ln["cartons"]],
        )
        for ln in body["lines"]
    ]
    entry = entries.declare(
        db_session(), actor(), entries.NewEntry(body["no"], body["warehouse"], body["owner"], lines)
    )
    db_session().commit()
    return render_entry(entry)


@api.get("/entries/<no>")
@api.auth_required(token_auth, **roles(Role.WAREHOUSE, Role.SUPERVISOR, Role.CUSTOMS, Role.ADMIN))
@api.output(EntryOut)
@api.doc(summary="An entry declaration with its receiving progress", tags=["Inbound"])
def get_entry(no: str) -> dict[str, Any]:
    return render_entry(entries.entry_by_no(db_session(), no))


@api.post("/entries/<no>/receipts")
@api.auth_required(token_auth, **FLOOR)
@api.input(ReceiveIn, arg_name="body")
@api.output(ReceivedOut, status_code=201)
@api.doc(summary="Receive a scanned carton (SSCC) or units (GTIN)", tags=["Inbound"])
def receive(no: str, body: dict[str, Any]) -> dict[str, Any]:
    got = receiving.receive(
        db_session(), actor(), no, body["code"], body["quantity"], body["damaged"]
    )
    db_session().commit()
    return vars(got)


@api.post("/entries/<no>/close")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR))
@api.output(EntryOut)
@api.doc(summary="Close receiving; short and damaged lines are reported", tags=["Inbound"])
def close_entry(no: str) -> dict[str, Any]:
    entries.close(db_session(), actor(), no)
    db_session().commit()
    return render_entry(entries.entry_by_no(db_session(), no))


@api.post("/entries/<no>/inspection")
@api.auth_required(token_auth, **roles(Role.CUSTOMS))
@api.output(EntryOut)
@api.doc(summary="Customs selects inbound goods for inspection (they are held)", tags=["Inbound"])
def inspect_entry(no: str) -> dict[str, Any]:
    entries.select_for_inspection(db_session(), actor(), no)
    db_session().commit()
    return render_entry(entries.entry_by_no(db_session(), no))


@api.get("/putaway/suggestion")
@api.auth_required(token_auth, **FLOOR)
@api.input(SuggestQuery, location="query")
@api.output(PutawayOut)
@api.doc(summary="Where to put scanned received goods", tags=["Inbound"])
def suggest_putaway(query_data: dict[str, Any]) -> dict[str, Any]:
    wh = md.warehouse(db_session(), query_data["warehouse"])
    target, qty = putaway.suggestion_for(db_session(), wh.id, query_data["code"])
    return {"bin": target.code, "quantity": qty}


@api.post("/putaway")
@api.auth_required(token_auth, **FLOOR)
@api.input(PutawayIn, arg_name="body")
@api.output(PutawayOut, status_code=201)
@api.doc(
    summary="Put scanned goods away to a bin (confirmed by scanning the bin)", tags=["Inbound"]
)
def confirm_putaway(body: dict[str, Any]) -> dict[str, Any]:
    wh = md.warehouse(db_session(), body["warehouse"])
    qty = putaway.putaway(db_session(), actor(), wh.id, body["code"], body["bin"])
    db_session().commit()
    return {"bin": body["bin"], "quantity": qty}
