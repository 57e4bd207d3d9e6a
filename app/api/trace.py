"""Trace a code (the whole story), and hand out SSCCs for new logistic units."""

from __future__ import annotations

import datetime as dt
from typing import Any

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, String
from apiflask.validators import Range
from flask import current_app

from app.api import api
from app.api.fields import rfc3339
from app.extensions import db, db_session
from app.security import actor, roles, token_auth
from warehouse.access.audit import record
from warehouse.access.roles import Role
from warehouse.hub import trace_customs
from warehouse.trace.aggregation import Link
from warehouse.trace.resolver import sscc_link
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import MAX_BLOCK, allocate_ssccs
from warehouse.trace.story import Leg, Story, StoryEvent, Whereabouts
from warehouse.trace.tracing import trace

#: Traces (this API and the public resolver page) ask the hub for its customs word; the
#: trace package cannot import the hub, so the app wires it here, once, at import.
trace_customs.register()


class TraceOut(Schema):
    subject = String()
    related = List(String())
    path = List(String(), metadata={"description": "the subject, then its current parents"})
    up = List(Dict(), metadata={"description": "every packing of the subject and its parents"})
    down = Dict(metadata={"description": "what is inside now: {id, children}"})
    tree_truncated = Boolean()
    events = List(Dict())
    customs = Dict()
    legs = List(Dict())
    documents = List(Dict())
    now = Dict(allow_none=True)
    origin = Dict(allow_none=True)


class SsccIn(Schema):
    count = Integer(load_default=1, validate=Range(min=1, max=MAX_BLOCK))
    extension = Integer(load_default=0, validate=Range(min=0, max=9))


class SsccOut(Schema):
    ssccs = List(String())
    digital_links = List(String())


def _t(moment: dt.datetime | None) -> str | None:
    return rfc3339(moment) if moment else None


def _link(link: Link) -> dict[str, Any]:
    return {"child": link.child, "parent": link.parent, "since": _t(link.window.since),
            "until": _t(link.window.until), "eventID": link.event_id}  # fmt: skip


def _event(item: StoryEvent) -> dict[str, Any]:
    r, body = item.seen.record, item.seen.body
    return {"eventID": r.event_id, "type": r.type, "action": r.action,
            "eventTime": _t(r.event_time), "recordTime": body.get("recordTime"),
            "bizStep": r.biz_step, "disposition": r.disposition, "readPoint": r.read_point,
            "bizLocation": r.biz_location, "about": item.about, "site": item.seen.site}  # fmt: skip


def _leg(leg: Leg) -> dict[str, Any]:
    return {"source": leg.source, "destination": leg.destination, "departed": _t(leg.departed),
            "arrived": _t(leg.arrived), "arrivedAt": leg.arrived_at,
            "billsOfLading": leg.documents}  # fmt: skip


def _where(where: Whereabouts | None) -> dict[str, Any] | None:
    if where is None:
        return None
    return {"location": where.location, "readPoint": where.read_point, "at": _t(where.at),
            "bizStep": where.biz_step, "disposition": where.disposition,
            "inTransitTo": where.in_transit_to}  # fmt: skip


def current_path(story: Story) -> list[str]:
    """The subject and the parents it is in now (the open packings, innermost first)."""
    path, node = [story.subject], story.subject
    open_links = {link.child: link.parent for link in story.up if link.window.until is None}
    while node in open_links and open_links[node] not in path:
        node = open_links[node]
        path.append(node)
    return path


def render_story(story: Story, related: list[str]) -> dict[str, Any]:
    customs = story.customs.to_json() | {"since": _t(story.customs.since)}
    origin = _where(story.origin)
    if origin is not None:
        origin["country"] = story.origin_country
    return {
        "subject": story.subject, "related": related, "path": current_path(story),
        "up": [_link(link) for link in story.up], "down": story.down.to_json(),
        "tree_truncated": story.truncated, "events": [_event(e) for e in story.events],
        "customs": customs, "legs": [_leg(leg) for leg in story.legs],
        "documents": [{"type": kind, "id": uri} for kind, uri in story.documents],
        "now": _where(story.now), "origin": origin,
    }  # fmt: skip


@api.get("/trace/<path:code>", merge_slashes=False)
@api.auth_required(token_auth)
@api.output(TraceOut)
@api.doc(
    summary="Trace any code: Digital Link, element string, SSCC, GTIN+serial, EPC, waybill",
    tags=["Traceability"],
    responses={404: "E_UNKNOWN_CODE", 422: "Malformed code (E_CHECK_DIGIT, E_UNKNOWN_AI, ...)"},
)
def trace_code(code: str) -> dict[str, Any]:
    story, related = trace(db_session(), code)
    return render_story(story, related)


@api.post("/sscc")
@api.auth_required(token_auth, **roles(Role.WAREHOUSE, Role.SUPERVISOR, Role.ADMIN))
@api.input(SsccIn, arg_name="ask")
@api.output(SsccOut, status_code=201)
@api.doc(summary="New SSCCs from the company prefix, never repeated", tags=["Traceability"])
def new_ssccs(ask: dict[str, Any]) -> dict[str, Any]:
    settings = current_app.extensions["silkhub.settings"]
    config = SsccConfig(ask["extension"], settings.gs1_company_prefix)
    ssccs = allocate_ssccs(db_session(), config, ask["count"])
    record(db_session(), actor(), "sscc.allocate", "sscc", ssccs[0], count=len(ssccs),
           last=ssccs[-1])  # fmt: skip
    db.session.commit()
    links = [sscc_link(settings.digital_link_base, s) for s in ssccs]
    return {"ssccs": ssccs, "digital_links": links}
