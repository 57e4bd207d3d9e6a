"""Scan handler ``lookup``: what is this code, where is it, what is its customs status."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.answers import guarded
from warehouse.bonded.stock import CustomsStatus, Stock
from warehouse.customs.manifest import manifest_of
from warehouse.errors import DomainError, NotFound
from warehouse.fulfilment.parcels import parcel_by_code
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Bin
from warehouse.scanning import Answer, Scan, handles
from warehouse.trace import parse_code


@handles("lookup")
@guarded
def on_lookup(session: Session, scan: Scan) -> Answer:
    for look in (_parcel, _bin, _sku):
        try:
            return look(session, scan.code)
        except DomainError:
            continue
    raise NotFound("E_UNKNOWN_CODE", f"{scan.code!r} is not known here.")


def _parcel(session: Session, code: str) -> Answer:
    parcel = parcel_by_code(session, code)
    manifest = manifest_of(session, parcel.order_id)
    status = manifest.status if manifest else "undeclared"
    return Answer.ok(
        f"Parcel {parcel.code}: {parcel.status}, customs {status}.",
        kind="parcel",
        status=parcel.status,
        customs_status=status,
    )


def _bin(session: Session, code: str) -> Answer:
    bin_ = md.bin_by_code(session, code)
    units = session.scalar(
        select(func.coalesce(func.sum(Stock.quantity), 0)).where(
            Stock.bin_id == bin_.id, Stock.customs_status == CustomsStatus.BONDED.value
        )
    )
    return Answer.ok(
        f"Bin {bin_.code} ({bin_.zone}): {units} of {bin_.capacity} units.",
        kind="bin",
        zone=bin_.zone,
        units=int(units or 0),
    )


def _sku(session: Session, code: str) -> Answer:
    gtin = parse_code(code).gtin or code
    sku = md.sku_by_code(session, gtin)
    rows = session.execute(
        select(Bin.code, func.sum(Stock.quantity))
        .join(Bin, Bin.id == Stock.bin_id)
        .where(
            Stock.sku_id == sku.id,
            Stock.customs_status == CustomsStatus.BONDED.value,
            Stock.quantity > 0,
        )
        .group_by(Bin.code)
        .order_by(Bin.code)
    ).all()
    where = ", ".join(f"{b}: {q}" for b, q in rows) or "none in stock"
    return Answer.ok(
        f"{sku.code} {sku.name} (HS {sku.hs_code}): {where}.",
        kind="sku",
        bins={b: int(q) for b, q in rows},
    )
