"""The gate: a packed, released, unheld parcel leaves, and is written off the ledger.

The manifest goes released -> written_off in one conditional UPDATE, so a second write-off
of the same manifest is refused even when two gate scans race.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import batch, ledger
from warehouse.bonded.stock import CustomsStatus, Status, rows_of_parcel
from warehouse.customs.manifest import Manifest, manifest_of, mark_written_off
from warehouse.customs.models import RetailOrder
from warehouse.db import utcnow
from warehouse.errors import Conflict, DomainError
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.parcels import parcel_by_code, parcel_hold


def check_exit(session: Session, parcel: Parcel, manifest: Manifest | None = None) -> str:
    """Why a parcel may not pass the gate, as (code) raised; returns the manifest number."""
    manifest = manifest or manifest_of(session, parcel.order_id)
    if parcel.status == "shipped" or (manifest and manifest.status == "written_off"):
        raise Conflict("E_ALREADY_WRITTEN_OFF", f"Parcel {parcel.code} has left already.")
    hold = parcel_hold(session, parcel)
    if hold is not None:
        raise Conflict(
            "E_CUSTOMS_HOLD",
            f"Parcel {parcel.code} is held ({hold.reason}): it may not leave.",
            reason=hold.reason,
        )
    if manifest is None or manifest.status != "released":
        status = manifest.status if manifest else "undeclared"
        raise Conflict(
            "E_NOT_RELEASED", f"Customs has not released parcel {parcel.code} (manifest {status})."
        )
    if parcel.status != "packed":
        raise Conflict("E_NOT_PACKED", f"Parcel {parcel.code} is {parcel.status}, not packed.")
    return manifest.invt_no or manifest.cop_no


def gate_out(session: Session, actor: Actor, parcel_code: str) -> Parcel:
    parcel = parcel_by_code(session, parcel_code)
    return _gate_out(session, actor, parcel, manifest_of(session, parcel.order_id))


def _gate_out(session: Session, actor: Actor, parcel: Parcel, manifest: Manifest | None) -> Parcel:
    doc_no = check_exit(session, parcel, manifest)
    assert manifest is not None
    mark_written_off(session, manifest.id)
    rows = rows_of_parcel(session, parcel.id)
    if any(r.hold_id is not None for r in rows):
        raise Conflict("E_CUSTOMS_HOLD", f"Goods in parcel {parcel.code} are held.")
    per_sku: Counter[int] = Counter()
    for row in rows:
        per_sku[row.sku_id] += row.quantity
        row.customs_status, row.status = CustomsStatus.WRITTEN_OFF.value, Status.SHIPPED.value
    for sku_id, qty in sorted(per_sku.items()):
        item = ledger.item_for(session, parcel.warehouse_id, sku_id)
        ledger.post(session, actor, item.id, ledger.EntryKind.WRITE_OFF, -qty, "manifest", doc_no)
    parcel.status, parcel.shipped_at = "shipped", utcnow()
    session.get_one(RetailOrder, parcel.order_id).status = "shipped"
    record(
        session,
        actor,
        "parcel.gate",
        "parcel",
        parcel.code,
        manifest=doc_no,
        units=sum(per_sku.values()),
    )
    return parcel


def gate_out_batch(
    session: Session, actor: Actor, parcel_codes: list[str]
) -> list[Parcel | DomainError]:
    """A batch of gate scans (a truck's load) in one transaction; a refused parcel stays.

    Parcels, manifests and orders are read for the whole batch; each parcel's holds and goods
    are read (and its manifest written off conditionally) in its own savepoint, as one scan.
    """
    parcels = {
        p.code: p for p in session.scalars(select(Parcel).where(Parcel.code.in_(set(parcel_codes))))
    }
    ids = [p.order_id for p in parcels.values()]
    manifests = {
        m.order_id: m for m in session.scalars(select(Manifest).where(Manifest.order_id.in_(ids)))
    }
    orders = list(session.scalars(select(RetailOrder).where(RetailOrder.id.in_(ids))))

    def one(s: Session, code: str) -> Parcel:
        parcel = parcels.get(code)
        if parcel is None:  # a waybill or order number: the single scan's look-up
            return gate_out(s, actor, code)
        return _gate_out(s, actor, parcel, manifests.get(parcel.order_id))

    results = batch.each(session, parcel_codes, one)
    del orders  # held until here so that the identity map keeps them for the batch
    return results
