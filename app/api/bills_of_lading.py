"""The one bill of lading (一单制): issue from a done plan, read, report leg status."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from apiflask import Schema
from apiflask.fields import AwareDateTime, Dict, Float, Integer, List, String
from apiflask.validators import Length, OneOf, Range
from flask import current_app, url_for

from app.api import api
from app.extensions import db, db_session
from app.security import actor, roles, token_auth
from warehouse.access.roles import Role
from warehouse.multimodal import bills, legstatus
from warehouse.multimodal.bill_view import bill_doc

READERS = roles(Role.DISPATCHER, Role.SUPERVISOR)
DEFAULT_MTO = "Silkhub Multimodal Transport Operator"


class BillIn(Schema):
    plan_job_id = Integer(required=True, validate=Range(min=1, max=2**31 - 1))
    shipment_id = String(required=True, validate=Length(min=1, max=64))
    consignor = String(required=True, validate=Length(min=1, max=500))
    consignee = String(required=True, validate=Length(min=1, max=500))
    notify_party = String(load_default=None, allow_none=True, validate=Length(max=500))
    marks_and_numbers = String(load_default="", validate=Length(max=500))
    packages_number = Integer(required=True, validate=Range(min=1, max=10_000_000))
    packages_kind = String(required=True, validate=Length(min=1, max=64))
    description_of_goods = String(required=True, validate=Length(min=1, max=1000))
    place_of_issue = String(load_default="Qingdao", validate=Length(min=1, max=96))
    mto = String(load_default=DEFAULT_MTO, validate=Length(min=1, max=128))


class LegStatusIn(Schema):
    status = String(required=True, validate=OneOf(legstatus.REPORTABLE))
    at = AwareDateTime(required=True, metadata={"description": "RFC 3339 with an offset"})


class BillOut(Schema):
    number = String()
    ginc = String()
    digital_link = String()
    status = String()
    alert = String(allow_none=True)
    plan_job_id = Integer()
    shipment_id = String()
    consignor = String()
    consignee = String()
    notify_party = String(allow_none=True)
    place_of_receipt = Dict()
    port_of_loading = Dict()
    port_of_discharge = Dict()
    place_of_delivery = Dict()
    marks_and_numbers = String()
    packages = Dict()
    description_of_goods = String()
    gross_weight_kg = Float()
    measurement_m3 = Float()
    cargo_class = String()
    freight_amount = String(metadata={"description": "the one total charge, a decimal string"})
    currency = String()
    charges = Dict()
    place_of_issue = String()
    date_of_issue = String()
    mto = String()
    issued_by = String()
    legs = List(Dict())
    co2e_kg = Float()


def _base() -> str:
    return str(current_app.extensions["silkhub.settings"].digital_link_base)


@api.post("/bills-of-lading")
@api.auth_required(token_auth, **roles(Role.DISPATCHER))
@api.input(BillIn, arg_name="body")
@api.output(BillOut, status_code=201)
@api.doc(
    summary="Issue the multimodal transport document of a planned shipment",
    tags=["Bills of lading"],
    responses={409: "Plan not done, shipment unplanned, or already issued"},
)
def issue_bill(body: dict[str, Any]) -> tuple[dict[str, Any], int, dict[str, str]]:
    prefix = current_app.extensions["silkhub.settings"].gs1_company_prefix
    bill = bills.issue(db_session(), actor(), bills.NewBill(**body), prefix)
    doc = bill_doc(bill, _base())
    db.session.commit()
    return doc, 201, {"Location": url_for("api.get_bill", number=bill.number)}


@api.get("/bills-of-lading/<string(maxlength=32):number>")
@api.auth_required(token_auth, **READERS)
@api.output(BillOut)
@api.doc(summary="A bill of lading with its legs and their status", tags=["Bills of lading"])
def get_bill(number: str) -> dict[str, Any]:
    return bill_doc(bills.get_bill(db_session(), number), _base())


@api.patch("/bills-of-lading/<string(maxlength=32):number>/legs/<int:seq>")
@api.auth_required(token_auth, **READERS)
@api.input(LegStatusIn, arg_name="body")
@api.output(BillOut)
@api.doc(
    summary="Report a leg booked, departed, arrived or delayed",
    tags=["Bills of lading"],
    responses={409: "The status may not change that way"},
)
def report_leg(number: str, seq: int, body: dict[str, Any]) -> dict[str, Any]:
    at: datetime = body["at"]
    bills.report_leg(db_session(), actor(), number, seq, body["status"], at)
    bill = bills.get_bill(db_session(), number)
    doc = bill_doc(bill, _base())
    db.session.commit()
    return doc
