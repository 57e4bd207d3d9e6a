"""Handheld pages over HTTP: a typed or camera scan in, the answer the MQTT ack carries out.

Both endpoints record through the device gateway's recorder (``app.handheld``): a scan sent
again with the same ``msg_id`` from the same device gets the same answer and changes nothing,
which is what lets a page resend its outbox after a dropped connection.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from apiflask import HTTPError, Schema
from apiflask.fields import Boolean, Dict, File, Integer, String
from apiflask.validators import Length, OneOf, Regexp
from flask import request
from sqlalchemy.exc import IntegrityError

from app import handheld
from app.api import api
from app.api.fields import UTCTime
from app.extensions import db_session
from app.security import api_user, roles, token_auth
from devices.converters.base import counter_of
from devices.converters.scan import ScanMessage
from warehouse import handlers
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.scanning import OPS

FLOOR = roles(Role.WAREHOUSE, Role.SUPERVISOR)
MAX_IMAGE_BYTES = 8 * 1024 * 1024
ID_TEXT = Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:-]*$", error="letters, digits and . _ : - only")
assert handlers.REGISTERED
F = TypeVar("F", bound=Callable[..., Any])


class ScanContext(Schema):
    op = String(required=True, validate=OneOf(OPS))
    msg_id = String(
        load_default=None,
        validate=[Length(min=1, max=64), ID_TEXT],
        metadata={"description": "Made on the device (`web-<device>:<counter>`); a resend "
                  "with the same msg_id gets the recorded answer. Required for an outbox."},
    )  # fmt: skip
    ts = UTCTime(load_default=None, metadata={"description": "When it was scanned."})
    site = String(load_default="qd-bonded", validate=Length(max=32))
    device = String(load_default="handheld-web", validate=[Length(min=1, max=64), ID_TEXT])
    location = String(load_default=None, allow_none=True, validate=Length(max=32))
    task = String(load_default=None, allow_none=True, validate=Length(max=32))


class ScanIn(ScanContext):
    code = String(required=True, validate=Length(min=1, max=4096))
    symbology = String(load_default=None, allow_none=True, validate=Length(max=24))


class ImageIn(ScanContext):
    image = File(required=True, metadata={"description": "A PNG or JPEG photo of the code."})


class HandheldAnswerOut(Schema):
    v = Integer()
    msg_id = String()
    result = String()
    code = String()
    message = String()
    next = Dict(allow_none=True)
    details = Dict()
    duplicate = Boolean(metadata={"description": "true: answered before, nothing changed"})


def limit_body(max_bytes: int) -> Callable[[F], F]:
    """Refuse a request body over ``max_bytes`` before it is parsed."""

    def wrap(view: F) -> F:
        @wraps(view)
        def run(*args: Any, **kwargs: Any) -> Any:
            if (request.content_length or 0) > max_bytes:
                raise HTTPError(413, f"At most {max_bytes // 1024 // 1024} MiB.")
            return view(*args, **kwargs)

        return run  # type: ignore[return-value]

    return wrap


def _message(body: dict[str, Any], code: str | None, image: bytes | None) -> ScanMessage:
    msg_id = body["msg_id"] or uuid.uuid4().hex
    return ScanMessage(
        device=body["device"], site=body["site"], msg_id=msg_id, seq=counter_of(msg_id),
        op=body["op"], ts=handheld.scan_time(body["ts"], utcnow()), code=code, image=image,
        symbology=body.get("symbology"), user=api_user().username, location=body["location"],
        task=body["task"],
    )  # fmt: skip


def _recorded(msg: ScanMessage) -> dict[str, Any]:
    """Record and commit; a resend racing its first copy finds the first copy's answer."""
    session = db_session()
    try:
        got = handheld.record(session, msg)
        session.commit()
    except IntegrityError:
        session.rollback()
        found = handheld.earlier(session, msg.device, msg.msg_id)
        if found is None:
            raise
        got = found
    return got.body()


@api.post("/handheld/scans")
@api.auth_required(token_auth, **FLOOR)
@api.input(ScanIn, arg_name="body")
@api.output(HandheldAnswerOut)
@api.doc(summary="A scan from a handheld page: the answer the scanner would show", tags=["Floor"])
def scan(body: dict[str, Any]) -> dict[str, Any]:
    return _recorded(_message(body, body["code"], None))


@api.post("/handheld/images")
@limit_body(MAX_IMAGE_BYTES)
@api.auth_required(token_auth, **FLOOR)
@api.input(ImageIn, location="form_and_files", arg_name="body")
@api.output(HandheldAnswerOut)
@api.doc(
    summary="A photo of a code from a handheld's camera: decoded, then handled as a scan "
    "(E_NO_CODE when the picture holds none)",
    tags=["Floor"],
)
def scan_image(body: dict[str, Any]) -> dict[str, Any]:
    if body["msg_id"]:
        found = handheld.earlier(db_session(), body["device"], body["msg_id"])
        if found is not None:  # decode nothing twice
            return found.body()
    image = body["image"].read(MAX_IMAGE_BYTES + 1)
    if len(image) > MAX_IMAGE_BYTES:
        raise HTTPError(413, f"At most {MAX_IMAGE_BYTES // 1024 // 1024} MiB.")
    return _recorded(_message(body, None, image))
