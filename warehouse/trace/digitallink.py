"""GS1 Digital Link URIs: ``https://id.gs1.org/01/09506000134352/10/ABC/21/123?17=261231``.

Path: an optional prefix, one primary key (00, 01, 401, 402, 414) and its key qualifiers in
the order the standard fixes (for 01: 22, then 10, then 21). Query: data attributes (17, 15,
...) and any non-GS1 parameters, which are kept apart. Values are percent-encoded: every CSET 82
character outside the RFC 3986 unreserved set becomes ``%XX``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit

from warehouse.trace.ai import AI_TABLE, QUALIFIERS, lookup, validate_value
from warehouse.trace.elementstring import normalise_elements
from warehouse.trace.errors import E_BAD_URI, E_UNKNOWN_AI, TraceError
from warehouse.trace.keys import normalise_gtin

DEFAULT_DOMAIN = "https://id.gs1.org"

#: Convenience alphas of GS1 Digital Link 1.x, accepted when reading, never written.
SHORT_NAMES = {
    "gtin": "01", "sscc": "00", "lot": "10", "ser": "21", "cpv": "22", "exp": "17",
    "gln": "414", "ginc": "401", "gsin": "402",
}  # fmt: skip


@dataclass(frozen=True)
class DigitalLink:
    """A parsed Digital Link: domain (with any path prefix), key, qualifiers, attributes."""

    domain: str
    primary: tuple[str, str]
    qualifiers: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    other_params: dict[str, str] = field(default_factory=dict)

    @property
    def elements(self) -> dict[str, str]:
        """Every GS1 element, key first: usable with the element-string builder."""
        return {self.primary[0]: self.primary[1], **self.qualifiers, **self.attributes}

    def canonical(self, domain: str | None = None) -> str:
        """The URI rebuilt by :func:`build_digital_link` (non-GS1 parameters dropped)."""
        return build_digital_link(self.elements, domain=domain or self.domain)


def _enc(value: str) -> str:
    return quote(value, safe="")


def _primary_of(elements: Mapping[str, str]) -> str:
    keys = [ai for ai in elements if AI_TABLE[ai].role == "primary"]
    if len(keys) != 1:
        raise TraceError(E_BAD_URI, f"a Digital Link needs exactly one primary key, got {keys}")
    return keys[0]


def _domain(domain: str) -> str:
    parts = urlsplit(domain)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query:
        raise TraceError(E_BAD_URI, f"Digital Link domain must be http(s)://host[/path]: {domain}")
    return domain.rstrip("/")


def build_digital_link(data: Mapping[str, str], *, domain: str = DEFAULT_DOMAIN) -> str:
    """Build the canonical URI: 14-digit GTIN, qualifiers in order, attributes sorted by AI."""
    elements = normalise_elements(data)
    pk = _primary_of(elements)
    path = [pk, _enc(elements[pk])]
    for q in QUALIFIERS[pk]:
        if q in elements:
            path += [q, _enc(elements[q])]
    used = {pk, *QUALIFIERS[pk]}
    rest = sorted((ai for ai in elements if ai not in used), key=lambda a: (len(a), a))
    for ai in rest:
        if AI_TABLE[ai].role == "primary" or ai == "254":
            raise TraceError(E_BAD_URI, f"({ai}) cannot be a data attribute of ({pk})")
    query = "&".join(f"{ai}={_enc(elements[ai])}" for ai in rest)
    return _domain(domain) + "/" + "/".join(path) + ("?" + query if query else "")


def _ai_name(segment: str) -> str | None:
    if segment in AI_TABLE:
        return segment
    return SHORT_NAMES.get(segment)


def _value(ai: str, raw: str) -> str:
    try:
        value = unquote(raw, errors="strict")
    except UnicodeDecodeError:
        raise TraceError(E_BAD_URI, f"({ai}) is not percent-encoded UTF-8: {raw[:40]!r}") from None
    if ai == "01" and len(value) in (8, 12, 13):
        value = normalise_gtin(value)
    return validate_value(ai, value)


def _split_path(segments: list[str]) -> tuple[int, list[tuple[str, str]]]:
    """Scan from the right: qualifier pairs, then the primary key pair. Returns its index."""
    pairs: list[tuple[str, str]] = []
    i = len(segments)
    while i >= 2:
        ai = _ai_name(segments[i - 2])
        if ai is None:
            break
        pairs.insert(0, (ai, segments[i - 1]))
        i -= 2
        if AI_TABLE[ai].role == "primary":
            return i, pairs
        if AI_TABLE[ai].role != "qualifier":
            break
    raise TraceError(E_BAD_URI, "no GS1 primary key (00, 01, 401, 402, 414) in the URI path")


def _check_order(pk: str, quals: list[str]) -> None:
    allowed = QUALIFIERS[pk]
    for q in quals:
        if q not in allowed:
            raise TraceError(E_BAD_URI, f"({q}) is not a key qualifier of ({pk})")
    idx = [allowed.index(q) for q in quals]
    if idx != sorted(set(idx)):
        raise TraceError(E_BAD_URI, f"key qualifiers of ({pk}) must come in the order {allowed}")


def _query(query: str, pk: str) -> tuple[dict[str, str], dict[str, str]]:
    """Data attributes and other parameters. Qualifiers of ``pk`` belong in the path."""
    attrs: dict[str, str] = {}
    other: dict[str, str] = {}
    for part in filter(None, query.split("&")):
        key, _, raw = part.partition("=")
        ai = _ai_name(key)
        if ai is None and key.isdigit():
            raise TraceError(E_UNKNOWN_AI, f"query parameter ({key}) is not a supported AI")
        if ai is None:
            other[unquote(key)] = unquote(raw)
            continue
        if lookup(ai).role == "primary" or ai in QUALIFIERS[pk] or ai == "254":
            raise TraceError(E_BAD_URI, f"({ai}) cannot be a query parameter of ({pk})")
        attrs[ai] = _value(ai, raw)
    return attrs, other


def parse_digital_link(uri: str) -> DigitalLink:
    """Parse any-domain Digital Link URI; E_BAD_URI for structure, key errors as they are."""
    try:
        parts = urlsplit(uri.strip())
    except ValueError as exc:
        raise TraceError(E_BAD_URI, f"not a URI: {exc}") from None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise TraceError(E_BAD_URI, f"a Digital Link is an http(s) URI, got {uri[:40]!r}")
    segments = parts.path.split("/")[1:]
    if segments and segments[-1] == "":
        segments.pop()
    start, pairs = _split_path(segments)
    if any(s == "" for s in segments[:start]):
        raise TraceError(E_BAD_URI, "empty segment in the URI path")
    (pk, pk_raw), quals = pairs[0], pairs[1:]
    _check_order(pk, [q for q, _ in quals])
    prefix = "/".join(segments[:start])
    domain = f"{parts.scheme}://{parts.netloc}" + (f"/{prefix}" if prefix else "")
    attrs, other = _query(parts.query, pk)
    return DigitalLink(
        domain=domain,
        primary=(pk, _value(pk, pk_raw)),
        qualifiers={q: _value(q, raw) for q, raw in quals},
        attributes=attrs,
        other_params=other,
    )


def looks_like_digital_link(text: str) -> bool:
    """True for an http(s) URI whose path has a GS1 primary key: worth parsing strictly.

    Also True for an http(s) URI too broken to split, so the strict parser refuses it with
    ``E_BAD_URI`` instead of it passing as a plain code.
    """
    if not text.startswith(("http://", "https://")):
        return False
    try:
        segments = urlsplit(text).path.split("/")
    except ValueError:  # a broken authority, e.g. "https://[::1/01/...": still no plain code
        return True
    return any(_ai_name(s) in QUALIFIERS for s in segments[:-1])
