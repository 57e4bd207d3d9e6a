"""Which sold parcel a scanned label names: a waybill, the order number, an SSCC or its
GS1 Digital Link (``.../00/<sscc>``), whose SSCC some carriers use as the waybill."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from warehouse.customs.manifest import Manifest, manifest_of
from warehouse.customs.models import RetailOrder
from warehouse.errors import Conflict, DomainError, NotFound
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.parcels import parcel_by_code
from warehouse.trace import parse_code
from warehouse.trace.errors import TraceError
from warehouse.trace.resolver import sscc_link

PARCEL_URN = "urn:silkhub:parcel:"
LINK_BASE = "https://id.silkhub.example"


@dataclass(frozen=True)
class Sold:
    parcel: Parcel
    order: RetailOrder
    manifest: Manifest
    epc: str


def _candidates(code: str) -> tuple[list[str], str | None]:
    """Codes to look parcels up by, and the SSCC when the label carries one."""
    try:
        parsed = parse_code(code)
    except TraceError:
        return [code.strip()], None
    if parsed.sscc:
        return [parsed.sscc, code.strip()], parsed.sscc
    if parsed.gtin:
        raise NotFound(
            "E_UNKNOWN_PARCEL", "That is a product code: scan the parcel's label or waybill."
        )
    return [parsed.text], None


def find_sold(session: Session, code: str) -> Sold:
    """The parcel, its order and its released manifest; refused unless it left the zone."""
    keys, sscc = _candidates(code)
    parcel = None
    for key in keys:
        try:
            parcel = parcel_by_code(session, key)
            break
        except DomainError:
            continue
    if parcel is None:
        raise NotFound("E_UNKNOWN_PARCEL", f"{code[:80]!r} is no parcel sold from here.")
    manifest = manifest_of(session, parcel.order_id)
    if parcel.status != "shipped" or manifest is None or manifest.released_at is None:
        raise Conflict(
            "E_NOT_SHIPPED",
            f"Parcel {parcel.code} never left through the gate: it is no return.",
            parcel_status=parcel.status,
        )
    order = session.get_one(RetailOrder, parcel.order_id)
    epc = sscc_link(LINK_BASE, sscc) if sscc else PARCEL_URN + parcel.code
    return Sold(parcel, order, manifest, epc)
