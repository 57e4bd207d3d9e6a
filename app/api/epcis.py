"""The EPCIS 2.0 REST interface: capture documents and single events, query events.

Capture is synchronous and all-or-nothing, but answers like the standard's asynchronous
capture: ``202 Accepted`` with ``Location: /api/v1/epcis/capture/{captureID}``, whose status
is already final. The body also lists the stored eventIDs, the duplicates skipped and the
warnings (``W_OUT_OF_ORDER``). A single event (``POST /epcis/events``) answers ``201`` with
the event's ``Location``. Queries answer an EPCISQueryDocument; the next page is in the
``Link: <...>; rel="next"`` header and, as an extension field, ``silk:nextPageToken``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from apiflask import Schema
from apiflask.fields import Integer, String
from apiflask.validators import Length, Range
from flask import Response, json, request, url_for
from sqlalchemy import select

from app.api import api
from app.extensions import db, db_session
from app.security import actor, api_user, roles, token_auth
from warehouse.access.roles import Role
from warehouse.db import utcnow
from warehouse.errors import Invalid, NotFound
from warehouse.trace.capture import capture_document
from warehouse.trace.epcis.document import QueryPage, standalone_event
from warehouse.trace.models import EpcisCapture, EpcisEvent
from warehouse.trace.query import MAX_PER_PAGE, parse_query
from warehouse.trace.search import run_query
from warehouse.trace.store import DEFAULT_SITE

EPCIS_HEADERS = {"GS1-EPCIS-Version": "2.0.0", "GS1-CBV-Version": "2.0.0"}
CAPTURERS = roles(Role.WAREHOUSE, Role.CUSTOMS, Role.SUPERVISOR, Role.ADMIN)
LD_JSON = "application/ld+json"


class CaptureQuery(Schema):
    site = String(load_default=None, allow_none=True, validate=Length(min=1, max=32))


class EventsQuery(Schema):
    """For the API documentation; the parameters are read (repeats and commas) by the domain."""

    MATCH_epc = String(metadata={"description": "EPCs (URN or Digital Link), comma-separated"})
    MATCH_anyEPC = String(metadata={"description": "epcList, childEPCs, parentID, in/outputs"})
    MATCH_parentID = String()
    MATCH_epcClass = String()
    MATCH_anyEPCClass = String()
    EQ_bizStep = String(metadata={"description": "short (shipping) or full CBV URI"})
    EQ_disposition = String()
    EQ_bizLocation = String()
    EQ_readPoint = String()
    EQ_action = String()
    eventType = String()
    GE_eventTime = String(metadata={"description": "RFC 3339"})
    LT_eventTime = String()
    GE_recordTime = String()
    LT_recordTime = String()
    perPage = Integer(validate=Range(min=1, max=MAX_PER_PAGE))
    nextPageToken = String()


def _json(body: Any, status: int, headers: dict[str, str], mimetype: str) -> Response:
    return Response(json.dumps(body), status, headers={**EPCIS_HEADERS, **headers},
                    mimetype=mimetype)  # fmt: skip


def _document() -> Any:
    document = request.get_json(force=True, silent=True)
    if document is None:
        raise Invalid("E_NOT_JSON", "The body must be an EPCIS 2.0 JSON-LD document.")
    return document


def _site(query_data: dict[str, Any]) -> str:
    return str(query_data.get("site") or api_user().site or DEFAULT_SITE)


@api.post("/epcis/capture")
@api.auth_required(token_auth, **CAPTURERS)
@api.input(CaptureQuery, location="query", arg_name="query_data")
@api.doc(
    summary="Capture an EPCISDocument: every event is stored, or none",
    tags=["EPCIS"],
    responses={202: "Stored; Location names the capture", 409: "eventID reused",
               422: "Schema errors with their JSON paths"},
)  # fmt: skip
def capture(query_data: dict[str, Any]) -> Response:
    result = capture_document(db_session(), actor(), _site(query_data), _document())
    db.session.commit()
    location = url_for("api.capture_status", capture_id=result.capture_id)
    return _json(result.to_json(), 202, {"Location": location}, "application/json")


@api.get("/epcis/capture/<capture_id>")
@api.auth_required(token_auth)
@api.doc(summary="The status of a capture (always final: capture is synchronous)",
         tags=["EPCIS"])  # fmt: skip
def capture_status(capture_id: str) -> Response:
    job = db_session().get(EpcisCapture, capture_id)
    if job is None:
        raise NotFound("E_UNKNOWN_CAPTURE", f"No capture {capture_id}.")
    ids = db_session().scalars(
        select(EpcisEvent.event_id).where(EpcisEvent.capture_id == capture_id)
    )
    body = {"captureID": job.id, "running": False, "success": True,
            "captureErrorBehaviour": "rollback", "errors": [], "eventIDs": list(ids),
            "duplicates": job.duplicate_count, "warnings": job.warnings}  # fmt: skip
    return _json(body, 200, {}, "application/json")


@api.post("/epcis/events")
@api.auth_required(token_auth, **CAPTURERS)
@api.input(CaptureQuery, location="query", arg_name="query_data")
@api.doc(summary="Capture one EPCIS event", tags=["EPCIS"],
         responses={201: "Stored (or already stored)", 422: "Schema errors"})  # fmt: skip
def capture_event(query_data: dict[str, Any]) -> Response:
    result = capture_document(
        db_session(), actor(), _site(query_data), _document(), single_event=True
    )
    db.session.commit()
    event_id = (result.event_ids or result.duplicates)[0]
    location = f"{request.path}/{quote(event_id, safe='')}"
    return _json(result.to_json(), 201, {"Location": location}, "application/json")


@api.get("/epcis/events")
@api.auth_required(token_auth)
@api.input(EventsQuery, location="query", arg_name="query_data")
@api.doc(summary="Query events (EPCIS SimpleEventQuery parameters)", tags=["EPCIS"])
def query_events(query_data: dict[str, Any]) -> Response:
    now = utcnow()
    query = parse_query(request.args.to_dict(flat=False), now)
    page = run_query(db_session(), query, now)
    result = QueryPage(page.document(now), page.next_token, page.token_expires)
    return _json(result.document, 200, result.headers(request.url), LD_JSON)


@api.get("/epcis/events/<path:event_id>", merge_slashes=False)
@api.auth_required(token_auth)
@api.doc(summary="One event by its eventID (URL-encoded)", tags=["EPCIS"])
def get_event(event_id: str) -> Response:
    row = db_session().scalar(select(EpcisEvent).where(EpcisEvent.event_id == event_id))
    if row is None:
        raise NotFound("E_UNKNOWN_EVENT", "No event with this eventID.")
    event = standalone_event(json.loads(row.body), row.namespaces)
    return _json(event, 200, {}, LD_JSON)
