"""Classify whatever a scanner or a person hands over, and pull out its GS1 keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from warehouse.trace.ai import gs1_date
from warehouse.trace.digitallink import (
    DEFAULT_DOMAIN,
    build_digital_link,
    looks_like_digital_link,
    parse_digital_link,
)
from warehouse.trace.elementstring import (
    GS,
    GS1_SYMBOLOGY_IDS,
    parse_element_string,
    parse_hri,
    split_symbology_id,
)
from warehouse.trace.epc import parse_epc_urn
from warehouse.trace.errors import E_BAD_SYNTAX, E_CHECK_DIGIT, TraceError
from warehouse.trace.keys import GTIN_LENGTHS, normalise_gtin, validate_sscc

#: AIM identifiers of carriers that are not GS1 formatted, mapped to the MQTT symbology names.
_PLAIN_SYMBOLOGY_IDS = {
    "]C0": "code128", "]E0": "ean13", "]E4": "ean8", "]Q1": "qr", "]d1": "datamatrix",
    "]A0": "code39", "]I0": "itf",
}  # fmt: skip
_GS1_HINTS = {"gs1-128", "gs1-datamatrix", "gs1-qr", "gs1-databar", "gs1-dotcode"}
_EAN_HINTS = {"ean13", "ean8", "upca", "upce"}


class CodeKind(StrEnum):
    DIGITAL_LINK = "digital_link"
    ELEMENT_STRING = "element_string"
    SSCC = "sscc"
    GTIN = "gtin"
    EPC_URN = "epc_urn"
    PLAIN = "plain"


@dataclass(frozen=True)
class ParsedCode:
    """What a code is and which GS1 elements it holds (AI -> value, GTIN as 14 digits).

    ``issue`` flags a plain code that looks like a broken GS1 key (an 18-digit number whose
    check digit fails, say): waybills can be all digits, so it is not refused, but the caller
    can tell the person.
    """

    kind: CodeKind
    text: str
    keys: dict[str, str] = field(default_factory=dict)
    symbology: str | None = None
    issue: str | None = None

    @property
    def gtin(self) -> str | None:
        return self.keys.get("01")

    @property
    def sscc(self) -> str | None:
        return self.keys.get("00")

    @property
    def lot(self) -> str | None:
        return self.keys.get("10")

    @property
    def serial(self) -> str | None:
        return self.keys.get("21")

    def expiry(self, today: dt.date | None = None) -> dt.date | None:
        """AI 17 as a date (GS1 century window around ``today``)."""
        return gs1_date(self.keys["17"], today) if "17" in self.keys else None

    def digital_link(self, domain: str = DEFAULT_DOMAIN) -> str | None:
        """The canonical Digital Link of the keys, or None when there is no primary key."""
        try:
            return build_digital_link(self.keys, domain=domain)
        except TraceError:
            return None


def _digits(body: str, text: str, symbology: str | None) -> ParsedCode:
    try:
        if len(body) == 18:
            return ParsedCode(CodeKind.SSCC, text, {"00": validate_sscc(body)}, symbology)
        return ParsedCode(CodeKind.GTIN, text, {"01": normalise_gtin(body)}, symbology)
    except TraceError as exc:
        if symbology in _EAN_HINTS or exc.code != E_CHECK_DIGIT:
            raise
        return ParsedCode(CodeKind.PLAIN, text, {}, symbology, issue=exc.code)


def _maybe_unmarked_element_string(body: str) -> dict[str, str] | None:
    """An element string sent without symbology identifier (a common scanner setting).

    Tried only for text starting with AI 00, 01 or 02 and longer than a bare key; accepted
    only when every element, check digits included, is valid.
    """
    if body[:2] not in ("00", "01", "02") or len(body) <= 14:
        return None
    try:
        return parse_element_string(body)
    except TraceError:
        return None


def parse_code(text: str, symbology: str | None = None) -> ParsedCode:
    """Classify ``text``: Digital Link, element string, SSCC, GTIN, EPC URN or a plain code.

    ``symbology`` is the scanner's hint (the MQTT ``symbology`` field). A code that is
    clearly GS1 but broken raises :class:`TraceError`; anything unrecognised is PLAIN. No
    other exception gets out: a ``ValueError`` of a standard-library parser (``urlsplit``,
    ``unquote``) becomes ``E_BAD_SYNTAX``, so a scan ack always carries a stable code.
    """
    try:
        return _classify(text, symbology)
    except TraceError:
        raise
    except ValueError as exc:
        raise TraceError(E_BAD_SYNTAX, f"unreadable code: {exc}") from None


def _classify(text: str, symbology: str | None) -> ParsedCode:
    raw = text.strip(" \t\r\n")
    if not raw:
        raise TraceError(E_BAD_SYNTAX, "empty code")
    sym_id, body = split_symbology_id(raw)
    if sym_id in GS1_SYMBOLOGY_IDS:
        keys = parse_element_string(body)
        return ParsedCode(CodeKind.ELEMENT_STRING, raw, keys, GS1_SYMBOLOGY_IDS[sym_id])
    if sym_id is not None:
        symbology = _PLAIN_SYMBOLOGY_IDS.get(sym_id, symbology)
    if body.startswith("urn:epc:"):
        return _epc(raw, body, symbology)
    if looks_like_digital_link(body):
        return ParsedCode(CodeKind.DIGITAL_LINK, raw, parse_digital_link(body).elements, symbology)
    if body.startswith("(") and body[1:3].isdigit():
        return ParsedCode(CodeKind.ELEMENT_STRING, raw, parse_hri(body), symbology)
    if GS in body or symbology in _GS1_HINTS:
        return ParsedCode(CodeKind.ELEMENT_STRING, raw, parse_element_string(body), symbology)
    if body.isascii() and body.isdigit() and (len(body) == 18 or len(body) in GTIN_LENGTHS):
        return _digits(body, raw, symbology)
    unmarked = _maybe_unmarked_element_string(body)
    if unmarked is not None:
        return ParsedCode(CodeKind.ELEMENT_STRING, raw, unmarked, symbology)
    return ParsedCode(CodeKind.PLAIN, raw, {}, symbology)


def _epc(raw: str, body: str, symbology: str | None) -> ParsedCode:
    if body.startswith(("urn:epc:id:sgtin:", "urn:epc:id:sscc:", "urn:epc:id:sgln:")) or (
        body.startswith("urn:epc:class:lgtin:")
    ):
        return ParsedCode(CodeKind.EPC_URN, raw, parse_epc_urn(body).elements, symbology)
    return ParsedCode(CodeKind.EPC_URN, raw, {}, symbology)
