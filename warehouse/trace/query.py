"""EPCIS SimpleEventQuery parameters, read from a URL query (pure: no database).

Supported: ``MATCH_epc``, ``MATCH_parentID``, ``MATCH_inputEPC``, ``MATCH_outputEPC``,
``MATCH_anyEPC``, ``MATCH_epcClass``, ``MATCH_inputEPCClass``, ``MATCH_outputEPCClass``,
``MATCH_anyEPCClass``, ``EQ_bizStep``, ``EQ_disposition``, ``EQ_bizLocation``,
``EQ_readPoint``, ``EQ_action``, ``eventType``, ``GE_/LT_eventTime``, ``GE_/LT_recordTime``,
``perPage`` and ``nextPageToken``. A list is given by repeating the parameter or with commas.
Identifiers are compared in canonical form (an EPC URN matches its Digital Link); CBV terms in
any standard spelling (``shipping``, ``urn:epcglobal:cbv:bizstep:shipping``,
``https://ref.gs1.org/cbv/BizStep-shipping``). Unknown parameters are refused, as the
standard asks (``E_QUERY_PARAM``). Identifier patterns (``urn:epc:idpat:...``) are not
supported: they match only themselves.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from warehouse.errors import Invalid
from warehouse.trace.epcis.index import canonical_id
from warehouse.trace.epcis.records import EVENT_TYPES, parse_time
from warehouse.trace.epcis.vocab import Kind, short_term
from warehouse.trace.errors import TraceError

E_QUERY_PARAM = "E_QUERY_PARAM"
E_BAD_PAGE_TOKEN = "E_BAD_PAGE_TOKEN"
DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 1000
TOKEN_LIFETIME = dt.timedelta(hours=24)

MATCH_ROLES: dict[str, tuple[str, ...]] = {
    "MATCH_epc": ("epc",), "MATCH_parentID": ("parent",), "MATCH_inputEPC": ("input",),
    "MATCH_outputEPC": ("output",), "MATCH_anyEPC": ("epc", "parent", "input", "output"),
    "MATCH_epcClass": ("class",), "MATCH_inputEPCClass": ("input_class",),
    "MATCH_outputEPCClass": ("output_class",),
    "MATCH_anyEPCClass": ("class", "input_class", "output_class"),
}  # fmt: skip
_TERMS: dict[str, Kind] = {"EQ_bizStep": "bizStep", "EQ_disposition": "disposition"}
_LOCATIONS = ("EQ_bizLocation", "EQ_readPoint")
_TIMES = ("GE_eventTime", "LT_eventTime", "GE_recordTime", "LT_recordTime")
_ACTIONS = frozenset({"ADD", "OBSERVE", "DELETE"})
KNOWN = frozenset(
    {*MATCH_ROLES, *_TERMS, *_LOCATIONS, *_TIMES, "EQ_action", "eventType", "perPage",
     "nextPageToken"}
)  # fmt: skip


@dataclass(frozen=True)
class PageToken:
    """Where the previous page ended: (eventTime, storage id) of its last event."""

    event_time: dt.datetime
    pk: int


@dataclass(frozen=True)
class EventQuery:
    """One SimpleEventQuery. Every filter is ANDed; values within a filter are ORed."""

    matches: tuple[tuple[tuple[str, ...], frozenset[str]], ...] = ()
    equals: tuple[tuple[str, frozenset[str]], ...] = ()
    times: tuple[tuple[str, dt.datetime], ...] = ()
    per_page: int = DEFAULT_PER_PAGE
    after: PageToken | None = None

    def fingerprint(self) -> str:
        """A short digest of the filters: a page token only continues the query it came from."""
        text = repr((self.matches_sorted(), self.equals_sorted(), sorted(self.times)))
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    def matches_sorted(self) -> list[tuple[tuple[str, ...], list[str]]]:
        return sorted((roles, sorted(values)) for roles, values in self.matches)

    def equals_sorted(self) -> list[tuple[str, list[str]]]:
        return sorted((column, sorted(values)) for column, values in self.equals)


def _bad(param: str, message: str, code: str = E_QUERY_PARAM) -> Invalid:
    return Invalid(code, f"{param}: {message}", parameter=param)


def _canonical(value: str) -> str:
    try:
        return canonical_id(value)
    except ValueError:  # a URL urlsplit cannot read (``http://[``): it matches only itself
        return value


def _values(raw: Sequence[str]) -> list[str]:
    return [v.strip() for item in raw for v in item.split(",") if v.strip()]


def _term(param: str, kind: Kind, value: str) -> str:
    try:
        return short_term(kind, value)
    except TraceError as exc:
        raise _bad(param, exc.reason) from None


def _equal(param: str, values: list[str]) -> tuple[str, frozenset[str]]:
    if param in _TERMS:
        return ("biz_step" if param == "EQ_bizStep" else "disposition",
                frozenset(_term(param, _TERMS[param], v) for v in values))  # fmt: skip
    if param in _LOCATIONS:
        column = "biz_location" if param == "EQ_bizLocation" else "read_point"
        return column, frozenset(_canonical(v) for v in values)
    allowed = _ACTIONS if param == "EQ_action" else frozenset(EVENT_TYPES)
    wrong = [v for v in values if v not in allowed]
    if wrong:
        raise _bad(param, f"{wrong[0]!r} is not one of {', '.join(sorted(allowed))}")
    return ("action" if param == "EQ_action" else "event_type", frozenset(values))


def _time(param: str, values: list[str]) -> dt.datetime:
    if len(values) != 1:
        raise _bad(param, "give exactly one time")
    try:
        return parse_time(values[0])
    except TraceError as exc:
        raise _bad(param, exc.reason) from None


def _per_page(values: list[str]) -> int:
    if len(values) != 1 or not values[0].isdigit() or not 1 <= int(values[0]) <= MAX_PER_PAGE:
        raise _bad("perPage", f"a whole number from 1 to {MAX_PER_PAGE}")
    return int(values[0])


def encode_token(after: PageToken, fingerprint: str, expires: dt.datetime) -> str:
    stamp = after.event_time.astimezone(dt.UTC).isoformat()
    raw = f"v1|{stamp}|{after.pk}|{int(expires.timestamp())}|{fingerprint}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_token(token: str, fingerprint: str, now: dt.datetime) -> PageToken:
    """The position a token points at; ``E_BAD_PAGE_TOKEN`` if forged, expired or foreign."""
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        version, stamp, pk, expires, owner = raw.split("|")
        after = PageToken(dt.datetime.fromisoformat(stamp), int(pk))
        if version != "v1" or after.event_time.tzinfo is None:
            raise ValueError(version)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad("nextPageToken", "not a token this server gave out", E_BAD_PAGE_TOKEN) from None
    if owner != fingerprint:
        raise _bad("nextPageToken", "belongs to another query", E_BAD_PAGE_TOKEN)
    if int(expires) < now.timestamp():
        raise _bad("nextPageToken", "has expired: run the query again", E_BAD_PAGE_TOKEN)
    return after


def parse_query(params: Mapping[str, Sequence[str]], now: dt.datetime) -> EventQuery:
    """An :class:`EventQuery` from ``{name: [values]}``; ``Invalid`` names a bad parameter."""
    unknown = sorted(set(params) - KNOWN)
    if unknown:
        raise _bad(unknown[0], "not a query parameter this server supports")
    matches, equals, times, per_page = [], [], [], DEFAULT_PER_PAGE
    for param, raw in sorted(params.items()):
        values = _values(raw)
        if not values:
            raise _bad(param, "give a value")
        if param in MATCH_ROLES:
            matches.append((MATCH_ROLES[param], frozenset(_canonical(v) for v in values)))
        elif param in _TIMES:
            times.append((param, _time(param, values)))
        elif param == "perPage":
            per_page = _per_page(values)
        elif param != "nextPageToken":
            equals.append(_equal(param, values))
    query = EventQuery(tuple(matches), tuple(equals), tuple(times), per_page)
    token = _values(params.get("nextPageToken", []))
    if token:
        query = replace(query, after=decode_token(token[0], query.fingerprint(), now))
    return query
