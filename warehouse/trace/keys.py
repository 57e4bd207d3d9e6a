"""GS1 keys with a check digit: GTIN (8/12/13/14), SSCC, GLN, GSIN, and plain EAN/UPC."""

from __future__ import annotations

from warehouse.trace.checkdigit import require_check_digit
from warehouse.trace.errors import E_BAD_CHARSET, E_BAD_LENGTH, TraceError

GTIN_LENGTHS = (8, 12, 13, 14)


def _digits(value: str, what: str) -> str:
    if not (value.isascii() and value.isdigit()):
        raise TraceError(E_BAD_CHARSET, f"{what} must be digits only, got {value!r}")
    return value


def _fixed(value: str, length: int, what: str) -> str:
    _digits(value, what)
    if len(value) != length:
        raise TraceError(E_BAD_LENGTH, f"{what} needs {length} digits, got {len(value)}")
    require_check_digit(value, what)
    return value


def normalise_gtin(value: str) -> str:
    """Validate a GTIN-8, -12, -13 or -14 and return it as 14 digits (left zero padded).

    The check digit is position independent from the right, so padding keeps it valid.
    """
    _digits(value, "GTIN")
    if len(value) not in GTIN_LENGTHS:
        raise TraceError(E_BAD_LENGTH, f"GTIN needs 8, 12, 13 or 14 digits, got {len(value)}")
    require_check_digit(value, "GTIN")
    return value.zfill(14)


def shortest_gtin(gtin14: str) -> str:
    """The GTIN-14 written in its native length (GTIN-8, -12 or -13) where leading zeros allow.

    A GTIN-14 with leading zeros is ambiguous between GTIN-8 and GTIN-12 (00000012345670 could
    be either); the shorter reading wins, which is what a person printing EAN-8 expects.
    """
    value = normalise_gtin(gtin14)
    for length in (8, 12, 13):
        if value[: 14 - length] == "0" * (14 - length):
            return value[14 - length :]
    return value


def validate_sscc(value: str) -> str:
    """Validate an 18-digit SSCC (extension digit, company prefix, serial, check digit)."""
    return _fixed(value, 18, "SSCC")


def validate_gln(value: str) -> str:
    """Validate a 13-digit GLN."""
    return _fixed(value, 13, "GLN")


def validate_gsin(value: str) -> str:
    """Validate a 17-digit GSIN (GS1 Shipment Identification Number, AI 402)."""
    return _fixed(value, 17, "GSIN")


def validate_ean13(value: str) -> str:
    """Validate a plain EAN-13 as printed on a retail product."""
    return _fixed(value, 13, "EAN-13")


def validate_upca(value: str) -> str:
    """Validate a plain UPC-A (12 digits)."""
    return _fixed(value, 12, "UPC-A")


def validate_ean8(value: str) -> str:
    """Validate a plain EAN-8."""
    return _fixed(value, 8, "EAN-8")
