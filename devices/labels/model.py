"""What a shipping label shows: title lines, a QR (Digital Link), a human-readable id, and
an optional Code 128 / GS1-128 barcode. Renderers: :mod:`.zpl` and :mod:`.png`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from warehouse.trace.digitallink import DEFAULT_DOMAIN, build_digital_link
from warehouse.trace.elementstring import GS, build_element_string, build_hri
from warehouse.trace.keys import validate_sscc

DPI = 203
#: 4 x 6 inch, the common parcel label, at 203 dpi.
DEFAULT_WIDTH, DEFAULT_HEIGHT = 812, 1218


@dataclass(frozen=True)
class Barcode:
    """Code 128 data. For GS1-128, ``data`` is an element string with GS (``\\x1d``) as FNC1
    between elements (no symbology identifier), and ``hri`` the bracketed text."""

    data: str
    gs1: bool = False
    hri: str | None = None


@dataclass(frozen=True)
class Label:
    title_lines: tuple[str, ...]
    qr_data: str | None = None
    human_id: str | None = None
    barcode: Barcode | None = None
    width: int = DEFAULT_WIDTH
    height: int = DEFAULT_HEIGHT


def gs1_barcode(elements: Mapping[str, str]) -> Barcode:
    """A GS1-128 barcode of ``elements`` (validated; HRI in brackets)."""
    data = build_element_string(elements)
    return Barcode(data=data, gs1=True, hri=build_hri(elements))


def sscc_label(
    sscc: str,
    title_lines: Sequence[str],
    *,
    domain: str = DEFAULT_DOMAIN,
    extra: Mapping[str, str] | None = None,
) -> Label:
    """Logistic unit label: QR with the SSCC's Digital Link, GS1-128 (00) barcode.

    ``extra`` elements (e.g. 402 GSIN, 401 GINC, 420 postcode) go into the GS1-128 only; the
    QR keeps the plain SSCC link so every scanner resolves the same URI.
    """
    s = validate_sscc(sscc)
    elements = {"00": s, **(extra or {})}
    return Label(
        title_lines=tuple(title_lines),
        qr_data=build_digital_link({"00": s}, domain=domain),
        human_id=f"(00) {s}",
        barcode=gs1_barcode(elements),
    )


def waybill_label(waybill: str, title_lines: Sequence[str], *, qr_data: str | None = None) -> Label:
    """Carrier label: waybill number in Code 128 and in large type; QR optional."""
    if GS in waybill:
        raise ValueError("waybill numbers cannot contain GS")
    return Label(
        title_lines=tuple(title_lines),
        qr_data=qr_data,
        human_id=waybill,
        barcode=Barcode(data=waybill, gs1=False, hri=waybill),
    )
