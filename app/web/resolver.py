"""The public GS1 Digital Link resolver: what a phone shows after scanning a label's QR code.

``/01/{gtin}``, ``/01/{gtin}/10/{lot}``, ``/01/{gtin}/21/{serial}`` and ``/00/{sscc}`` need no
login. A browser gets the consumer page (origin, customs release, route, where now; no
personal data). ``Accept: application/linkset+json`` (or ``application/json``) or
``?linkType=all`` gets the RFC 9264 linkset; ``?linkType=gs1:traceability`` (or ``pip``,
``epcis``) redirects (307) to that link, as GS1 resolvers do.
"""

from __future__ import annotations

from typing import Any

from flask import Response, current_app, json, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app.extensions import db_session
from app.web import web
from warehouse.errors import Invalid, NotFound
from warehouse.trace.digitallink import build_digital_link
from warehouse.trace.errors import TraceError
from warehouse.trace.resolver import LINKSET_TYPE, link_type_of, links, linkset, public_view
from warehouse.trace.tracing import trace

STATUS_LABELS = {
    "released": _l("Released by customs"),
    "held": _l("Held by customs"),
    "declared": _l("Declared to customs"),
    "under_inspection": _l("Under customs inspection"),
    "inspected": _l("Inspected by customs"),
    "unknown": _l("No customs record"),
}


def _anchor(elements: dict[str, str]) -> str:
    base = current_app.extensions["silkhub.settings"].digital_link_base
    try:
        return build_digital_link(elements, domain=base)
    except TraceError as exc:
        raise Invalid(exc.code, exc.reason) from None


def _wants_linkset() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", LINKSET_TYPE, "application/json"])
    return best in (LINKSET_TYPE, "application/json")


def _page(anchor: str) -> ResponseReturnValue:
    try:
        story, _ = trace(db_session(), anchor)
    except NotFound:
        return render_template("trace/public.html", view=None, anchor=anchor), 404
    view = public_view(story)
    label = STATUS_LABELS.get(view["customs"]["status"], view["customs"]["status"])
    return render_template("trace/public.html", view=view, anchor=anchor, customs=label)


def resolve(elements: dict[str, str]) -> ResponseReturnValue:
    anchor = _anchor(elements)
    api_root = url_for("api.trace_code", code="x", _external=True).rsplit("/trace/", 1)[0]
    targets = links(anchor, request.base_url, api_root, has_gtin="01" in elements)
    kind = link_type_of(request.args.get("linkType"))
    if kind not in (None, "all"):
        if kind not in targets:
            raise NotFound("E_NO_LINK", f"No link of type {kind} for this code.")
        return redirect(targets[kind]["href"], 307)
    if kind == "all" or _wants_linkset():
        body: Any = linkset(anchor, targets)
        link = f'<{request.base_url}?linkType=all>; rel="linkset"; type="{LINKSET_TYPE}"'
        return Response(json.dumps(body), 200, mimetype=LINKSET_TYPE, headers={"Link": link})
    return _page(anchor)


@web.get("/00/<sscc>")
def resolve_sscc(sscc: str) -> ResponseReturnValue:
    return resolve({"00": sscc})


@web.get("/01/<gtin>")
def resolve_gtin(gtin: str) -> ResponseReturnValue:
    return resolve({"01": gtin})


@web.get("/01/<gtin>/10/<path:lot>")
def resolve_lot(gtin: str, lot: str) -> ResponseReturnValue:
    return resolve({"01": gtin, "10": lot})


@web.get("/01/<gtin>/21/<path:serial>")
def resolve_item(gtin: str, serial: str) -> ResponseReturnValue:
    return resolve({"01": gtin, "21": serial})
