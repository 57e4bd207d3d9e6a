"""Retail orders over HTTP: CEB311/411/511 in (JSON or XML), declaration, withdrawal (CEB623)
and the order reads. What customs reads and answers (the CEB621, receipts) is
:mod:`app.api.bonded_customs`."""

from __future__ import annotations

from decimal import Decimal as DecimalValue
from typing import Any

from apiflask import Schema
from apiflask.fields import Decimal, Integer, List, Nested, String
from apiflask.validators import Length, Range
from flask import request
from sqlalchemy import select

from app import customs
from app.api import api
from app.api.bonded import page_of
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, roles, token_auth
from config.settings import Settings
from warehouse.access.roles import Role
from warehouse.customs import documents as d
from warehouse.customs import orders, xml
from warehouse.customs.cancellation import request_cancellation
from warehouse.customs.manifest import Manifest, ManifestCancellation, manifest_of
from warehouse.customs.models import RetailOrder
from warehouse.customs.money import from_fen
from warehouse.customs.tax_receipts import tax_receipt_of
from warehouse.errors import Invalid

SENDERS = roles(Role.SUPERVISOR, Role.ADMIN)


def money() -> Decimal:
    return Decimal(places=2, as_string=True, required=True)


class OrderLineIn(Schema):
    gnum = Integer(required=True, validate=Range(min=1, max=999))
    item_no = String(required=True, validate=Length(min=1, max=40))
    item_name = String(load_default="", validate=Length(max=250))
    qty = Integer(required=True, validate=Range(min=1, max=100_000))
    price = money()


class OrderIn(Schema):
    warehouse = String(required=True)
    order_no = String(required=True, validate=Length(min=1, max=60))
    ebp_code = String(required=True, validate=Length(equal=10))
    ebc_code = String(required=True, validate=Length(equal=10))
    goods_value = money()
    freight = money()
    discount = Decimal(places=2, as_string=True, load_default=None, allow_none=True)
    tax_total = money()
    actural_paid = money()
    buyer_name = String(required=True, validate=Length(min=1, max=60))
    buyer_id_number = String(required=True, validate=Length(equal=18))
    buyer_telephone = String(required=True)
    consignee = String(required=True)
    consignee_address = String(required=True)
    consignee_telephone = String(required=True)
    currency = String(load_default="142", validate=Length(equal=3))
    lines = List(Nested(OrderLineIn), required=True, validate=Length(min=1))


class PaymentIn(Schema):
    pay_code = String(required=True, validate=Length(equal=10))
    pay_transaction_id = String(required=True)
    order_no = String(required=True, validate=Length(min=1, max=60))
    ebp_code = String(required=True, validate=Length(equal=10))
    payer_name = String(required=True, validate=Length(min=1, max=60))
    payer_id_number = String(required=True, validate=Length(min=1, max=18))
    amount_paid = money()
    currency = String(load_default="142", validate=Length(equal=3))


class WaybillIn(Schema):
    logistics_code = String(required=True, validate=Length(equal=10))
    logistics_no = String(required=True, validate=Length(min=1, max=60))
    order_no = String(required=True, validate=Length(min=1, max=60))
    consignee = String(required=True)
    consignee_address = String(required=True)
    consignee_telephone = String(required=True)
    freight = money()
    weight_kg = Decimal(places=3, as_string=True, required=True)


class OrderOut(Schema):
    order_no = String()
    status = String()
    treatment = String(allow_none=True)
    buyer_name = String()
    goods_value = String()
    tax = String()
    manifest = String(allow_none=True)
    manifest_status = String(allow_none=True)
    invt_no = String(allow_none=True)
    cancellation = String(
        allow_none=True,
        metadata={"description": "withdrawal (CEB623): requested, approved or refused"},
    )
    tax_receipt = String(
        allow_none=True,
        metadata={"description": "customs' tax receipt (CEB816) against ours: matched, mismatch"},
    )
    assessed_tax = String(allow_none=True, metadata={"description": "total of the CEB816"})
    created_at = UTCTime()


class CancellationIn(Schema):
    reason = String(required=True, validate=Length(min=1, max=200))


class Accepted(Schema):
    order_no = String()
    kind = String()


class CebIn(Schema):
    warehouse = String(load_default=None, allow_none=True)


def render_order(order: RetailOrder) -> dict[str, Any]:
    found = manifest_of(db_session(), order.id)
    owed = order.duty_fen + order.ct_fen + order.vat_fen
    return {
        "order_no": order.order_no,
        "status": order.status,
        "treatment": order.treatment,
        "buyer_name": order.buyer_name,
        "goods_value": str(from_fen(order.goods_fen)),
        "tax": str(from_fen(owed)),
        "manifest": found.cop_no if found else None,
        "manifest_status": found.status if found else None,
        "invt_no": found.invt_no if found else None,
        "cancellation": _cancellation_status(found),
        **_tax_receipt(found),
        "created_at": order.created_at,
    }


def _tax_receipt(found: Manifest | None) -> dict[str, str | None]:
    assessed = (
        tax_receipt_of(db_session(), found.id)
        if found is not None and found.status in ("released", "written_off")
        else None
    )
    if assessed is None:
        return {"tax_receipt": None, "assessed_tax": None}
    return {"tax_receipt": assessed.status, "assessed_tax": str(from_fen(assessed.total_fen))}


def _cancellation_status(found: Manifest | None) -> str | None:
    if found is None or found.status in ("released", "written_off"):
        return None
    return db_session().scalar(
        select(ManifestCancellation.status).where(ManifestCancellation.manifest_id == found.id)
    )


