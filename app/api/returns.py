"""The returns centre: requests, receipt by scan, grading, photos, dispositions, documents."""

from __future__ import annotations

import uuid
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range
from flask import Response, current_app, request
from sqlalchemy import select

from app import customs
from app.api import api
from app.api.bonded import page_of
from app.api.bonded_floor import AnswerOut
from app.api.fields import UTCTime
from app.api.pagination import PageQuery, page
from app.extensions import db_session
from app.security import actor, api_user, roles, token_auth
from config.settings import Policy
from warehouse import handlers
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.errors import Invalid, NotFound
from warehouse.returns import disposition, grading, photos, requests
from warehouse.returns.models import ReturnPhoto, ReturnRequest, TaxRefund
from warehouse.scanning import Scan, handle_scan

STAFF = roles(Role.RETURNS, Role.SUPERVISOR)
READERS = roles(Role.RETURNS, Role.SUPERVISOR, Role.CUSTOMS, Role.ADMIN)
NO = Length(min=1, max=32)
assert handlers.REGISTERED


class RetLineIn(Schema):
    gnum = Integer(required=True, validate=Range(min=1, max=999))
    qty = Integer(required=True, validate=Range(min=1, max=100_000))


class ReturnIn(Schema):
    code = String(required=True, validate=Length(min=1, max=200))
    source = String(load_default="platform", validate=OneOf(requests.SOURCES))
    reason = String(load_default="", validate=Length(max=200))
    lines = List(Nested(RetLineIn), load_default=[])


class ReturnOut(Schema):
    no = String()
    order_no = String()
    parcel = String()
    source = String()
    reason = String()
    status = String()
    lines = List(List(Integer()))
    released_at = UTCTime()
    applied_at = UTCTime()
    apply_by = UTCTime()
    arrive_by = UTCTime()
    received_at = UTCTime(allow_none=True)
    grade = String(allow_none=True)
    grade_notes = String()
    reasons = List(String())
    suggestion = String(allow_none=True)
    disposition = String(allow_none=True)
    disposed_at = UTCTime(allow_none=True)
    value_fen = Integer()
    photos = List(String())
    customs_status = String(
        allow_none=True,
        metadata={"description": "the CEB625: declared, received, approved or refused"},
    )
    customs_info = String(metadata={"description": "customs' reason when it refused"})
    declared_at = UTCTime(allow_none=True)


class ReturnQuery(PageQuery):
    status = String(load_default=None, allow_none=True, validate=Length(max=20))


class RetScanIn(Schema):
    code = String(required=True, validate=Length(min=1, max=4096))
    site = String(load_default="qd-bonded", validate=Length(max=32))
    location = String(load_default=None, allow_none=True, validate=Length(max=32))
    device = String(load_default="returns-counter", validate=Length(max=64))


class RetGradeIn(Schema):
    grade = String(required=True, validate=OneOf(["resaleable", "repack", "damaged"]))
    notes = String(load_default="", validate=Length(max=500))
    seal_intact = Boolean(load_default=True)
    consumed = Boolean(load_default=False)


class RetEvidenceIn(Schema):
    certificate = String(validate=Length(max=64))
    waybill = String(validate=Length(max=64))


class RetDispositionIn(Schema):
    kind = String(required=True, validate=OneOf(disposition.KINDS))
    evidence = Nested(RetEvidenceIn, load_default={})


class RetPhotoOut(Schema):
    sha256 = String()
    content_type = String()
    size = Integer()
    uploaded_at = UTCTime()


class RetRefundOut(Schema):
    order_no = String()
    duty_fen = Integer()
    ct_fen = Integer()
    vat_fen = Integer()
    total_fen = Integer()
    quota_fen = Integer()
    year = Integer()
    status = String(metadata={"description": "recorded, then paid"})
    created_at = UTCTime()
    paid_at = UTCTime(allow_none=True)
    payment_ref = String()


def policy() -> Policy:
    settings = current_app.extensions["silkhub.settings"]
    found: Policy = settings.policy
    return found


def render(ret: ReturnRequest) -> dict[str, Any]:
    from warehouse.customs.models import RetailOrder
    from warehouse.fulfilment.models import Parcel

    session = db_session()
    out = {k: getattr(ret, k) for k in ReturnOut().fields if hasattr(ret, k)}
    out["order_no"] = session.get_one(RetailOrder, ret.order_id).order_no
    out["parcel"] = session.get_one(Parcel, ret.parcel_id).code
    out["suggestion"] = grading.suggestion(ret) if ret.status == "graded" else None
    out["photos"] = [p.sha256 for p in photos.photos_of(session, ret.id)]
    return out


@api.post("/returns")
@api.auth_required(token_auth, **STAFF)
@api.input(ReturnIn, arg_name="body")
@api.output(ReturnOut, status_code=201)
@api.doc(summary="Open a return (from the platform, or at the counter)", tags=["Returns"])
def ret_open_return(body: dict[str, Any]) -> dict[str, Any]:
    lines = tuple((ln["gnum"], ln["qty"]) for ln in body["lines"])
    new = requests.NewReturn(body["code"], body["source"], body["reason"], lines)
    ret = requests.open_return(db_session(), actor(), new, policy(), utcnow())
    db_session().commit()
    return render(ret)


