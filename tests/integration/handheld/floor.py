"""A receiving dock for handheld tests: the demo warehouse and an entry of SSCC cartons."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import qrcode
from sqlalchemy.orm import Session

from warehouse.bonded import demo
from warehouse.inbound import entries
from warehouse.trace.checkdigit import check_digit

SKU = "SKU-002"
PER_CARTON = 12


@dataclass(frozen=True)
class Dock:
    entry: str
    cartons: list[str]


def sscc(serial: int) -> str:
    body = f"06912345{serial:09d}"
    return body + check_digit(body)


def declare_cartons(session: Session, entry: str, count: int, first: int = 1) -> Dock:
    """An entry declaration of ``count`` cartons of SKU-002, 12 units each (not received)."""
    cartons = [sscc(first + i) for i in range(count)]
    line = entries.NewLine(
        SKU, count * PER_CARTON, "L900", date(2029, 6, 30), [(c, PER_CARTON) for c in cartons]
    )
    entries.declare(
        session, demo.DEMO, entries.NewEntry(entry, demo.WAREHOUSE, demo.OPERATOR, [line])
    )
    return Dock(entry, cartons)


def seed_dock(session: Session, count: int = 3) -> Dock:
    """Demo master data (SKUs, bins, ledger) and an entry of cartons; the caller commits."""
    demo.seed_masterdata(session)
    return declare_cartons(session, "ENT-HH-0001", count)


def qr_png(text: str) -> bytes:
    out = io.BytesIO()
    qrcode.make(text).save(out, format="PNG")
    return out.getvalue()


def blank_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (200, 200), "white").save(out, format="PNG")
    return out.getvalue()
