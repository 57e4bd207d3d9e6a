"""The public side of a code: the Digital Link printed on labels, the resolver's linkset, and
the consumer's view of a story (pure: no database, no web).

Labels: the device gateway's label rendering puts :func:`sscc_link` (logistic units) or
:func:`item_link` (serialised items) into the QR code, with ``settings.digital_link_base`` as
the domain, so a phone camera opens this resolver. The consumer view holds no personal data:
no parties, no business documents (order and waybill numbers lead to buyers), no extension
fields; locations are only the sites' GLNs.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote, urlencode

from warehouse.trace.codes import parse_code
from warehouse.trace.digitallink import build_digital_link
from warehouse.trace.errors import TraceError
from warehouse.trace.keys import normalise_gtin, validate_sscc
from warehouse.trace.story import Story

GS1_VOC = "https://gs1.org/voc/"
LINK_TYPES = ("defaultLink", "pip", "traceability", "epcis")
LINKSET_TYPE = "application/linkset+json"


def sscc_link(base: str, sscc: str) -> str:
    """The Digital Link for a logistic unit's label: ``<base>/00/<sscc>``."""
    return build_digital_link({"00": validate_sscc(sscc)}, domain=base)


def item_link(base: str, gtin: str, serial: str | None = None, lot: str | None = None) -> str:
    """The Digital Link of a product (``/01/<gtin>``), a lot (``/10/``) or an item (``/21/``)."""
    elements = {"01": normalise_gtin(gtin)}
    if lot:
        elements["10"] = lot
    if serial:
        elements["21"] = serial
    return build_digital_link(elements, domain=base)


def link_type_of(value: str | None) -> str | None:
    """``gs1:pip``, ``pip`` or ``https://gs1.org/voc/pip`` -> ``pip``; ``linkset`` -> ``all``."""
    if not value:
        return None
    short = value.removeprefix("gs1:").removeprefix(GS1_VOC)
    return "all" if short in ("all", "linkset") else short


def links(anchor: str, page_url: str, api_root: str, has_gtin: bool) -> dict[str, dict[str, Any]]:
    """Link type -> target, for one Digital Link (``anchor``)."""
    out: dict[str, dict[str, Any]] = {
        "defaultLink": {"href": page_url, "title": "Trace", "type": "text/html",
                        "hreflang": ["zh-CN", "en"]},
        "traceability": {"href": f"{api_root}/trace/{quote(anchor, safe='')}",
                         "title": "Trace (login required)", "type": "application/json"},
        "epcis": {"href": f"{api_root}/epcis/events?{urlencode({'MATCH_anyEPC': anchor})}",
                  "title": "EPCIS events (login required)", "type": "application/ld+json"},
    }  # fmt: skip
    if has_gtin:
        out["pip"] = {**out["defaultLink"], "title": "Product information"}
    return out


def linkset(anchor: str, targets: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The RFC 9264 linkset of ``anchor`` (relation types as GS1 Web Vocabulary URIs)."""
    entry: dict[str, Any] = {"anchor": anchor}
    for kind, target in targets.items():
        entry[GS1_VOC + kind] = [target]
    return {"linkset": [entry]}


def place_label(uri: str | None) -> str | None:
    """A site location for people: ``GLN 0614141073467 / 1234`` from an SGLN or Digital Link."""
    if not uri:
        return None
    try:
        keys = parse_code(uri).keys
    except TraceError:
        return uri
    if "414" not in keys:
        return uri
    ext = keys.get("254")
    return f"GLN {keys['414']}" + (f" / {ext}" if ext and ext != "0" else "")


def _time(moment: dt.datetime | None) -> str | None:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else None


def public_view(story: Story) -> dict[str, Any]:
    """What anyone scanning the code may see: origin, customs release, route, where now."""
    origin, now = story.origin, story.now
    return {
        "subject": story.subject,
        "origin": {
            "place": place_label(origin.location if origin else None),
            "since": _time(origin.at if origin else None),
            "country": story.origin_country,
        },
        "customs": {"status": story.customs.status, "since": _time(story.customs.since)},
        "route": [
            {
                "from": place_label(leg.source),
                "to": place_label(leg.destination),
                "departed": _time(leg.departed),
                "arrived": _time(leg.arrived),
            }
            for leg in story.legs
        ],
        "steps": [
            {
                "time": _time(e.seen.time),
                "step": e.seen.record.biz_step,
                "place": place_label(e.seen.record.biz_location or e.seen.record.read_point),
            }
            for e in story.events
        ],
        "now": None
        if now is None
        else {
            "place": place_label(now.location),
            "since": _time(now.at),
            "in_transit_to": place_label(now.in_transit_to),
        },
    }
