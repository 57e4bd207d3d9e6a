"""Batches sent by systems and lines rather than by one scan: a platform's orders with their
payments and waybills, a handheld's pick scans uploaded together, a pack line's weighings.

Each batch is one transaction; every item is answered on its own with its code, in the order
sent, and a refused item changes nothing (the rules are those of the single calls). A weighing
out of tolerance is answered ``held`` with E_OVERWEIGHT or E_UNDERWEIGHT: its parcel is held.
"""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import Integer, List, Nested, String
from apiflask.validators import Length, Range

from app.api import api
from app.api.bonded_batches import MAX_BATCH, BatchOut, answer
from app.api.bonded_floor import FLOOR
from app.api.bonded_orders import SENDERS, OrderIn, PaymentIn, WaybillIn, _order_doc, _settings
from app.extensions import db_session
from app.security import actor, token_auth
from warehouse.customs import documents as d
from warehouse.customs import intake
from warehouse.fulfilment.packing import Weighed
from warehouse.fulfilment.packline import LineWeighing, pack_batch
from warehouse.fulfilment.pickbatch import PickScan, pick_batch


class TrioIn(Schema):
    order = Nested(OrderIn(exclude=("warehouse",)), required=True)
    payment = Nested(PaymentIn, required=True)
    waybill = Nested(WaybillIn, required=True)


class OrderBatchIn(Schema):
    warehouse = String(required=True, validate=Length(min=1, max=32))
    orders = List(Nested(TrioIn), required=True, validate=Length(min=1, max=MAX_BATCH))


class PickScanIn(Schema):
    task = Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    qty = Integer(load_default=1, validate=Range(min=1, max=100_000))
    bin = String(load_default=None, allow_none=True, validate=Length(max=64))
    item = String(load_default=None, allow_none=True, validate=Length(max=64))


class PickBatchIn(Schema):
    scans = List(Nested(PickScanIn), required=True, validate=Length(min=1, max=MAX_BATCH))


class LineWeighingIn(Schema):
    parcel = String(required=True, validate=Length(min=1, max=64))
    gross_g = Integer(required=True, validate=Range(min=0, max=10_000_000))
    tare_g = Integer(load_default=0, validate=Range(min=0, max=10_000_000))


class PackBatchIn(Schema):
    line = String(required=True, validate=Length(min=1, max=32))
    weighings = List(Nested(LineWeighingIn), required=True, validate=Length(min=1, max=MAX_BATCH))


def _trio(item: dict[str, Any]) -> intake.Trio:
    return (
        _order_doc(item["order"]),
        d.PaymentDoc(**item["payment"]),
        d.WaybillDoc(**item["waybill"]),
    )


@api.post("/order-batches")
@api.auth_required(token_auth, **SENDERS)
@api.input(OrderBatchIn, arg_name="body")
@api.output(BatchOut)
@api.doc(
    summary="Orders with their payments and waybills (CEB311/411/511 contents), each kept whole",
    tags=["Orders"],
)
def receive_order_batch(body: dict[str, Any]) -> dict[str, Any]:
    trios = [_trio(item) for item in body["orders"]]
    results = intake.receive_batch(db_session(), actor(), body["warehouse"], trios)
    db_session().commit()
    return answer([t[0].order_no for t in trios], results)


@api.post("/pick-batches")
@api.auth_required(token_auth, **FLOOR)
@api.input(PickBatchIn, arg_name="body")
@api.output(BatchOut)
@api.doc(summary="Pick scans uploaded together, each checked as a single scan", tags=["Floor"])
def pick_scan_batch(body: dict[str, Any]) -> dict[str, Any]:
    scans = [PickScan(s["task"], s["qty"], s["bin"], s["item"]) for s in body["scans"]]
    results = pick_batch(db_session(), actor(), scans)
    db_session().commit()
    return answer([str(s.task_id) for s in scans], results)


@api.post("/pack-batches")
@api.auth_required(token_auth, **FLOOR)
@api.input(PackBatchIn, arg_name="body")
@api.output(BatchOut)
@api.doc(
    summary="A pack line's weighings: in tolerance packed and labelled, the rest held",
    tags=["Floor"],
)
def pack_line_batch(body: dict[str, Any]) -> dict[str, Any]:
    weighings = [LineWeighing(w["parcel"], w["gross_g"], w["tare_g"]) for w in body["weighings"]]
    results = pack_batch(db_session(), actor(), body["line"], weighings, _settings().policy)
    db_session().commit()
    answered = answer([w.parcel for w in weighings], results)
    for item, result in zip(answered["items"], results, strict=True):
        if isinstance(result, Weighed) and not result.ok:
            item.update(_held(result))
    return answered


def _held(weighed: Weighed) -> dict[str, str]:
    """A weighing out of tolerance is not refused: the parcel is held for its weight."""
    return {
        "result": "held",
        "code": weighed.code,
        "message": f"{weighed.net_g} g weighed, {weighed.expected_g} g expected: held for weight.",
    }
