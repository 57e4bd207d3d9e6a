"""Customs' tax receipt (CEB816, 电子税单) of a released manifest, checked against the order.

Customs assesses the tax itself once it releases a manifest. The receipt is stored against the
manifest and compared, tax by tax and to the fen, with what the order computed at declaration
(duty, VAT, consumption tax and their total). A difference is not an error of the message: it
is flagged (status ``mismatch``, audited with both sets of amounts) for someone to look at. The
same receipt again changes nothing; a different one for the same manifest (a reassessment)
replaces it and is audited.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.customs.documents import TaxReceipt
from warehouse.customs.manifest import Manifest, ManifestTaxReceipt, by_cop_no
from warehouse.customs.models import RetailOrder
from warehouse.customs.money import to_fen
from warehouse.db import utcnow
from warehouse.errors import Conflict

ASSESSED = ("released", "written_off")


def apply_tax_receipt(session: Session, actor: Actor, receipt: TaxReceipt) -> Manifest:
    manifest = by_cop_no(session, receipt.cop_no)
    if manifest.status not in ASSESSED:
        raise Conflict(
            "E_NOT_RELEASED",
            f"Customs assesses tax on release: manifest {manifest.cop_no} is {manifest.status}.",
            manifest=manifest.cop_no,
        )
    amounts = {
        "duty_fen": to_fen(receipt.customs_tax),
        "vat_fen": to_fen(receipt.value_added_tax),
        "ct_fen": to_fen(receipt.consumption_tax),
        "total_fen": to_fen(receipt.tax_total),
    }
    found = session.scalar(
        select(ManifestTaxReceipt)
        .where(ManifestTaxReceipt.manifest_id == manifest.id)
        .with_for_update()
    )
    if found is not None and found.tax_no == receipt.tax_no and _amounts(found) == amounts:
        return manifest
    ours = _computed(session.get_one(RetailOrder, manifest.order_id))
    status = "matched" if ours == amounts else "mismatch"
    if found is None:
        found = ManifestTaxReceipt(manifest_id=manifest.id)
        session.add(found)
    found.tax_no, found.status, found.received_at = receipt.tax_no, status, utcnow()
    found.duty_fen, found.vat_fen = amounts["duty_fen"], amounts["vat_fen"]
    found.ct_fen, found.total_fen = amounts["ct_fen"], amounts["total_fen"]
    record(
        session,
        actor,
        "manifest.tax_receipt",
        "manifest",
        manifest.cop_no,
        tax_no=receipt.tax_no,
        status=status,
        assessed=amounts,
        computed=ours,
    )
    return manifest


def _amounts(found: ManifestTaxReceipt) -> dict[str, int]:
    return {
        "duty_fen": found.duty_fen,
        "vat_fen": found.vat_fen,
        "ct_fen": found.ct_fen,
        "total_fen": found.total_fen,
    }


def _computed(order: RetailOrder) -> dict[str, int]:
    return {
        "duty_fen": order.duty_fen,
        "vat_fen": order.vat_fen,
        "ct_fen": order.ct_fen,
        "total_fen": order.duty_fen + order.vat_fen + order.ct_fen,
    }


def tax_receipt_of(session: Session, manifest_id: int) -> ManifestTaxReceipt | None:
    return session.scalar(
        select(ManifestTaxReceipt).where(ManifestTaxReceipt.manifest_id == manifest_id)
    )