@api.get("/returns")
@api.auth_required(token_auth, **READERS)
@api.input(ReturnQuery, location="query")
@api.output(page_of("ReturnPage", ReturnOut))
@api.doc(summary="Returns, oldest first (?status=)", tags=["Returns"])
def ret_list_returns(query_data: dict[str, Any]) -> dict[str, Any]:
    query = select(ReturnRequest)
    if query_data["status"]:
        query = query.where(ReturnRequest.status == query_data["status"])
    return page(db_session(), query, ReturnRequest.id, query_data, render)


@api.get("/returns/<no>")
@api.auth_required(token_auth, **READERS)
@api.output(ReturnOut)
@api.doc(summary="One return with its clocks, grade, reasons and what to do", tags=["Returns"])
def ret_get_return(no: str) -> dict[str, Any]:
    return render(requests.by_no(db_session(), no[:32]))


@api.post("/returns/scans")
@api.auth_required(token_auth, **STAFF)
@api.input(RetScanIn, arg_name="body")
@api.output(AnswerOut)
@api.doc(summary="Scan a returned parcel's label at the counter (op return)", tags=["Returns"])
def ret_scan_return(body: dict[str, Any]) -> dict[str, Any]:
    scan = Scan(
        device=body["device"],
        site=body["site"],
        msg_id=uuid.uuid4().hex,
        op="return",
        code=body["code"],
        ts=utcnow(),
        user=api_user().username,
        location=body["location"],
    )
    answer = handle_scan(db_session(), scan)
    db_session().commit()
    return answer.as_dict()


@api.post("/returns/<no>/grade")
@api.auth_required(token_auth, **STAFF)
@api.input(RetGradeIn, arg_name="body")
@api.output(ReturnOut)
@api.doc(summary="Grade a received return; its eligibility reasons come back", tags=["Returns"])
def ret_grade_return(no: str, body: dict[str, Any]) -> dict[str, Any]:
    ret = grading.grade(db_session(), actor(), no[:32], grading.Grading(**body), policy(), utcnow())
    db_session().commit()
    return render(ret)


@api.post("/returns/<no>/disposition")
@api.auth_required(token_auth, **STAFF)
@api.input(RetDispositionIn, arg_name="body")
@api.output(ReturnOut)
@api.doc(summary="Restock, destroy, return abroad or hold for the seller", tags=["Returns"])
def ret_dispose(no: str, body: dict[str, Any]) -> dict[str, Any]:
    decision = disposition.Decision(body["kind"], dict(body["evidence"]))
    ret = disposition.dispose(
        db_session(), actor(), no[:32], decision, policy(), utcnow(), customs.signer()
    )
    db_session().commit()
    customs.dispatch(db_session())  # a CEB625 leaves through the port the manifests take
    return render(requests.by_no(db_session(), ret.no))


@api.post("/returns/<no>/photos")
@api.auth_required(token_auth, **STAFF)
@api.output(RetPhotoOut, status_code=201)
@api.doc(summary="Upload a photo (JPEG, PNG or WebP body, at most 5 MiB)", tags=["Returns"])
def ret_add_photo(no: str) -> dict[str, Any]:
    if (request.content_length or 0) > photos.MAX_BYTES:
        raise Invalid("E_PHOTO_SIZE", f"A photo must be at most {photos.MAX_BYTES // 1048576} MiB.")
    data = request.stream.read(photos.MAX_BYTES + 1)
    photo = photos.add_photo(db_session(), actor(), no[:32], data)
    db_session().commit()
    return {k: getattr(photo, k) for k in RetPhotoOut().fields}


@api.get("/returns/<no>/photos/<sha256>")
@api.auth_required(token_auth, **READERS)
@api.doc(summary="A photo by its SHA-256", tags=["Returns"])
def ret_get_photo(no: str, sha256: str) -> Response:
    ret = requests.by_no(db_session(), no[:32])
    photo = db_session().scalar(
        select(ReturnPhoto).where(
            ReturnPhoto.return_id == ret.id, ReturnPhoto.sha256 == sha256[:64]
        )
    )
    if photo is None:
        raise NotFound("E_NO_PHOTO", f"Return {ret.no} has no photo {sha256[:64]}.")
    return Response(photo.data, mimetype=photo.content_type)


@api.get("/returns/<no>/ceb625")
@api.auth_required(token_auth, **READERS)
@api.doc(summary="The CEB625 return message declared for a restock", tags=["Returns"])
def ret_get_ceb625(no: str) -> Response:
    ret = requests.by_no(db_session(), no[:32])
    if not ret.ceb625_xml:
        raise NotFound("E_NO_CEB625", f"Return {ret.no} was not declared for restock: no CEB625.")
    return Response(ret.ceb625_xml, mimetype="application/xml")


@api.get("/returns/<no>/tax-refund")
@api.auth_required(token_auth, **READERS)
@api.output(RetRefundOut)
@api.doc(summary="The tax refund recorded for a restocked return", tags=["Returns"])
def ret_get_refund(no: str) -> dict[str, Any]:
    ret = requests.by_no(db_session(), no[:32])
    found = db_session().scalar(select(TaxRefund).where(TaxRefund.return_id == ret.id))
    if found is None:
        raise NotFound("E_NO_REFUND", f"Return {ret.no} has no tax refund (not restocked).")
    return {k: getattr(found, k) for k in RetRefundOut().fields}


from app.api import returns_customs  # noqa: E402,F401  (registers its routes on the blueprint)
