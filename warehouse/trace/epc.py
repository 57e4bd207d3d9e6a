"""EPC pure-identity URNs (GS1 Tag Data Standard): sgtin, sscc, sgln and the lgtin class.

A URN splits the key at the company prefix, which the key itself does not reveal: the caller
supplies the prefix length (6 to 12 digits) from configuration or the GS1 prefix register.
"""

from __future__ import annotations

from dataclasses import dataclass

from warehouse.trace.ai import validate_value
from warehouse.trace.checkdigit import check_digit
from warehouse.trace.errors import E_BAD_EPC, E_BAD_PREFIX, TraceError
from warehouse.trace.keys import normalise_gtin, validate_gln, validate_sscc

#: Characters of CSET 82 that TDS requires to be %-escaped inside an EPC URN component.
_URN_ESCAPES = {'"': "%22", "%": "%25", "&": "%26", "/": "%2F", "<": "%3C", ">": "%3E", "?": "%3F"}


@dataclass(frozen=True)
class EpcUrn:
    """A parsed EPC URN: its scheme, the GS1 elements it stands for, its company prefix."""

    scheme: str
    elements: dict[str, str]
    company_prefix: str


def _cpl(length: int) -> int:
    if not 6 <= length <= 12:
        raise TraceError(E_BAD_PREFIX, f"GS1 company prefix length must be 6..12, got {length}")
    return length


def _escape(value: str) -> str:
    return "".join(_URN_ESCAPES.get(c, c) for c in value)


def _unescape(value: str) -> str:
    for char, esc in _URN_ESCAPES.items():
        value = value.replace(esc, char).replace(esc.lower(), char)
    return value


def _gtin_parts(gtin: str, cpl: int) -> tuple[str, str]:
    g = normalise_gtin(gtin)
    n = _cpl(cpl)
    return g[1 : 1 + n], g[0] + g[1 + n : 13]


def sgtin_urn(gtin: str, serial: str, company_prefix_length: int) -> str:
    """``urn:epc:id:sgtin:CompanyPrefix.IndicatorItemRef.Serial`` for one serialised item."""
    cp, ref = _gtin_parts(gtin, company_prefix_length)
    return f"urn:epc:id:sgtin:{cp}.{ref}.{_escape(validate_value('21', serial))}"


def lgtin_urn(gtin: str, lot: str, company_prefix_length: int) -> str:
    """``urn:epc:class:lgtin:CompanyPrefix.IndicatorItemRef.Lot`` for a product class by lot."""
    cp, ref = _gtin_parts(gtin, company_prefix_length)
    return f"urn:epc:class:lgtin:{cp}.{ref}.{_escape(validate_value('10', lot))}"


def sscc_urn(sscc: str, company_prefix_length: int) -> str:
    """``urn:epc:id:sscc:CompanyPrefix.SerialReference`` (extension digit leads the serial)."""
    s = validate_sscc(sscc)
    n = _cpl(company_prefix_length)
    return f"urn:epc:id:sscc:{s[1 : 1 + n]}.{s[0]}{s[1 + n : 17]}"


def sgln_urn(gln: str, company_prefix_length: int, extension: str = "0") -> str:
    """``urn:epc:id:sgln:CompanyPrefix.LocationRef.Extension`` (``0``: no extension)."""
    g = validate_gln(gln)
    n = _cpl(company_prefix_length)
    ext = "0" if extension == "0" else _escape(validate_value("254", extension))
    return f"urn:epc:id:sgln:{g[:n]}.{g[n:12]}.{ext}"


def _split(urn: str, prefix: str, parts: int) -> list[str]:
    fields = urn[len(prefix) :].split(".")
    if len(fields) != parts or not all(fields[: parts - 1]) or not fields[-1]:
        raise TraceError(E_BAD_EPC, f"{prefix} URN needs {parts} dot-separated fields: {urn}")
    return fields


def _digits_total(cp: str, ref: str, total: int, urn: str) -> None:
    if not (cp + ref).isdigit() or len(cp) + len(ref) != total or not 6 <= len(cp) <= 12:
        raise TraceError(E_BAD_EPC, f"prefix and reference do not make {total} digits: {urn}")


def _gtin_from(cp: str, ref: str, urn: str) -> str:
    _digits_total(cp, ref, 13, urn)
    body = ref[0] + cp + ref[1:]
    return body + check_digit(body)


def parse_epc_urn(urn: str) -> EpcUrn:
    """Parse sgtin, sscc, sgln and lgtin URNs back to GS1 elements (keys get check digits)."""
    if urn.startswith("urn:epc:id:sgtin:"):
        cp, ref, ser = _split(urn, "urn:epc:id:sgtin:", 3)
        gtin = _gtin_from(cp, ref, urn)
        return EpcUrn("sgtin", {"01": gtin, "21": validate_value("21", _unescape(ser))}, cp)
    if urn.startswith("urn:epc:class:lgtin:"):
        cp, ref, lot = _split(urn, "urn:epc:class:lgtin:", 3)
        gtin = _gtin_from(cp, ref, urn)
        return EpcUrn("lgtin", {"01": gtin, "10": validate_value("10", _unescape(lot))}, cp)
    if urn.startswith("urn:epc:id:sscc:"):
        cp, ref = _split(urn, "urn:epc:id:sscc:", 2)
        _digits_total(cp, ref, 17, urn)
        body = ref[0] + cp + ref[1:]
        return EpcUrn("sscc", {"00": body + check_digit(body)}, cp)
    if urn.startswith("urn:epc:id:sgln:"):
        cp, ref, ext = _split(urn, "urn:epc:id:sgln:", 3)
        _digits_total(cp, ref, 12, urn)
        body = cp + ref
        elements = {"414": body + check_digit(body)}
        if ext != "0":
            elements["254"] = validate_value("254", _unescape(ext))
        return EpcUrn("sgln", elements, cp)
    raise TraceError(E_BAD_EPC, f"unsupported EPC URN scheme: {urn[:30]}")
