"""Batches the floor and customs really work in, over HTTP: a manifest batch declared, a CEB622
message carrying several receipts, a truck's parcels scanned out at the gate.

One transaction per batch, read and written set-based by the domain's batch use cases: a
refused item is answered alone, with its code and message, and changes nothing; the others
go through. The answer lists every item in the order sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from apiflask import Schema
from apiflask.fields import Integer, List, Nested, String
from apiflask.validators import Length
from flask import request

from app import customs
from app.api import api
from app.api.bonded_floor import FLOOR
from app.api.bonded_orders import SENDERS, _settings
from app.extensions import db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.customs import orders, xml
from warehouse.customs.receipts import apply_receipts
from warehouse.errors import DomainError
from warehouse.fulfilment.gate import gate_out_batch

MAX_BATCH = 1000


def _keys() -> List:
    return List(
        String(validate=Length(min=1, max=64)),
        required=True,
        validate=Length(min=1, max=MAX_BATCH),
    )


class DeclarationsIn(Schema):
    orders = _keys()


class GateBatchIn(Schema):
    parcels = _keys()


class ItemResultOut(Schema):
    key = String()
    result = String()
    code = String()
    message = String()


class BatchOut(Schema):
    done = Integer()
    refused = Integer()
    items = List(Nested(ItemResultOut))


def answer(keys: Sequence[str], results: Sequence[object]) -> dict[str, Any]:
    """Each item's outcome: ``ok``, or ``error`` with the refusal's code and message."""
    items = [
        {"key": key, "result": "error", "code": r.code, "message": r.message}
        if isinstance(r, DomainError)
        else {"key": key, "result": "ok", "code": "OK", "message": ""}
        for key, r in zip(keys, results, strict=True)
    ]
    refused = sum(1 for i in items if i["result"] == "error")
    return {"done": len(items) - refused, "refused": refused, "items": items}


@api.post("/declarations")
@api.auth_required(token_auth, **SENDERS)
@api.input(DeclarationsIn, arg_name="body")
@api.output(BatchOut)
@api.doc(
    summary="Declare a batch of orders' manifests (each checked, reserved, declared alone)",
    tags=["Orders"],
)
def declare_batch(body: dict[str, Any]) -> dict[str, Any]:
    context = orders.Context(_settings().policy, customs.signer())
    results = orders.declare_batch(db_session(), actor(), body["orders"], context)
    db_session().commit()
    customs.dispatch(db_session())
    return answer(body["orders"], results)


@api.post("/customs/receipt-batches")
@api.auth_required(token_auth, **roles(Role.CUSTOMS))
@api.output(BatchOut)
@api.doc(
    summary="A CEB622 message with one or more receipts (InventoryReturn), applied as a batch",
    tags=["Orders"],
)
def receipt_batch() -> dict[str, Any]:
    receipts = xml.parse_receipts(request.get_data())
    results = apply_receipts(db_session(), actor(), receipts)
    db_session().commit()
    return answer([r.cop_no for r in receipts], results)


@api.post("/gate-batches")
@api.auth_required(token_auth, **FLOOR)
@api.input(GateBatchIn, arg_name="body")
@api.output(BatchOut)
@api.doc(
    summary="A truck's parcels scanned out at the gate: each released, unheld one is written off",
    tags=["Floor"],
)
def gate_batch(body: dict[str, Any]) -> dict[str, Any]:
    results = gate_out_batch(db_session(), actor(), body["parcels"])
    db_session().commit()
    return answer(body["parcels"], results)
