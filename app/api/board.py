"""GET /api/v1/board: the supervisor board's figures in one call, polled every few seconds."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Float, Integer, List, Nested, String
from apiflask.validators import Range

from app import board
from app.api import api
from app.api.fields import UTCTime
from app.extensions import db_session
from app.security import roles, token_auth
from warehouse.access.roles import Role
from warehouse.db import utcnow

BOARD_READERS = roles(Role.SUPERVISOR, Role.ADMIN)


class BoardQuery(Schema):
    minutes = Integer(load_default=30, validate=Range(min=5, max=240))


class ThroughputOut(Schema):
    minutes = List(Integer(), metadata={"description": "Epoch seconds of each minute"})
    ops = Dict(keys=String(), values=List(Integer()))
    refused = List(Integer())


class QueuesOut(Schema):
    open_picks = Integer()
    awaiting_gate = Integer()
    holds = Dict(keys=String(), values=Integer())


class DwellOut(Schema):
    customs_release = Float(allow_none=True)
    release_to_gate = Float(allow_none=True)
    open_holds = Float(allow_none=True)


class CustomsOut(Schema):
    declared = Integer()
    statuses = Dict(keys=String(), values=Integer())
    release_rate = Float(allow_none=True)
    inspection_rate = Float(allow_none=True)


class BoardDeviceOut(Schema):
    id = String()
    kind = String()
    state = String()
    battery = Integer(allow_none=True)
    last_seen = UTCTime(allow_none=True)


class LedgerStatusOut(Schema):
    ok = Boolean()
    items = Integer()
    difference_count = Integer()
    differences = List(String())


class BoardOut(Schema):
    at = UTCTime()
    throughput = Nested(ThroughputOut)
    queues = Nested(QueuesOut)
    dwell_minutes = Nested(DwellOut)
    customs = Nested(CustomsOut)
    devices = List(Nested(BoardDeviceOut))
    ledger = Nested(LedgerStatusOut)


@api.get("/board")
@api.auth_required(token_auth, **BOARD_READERS)
@api.input(BoardQuery, location="query", arg_name="query")
@api.output(BoardOut)
@api.doc(
    summary="The supervisor board: throughput, queues, dwell, devices, customs, ledger",
    tags=["Floor"],
)
def get_board(query: dict[str, Any]) -> dict[str, Any]:
    session, now = db_session(), utcnow()
    return {
        "at": now,
        "throughput": board.throughput(session, now, query["minutes"]),
        "queues": board.queues(session),
        "dwell_minutes": board.dwell(session, now),
        "customs": board.customs(session, now),
        "devices": board.devices(session),
        "ledger": board.ledger(session),
    }
