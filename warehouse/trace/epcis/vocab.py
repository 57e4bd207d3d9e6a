"""CBV vocabulary: business steps, dispositions, transaction and source/destination types.

EPCIS 2.0 JSON-LD writes standard terms in short form (``shipping``); the schema refuses the
long CBV forms (``urn:epcglobal:cbv:...`` and ``https://ns.gs1.org/cbv/...``) but accepts
private URIs. :func:`short_term` therefore folds every standard spelling to the short form
and lets a private URI through.
"""

from __future__ import annotations

from typing import Literal

from warehouse.trace.epcis.schema import cbv_terms
from warehouse.trace.errors import E_BAD_VOCAB, TraceError

Kind = Literal["bizStep", "disposition", "bizTransaction-type", "source-dest-type"]

_WEB = "https://ref.gs1.org/cbv/"
_PREFIXES: dict[str, tuple[str, str]] = {
    "bizStep": ("urn:epcglobal:cbv:bizstep:", "BizStep-"),
    "disposition": ("urn:epcglobal:cbv:disp:", "Disp-"),
    "bizTransaction-type": ("urn:epcglobal:cbv:btt:", "BTT-"),
    "source-dest-type": ("urn:epcglobal:cbv:sdt:", "SDT-"),
}
_RESERVED = ("urn:epcglobal:cbv", "http://ns.gs1.org/cbv/", "https://ns.gs1.org/cbv/", _WEB)


def short_term(kind: Kind, value: str) -> str:
    """The short CBV term for any standard spelling, or ``value`` if it is a private URI."""
    terms = cbv_terms(kind)
    if value in terms:
        return value
    urn, web = _PREFIXES[kind]
    for prefix in (urn, _WEB + web, "https://gs1.org/voc/" + web):
        if value.startswith(prefix) and value[len(prefix) :] in terms:
            return value[len(prefix) :]
    if ":" in value and not value.startswith(_RESERVED) and " " not in value:
        return value
    raise TraceError(E_BAD_VOCAB, f"{value!r} is neither a CBV {kind} nor a private URI")


def web_uri(kind: Kind, value: str) -> str:
    """The GS1 Web URI of a term (``https://ref.gs1.org/cbv/BizStep-shipping``)."""
    term = short_term(kind, value)
    if term in cbv_terms(kind):
        return _WEB + _PREFIXES[kind][1] + term
    return term
