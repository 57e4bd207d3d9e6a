"""Customs' own tax assessment of a released manifest: the CEB816 tax receipt (电子税单).

Customs computes the tax from the manifest alone, with its own tariff (data: HS prefix ->
consumption tax rate, HS prefix -> reduced VAT rate; VAT 13% otherwise): retail imports within the
limits pay no duty, and consumption tax and VAT at 70% of the statutory amount on the
composite base; the freight is spread over the lines by value; each line's taxes are rounded
to the fen (half up), then summed. Only the standard library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import ROUND_HALF_UP, Decimal

from simulators.receipts import q

FEN = Decimal("0.01")


def _fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Tariff:
    factor: Decimal = Decimal("0.7")
    vat: Decimal = Decimal("0.13")
    consumption: dict[str, Decimal] = field(default_factory=lambda: {"3304": Decimal("0.15")})
    reduced_vat: dict[str, Decimal] = field(
        default_factory=lambda: {"0401": Decimal("0.09"), "0402": Decimal("0.09")}
    )

    def ct_rate(self, gcode: str) -> Decimal:
        return _by_prefix(self.consumption, gcode, Decimal(0))

    def vat_rate(self, gcode: str) -> Decimal:
        """13%, or the reduced 9% of the tariff's goods (milk and dairy, among others)."""
        return _by_prefix(self.reduced_vat, gcode, self.vat)


def _by_prefix(rates: dict[str, Decimal], gcode: str, default: Decimal) -> Decimal:
    found = [p for p in rates if gcode.startswith(p)]
    return rates[max(found, key=len)] if found else default


def assess(manifest_xml: str, tariff: Tariff) -> tuple[Decimal, Decimal, Decimal]:
    """(duty, VAT, consumption tax) customs assesses on a CEB621."""
    body = ET.fromstring(manifest_xml).find(q("Inventory"))
    if body is None:
        raise ValueError("CEB621 without Inventory")
    freight = Decimal(body.findtext(f"{q('InventoryHead')}/{q('freight')}") or "0")
    lines = [
        (Decimal(ln.findtext(q("totalPrice")) or "0"), ln.findtext(q("gcode")) or "")
        for ln in body.findall(q("InventoryList"))
    ]
    vat = ct = Decimal(0)
    for (value, gcode), share in zip(lines, _spread([v for v, _g in lines], freight), strict=True):
        rate = tariff.ct_rate(gcode)
        line_ct = (value + share) / (1 - rate) * rate
        ct += _fen(line_ct * tariff.factor)
        vat += _fen((value + share + line_ct) * tariff.vat_rate(gcode) * tariff.factor)
    return Decimal("0.00"), vat, ct


def _spread(values: list[Decimal], amount: Decimal) -> list[Decimal]:
    total = sum(values, Decimal(0))
    if not values or total == 0:
        return [Decimal(0) for _ in values]
    shares = [_fen(amount * v / total) for v in values[:-1]]
    return [*shares, _fen(amount - sum(shares, Decimal(0)))]


def tax_receipt_xml(manifest_xml: str, invt_no: str, tariff: Tariff) -> str:
    """The CEB816 of a released manifest."""
    head = ET.fromstring(manifest_xml).find(f"{q('Inventory')}/{q('InventoryHead')}")
    if head is None:
        raise ValueError("CEB621 without InventoryHead")
    cop_no, order_no = head.findtext(q("copNo")) or "", head.findtext(q("orderNo")) or ""
    duty, vat, ct = assess(manifest_xml, tariff)
    root = ET.Element(q("CEB816Message"), guid=f"T-{cop_no}", version="1.0")
    rd = ET.SubElement(ET.SubElement(root, q("Tax")), q("TaxHeadRd"))
    for tag, value in (
        ("copNo", cop_no),
        ("invtNo", invt_no),
        ("orderNo", order_no),
        ("taxNo", f"{invt_no}T"),
        ("customsTax", str(duty)),
        ("valueAddedTax", str(vat)),
        ("consumptionTax", str(ct)),
        ("taxTotal", str(duty + vat + ct)),
        ("returnTime", datetime.now(UTC).strftime("%Y%m%d%H%M%S")),
    ):
        ET.SubElement(rd, q(tag)).text = value
    return ET.tostring(root, encoding="unicode")