def _order_doc(body: dict[str, Any]) -> d.OrderDoc:
    lines = tuple(
        d.OrderLine(ln["gnum"], ln["item_no"], ln["qty"], ln["price"], ln["item_name"])
        for ln in body["lines"]
    )
    fields = {k: v for k, v in body.items() if k not in ("warehouse", "lines")}
    fields["discount"] = body["discount"] or DecimalValue(0)
    return d.OrderDoc(**fields, lines=lines)


@api.post("/orders")
@api.auth_required(token_auth, **SENDERS)
@api.input(OrderIn, arg_name="body")
@api.output(OrderOut, status_code=201)
@api.doc(summary="An order (CEB311 contents) from the e-commerce enterprise", tags=["Orders"])
def receive_order(body: dict[str, Any]) -> dict[str, Any]:
    order = orders.receive_order(db_session(), actor(), body["warehouse"], _order_doc(body))
    db_session().commit()
    return render_order(order)


@api.post("/payments")
@api.auth_required(token_auth, **SENDERS)
@api.input(PaymentIn, arg_name="body")
@api.output(Accepted, status_code=201)
@api.doc(summary="A payment (CEB411 contents) from the payment enterprise", tags=["Orders"])
def receive_payment(body: dict[str, Any]) -> dict[str, Any]:
    orders.receive_payment(db_session(), actor(), d.PaymentDoc(**body))
    db_session().commit()
    return {"order_no": body["order_no"], "kind": "CEB411"}


@api.post("/waybills")
@api.auth_required(token_auth, **SENDERS)
@api.input(WaybillIn, arg_name="body")
@api.output(Accepted, status_code=201)
@api.doc(summary="A waybill (CEB511 contents) from the logistics enterprise", tags=["Orders"])
def receive_waybill(body: dict[str, Any]) -> dict[str, Any]:
    orders.receive_waybill(db_session(), actor(), d.WaybillDoc(**body))
    db_session().commit()
    return {"order_no": body["order_no"], "kind": "CEB511"}


@api.post("/ceb")
@api.auth_required(token_auth, **SENDERS)
@api.input(CebIn, location="query", arg_name="query")
@api.output(Accepted, status_code=201)
@api.doc(
    summary="A CEB311, CEB411 or CEB511 message as XML (?warehouse= for orders)", tags=["Orders"]
)
def receive_ceb(query: dict[str, Any]) -> dict[str, Any]:
    doc = xml.parse(request.get_data(), customs.signer())
    if isinstance(doc, d.OrderDoc):
        if not query["warehouse"]:
            raise Invalid("E_NO_WAREHOUSE", "Say which bonded warehouse serves the order.")
        orders.receive_order(db_session(), actor(), query["warehouse"], doc)
    elif isinstance(doc, d.PaymentDoc):
        orders.receive_payment(db_session(), actor(), doc)
    elif isinstance(doc, d.WaybillDoc):
        orders.receive_waybill(db_session(), actor(), doc)
    else:
        raise Invalid("E_BAD_MESSAGE", "Send CEB311, CEB411 or CEB511 here.")
    db_session().commit()
    return {"order_no": doc.order_no, "kind": xml.message_kind(doc)}


@api.post("/orders/<order_no>/declare")
@api.auth_required(token_auth, **SENDERS)
@api.output(OrderOut)
@api.doc(
    summary="Check the three documents and the rules, reserve stock, declare the manifest",
    tags=["Orders"],
)
def declare(order_no: str) -> dict[str, Any]:
    context = orders.Context(_settings().policy, customs.signer())
    orders.declare(db_session(), actor(), order_no, context)
    db_session().commit()
    customs.dispatch(db_session())
    return render_order(orders.order_by_no(db_session(), order_no))


@api.post("/orders/<order_no>/cancellation")
@api.auth_required(token_auth, **SENDERS)
@api.input(CancellationIn, arg_name="body")
@api.output(OrderOut)
@api.doc(
    summary="Withdraw a declared manifest customs has not released (CEB623)",
    description="Refused with E_ALREADY_RELEASED, E_ALREADY_CANCELLED, E_CANCEL_PENDING, "
    "E_NOT_YET_ACCEPTED or E_NOT_WITHDRAWABLE; customs' CEB624 answer completes it (picked "
    "goods go back to stock).",
    tags=["Orders"],
)
def cancel_order(order_no: str, body: dict[str, Any]) -> dict[str, Any]:
    request_cancellation(db_session(), actor(), order_no, body["reason"], customs.signer())
    db_session().commit()
    customs.dispatch(db_session())
    return render_order(orders.order_by_no(db_session(), order_no))


def _settings() -> Settings:
    from flask import current_app

    return current_app.extensions["silkhub.settings"]


@api.get("/orders")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.ADMIN, Role.CUSTOMS, Role.WAREHOUSE))
@api.input(PageQuery, location="query")
@api.output(page_of("OrderPage", OrderOut))
@api.doc(summary="Orders, oldest first", tags=["Orders"])
def list_orders(query_data: dict[str, Any]) -> dict[str, Any]:
    return page(db_session(), select(RetailOrder), RetailOrder.id, query_data, render_order)


@api.get("/orders/<order_no>")
@api.auth_required(token_auth, **roles(Role.SUPERVISOR, Role.ADMIN, Role.CUSTOMS, Role.WAREHOUSE))
@api.output(OrderOut)
@api.doc(summary="One order with its manifest's customs status", tags=["Orders"])
def get_order(order_no: str) -> dict[str, Any]:
    return render_order(orders.order_by_no(db_session(), order_no))
