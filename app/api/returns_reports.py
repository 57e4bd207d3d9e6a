"""Return deadlines approaching or missed, returns KPIs, and exports returning for re-import."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, DateTime, Dict, Float, Integer, String
from apiflask.validators import Length, OneOf, Range
from sqlalchemy import select

from app.api import api
from app.api.bonded import page_of
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, decode_cursor, encode_cursor, page
from app.api.returns import READERS, STAFF, policy
from app.extensions import db_session
from app.security import actor, token_auth
from warehouse.db import utcnow
from warehouse.errors import Invalid
from warehouse.returns import reimport
from warehouse.returns.deadlines import KINDS, deadlines
from warehouse.returns.kpis import returns_kpis
from warehouse.returns.models import Reimport


class RetDeadlineQuery(PageQuery):
    within_days = Float(load_default=7.0, validate=Range(min=0, max=365))
    kind = String(
        load_default=None,
        allow_none=True,
        validate=OneOf(KINDS),
        metadata={"description": "one clock only: apply, arrive, declare or refund"},
    )


class RetDeadlineOut(Schema):
    kind = String(metadata={"description": "apply, arrive, declare or refund"})
    no = String(allow_none=True, metadata={"description": "the return; null before applying"})
    parcel = String()
    order_no = String()
    buyer = String()
    status = String()
    released_at = UTCTime()
    due_at = UTCTime()
    days_left = Float()
    clock = String(metadata={"description": "approaching or missed"})


class RetKpiQuery(Schema):
    days = Integer(load_default=30, validate=Range(min=1, max=3650))


class RetKpiOut(Schema):
    since = String()
    returns = Integer()
    by_disposition = Dict()
    cycle_time_from_receipt = Dict()
    cycle_time_from_application = Dict()
    recovery_rate_units = Float(allow_none=True)
    recovery_rate_value = Float(allow_none=True)


class RetReimportIn(Schema):
    export_no = String(required=True, validate=Length(min=1, max=40))
    trade_mode = String(required=True, validate=OneOf(reimport.EXPORT_MODES))
    owner = String(required=True, validate=Length(min=1, max=10))
    sku = String(required=True, validate=Length(min=1, max=40))
    quantity = Integer(required=True, validate=Range(min=1, max=1_000_000))
    exported_at = DateTime(required=True)
    reason = String(load_default="", validate=Length(max=200))


class RetReimportOut(Schema):
    id = Integer()
    export_no = String()
    trade_mode = String()
    quantity = Integer()
    exported_at = UTCTime()
    returned_at = UTCTime()
    duty_free_until = UTCTime()
    duty_free = Boolean()
    reason = String()


@api.get("/return-deadlines")
@api.auth_required(token_auth, **READERS)
@api.input(RetDeadlineQuery, location="query")
@api.output(page_of("DeadlinePage", RetDeadlineOut))
@api.doc(
    summary="Return clocks near or missed: apply, arrive, customs declaration, refund",
    tags=["Returns"],
)
def ret_list_deadlines(query_data: dict[str, Any]) -> dict[str, Any]:
    after = decode_cursor(query_data.get("cursor")) or 0
    limit = int(query_data["limit"])
    kinds = (query_data["kind"],) if query_data["kind"] else KINDS
    found = deadlines(
        db_session(), utcnow(), query_data["within_days"], policy(), after, limit + 1, kinds
    )
    more = len(found) > limit
    found = found[:limit]
    return {
        "items": [vars(d) for d in found],
        "next": encode_cursor(found[-1].position) if more and found else None,
    }


@api.get("/kpis/returns")
@api.auth_required(token_auth, **READERS)
@api.input(RetKpiQuery, location="query")
@api.output(RetKpiOut)
@api.doc(summary="Return cycle time and recovery rate over the last days", tags=["KPIs"])
def ret_kpis_returns(query_data: dict[str, Any]) -> dict[str, Any]:
    now = utcnow()
    since = now - timedelta(days=query_data["days"])
    return {"since": since.isoformat(), **returns_kpis(db_session(), since, now)}


@api.post("/reimports")
@api.auth_required(token_auth, **STAFF)
@api.input(RetReimportIn, arg_name="body")
@api.output(RetReimportOut, status_code=201)
@api.doc(summary="Exported goods returning: duty-free within the policy's months", tags=["Returns"])
def ret_create_reimport(body: dict[str, Any]) -> dict[str, Any]:
    if body["exported_at"].tzinfo is None:
        raise Invalid("E_BAD_TIME", "exported_at needs a time zone offset.")
    row = reimport.track(
        db_session(), actor(), reimport.ReturningExport(**body), policy(), utcnow()
    )
    db_session().commit()
    return {k: getattr(row, k) for k in RetReimportOut().fields}


@api.get("/reimports")
@api.auth_required(token_auth, **READERS)
@api.input(PageQuery, location="query")
@api.output(page_of("ReimportPage", RetReimportOut))
@api.doc(summary="Returning exports and whether they re-enter duty-free", tags=["Returns"])
def ret_list_reimports(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(db_session(), select(Reimport), Reimport.id, query_data, lambda r: r)
