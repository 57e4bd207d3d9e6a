"""Customs receipts (CEB622) applied to manifests, orders and parcels.

120 accepted; 500 selected for inspection (the parcel is held); 800 released (an inspection
hold is lifted); 100 rejected (reservations given back, the buyer's year uncounted, picked
goods held as ``inspection_failed``); 899 closed (no change). A receipt already applied
changes nothing; one that does not fit the manifest's state is refused. A CEB624 (the answer
to a withdrawal) goes to :mod:`warehouse.customs.cancellation`, a CEB816 (tax) to
:mod:`warehouse.customs.tax_receipts`.

A receipt locks its manifest's row before it reads the status it acts on, as the CEB624 path
does: a release and a withdrawal's approval landing at once are applied one after the other,
and the second finds the first's status (a cancelled manifest is not released:
``E_RECEIPT_OUT_OF_ORDER``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded.holds import Reason
from warehouse.customs import buyers, cancellation, tax_receipts
from warehouse.customs.documents import CancelReceipt, Receipt, TaxReceipt
from warehouse.customs.manifest import OPEN, Manifest, by_cop_no
from warehouse.customs.models import RetailOrder
from warehouse.db import utcnow
from warehouse.errors import Conflict, DomainError
from warehouse.fulfilment.allocation import release_reservations
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.parcels import hold_parcel, release_parcel_holds
from warehouse.sql import one_of

ACCEPTED, INSPECTION, RELEASED, REJECTED, CLOSED = "120", "500", "800", "100", "899"
NEXT = {ACCEPTED: "accepted", INSPECTION: "inspection", RELEASED: "released", REJECTED: "rejected"}
ALLOWED_FROM = {
    ACCEPTED: ("declared",),
    INSPECTION: ("declared", "accepted"),
    RELEASED: OPEN,
    REJECTED: OPEN,
}


def apply_receipt(
    session: Session, actor: Actor, receipt: Receipt | CancelReceipt | TaxReceipt
) -> Manifest:
    if isinstance(receipt, CancelReceipt):
        return cancellation.apply_answer(session, actor, receipt)
    if isinstance(receipt, TaxReceipt):
        return tax_receipts.apply_tax_receipt(session, actor, receipt)
    return _apply(session, actor, receipt, by_cop_no(session, receipt.cop_no, lock=True), None)


def _apply(
    session: Session,
    actor: Actor,
    receipt: Receipt,
    manifest: Manifest,
    parcels: dict[int, Parcel | None] | None,
) -> Manifest:
    """Apply a receipt to its manifest; ``parcels`` (order id -> parcel) when prefetched.

    A prefetched "no parcel" is trusted only for a declared or accepted manifest: a wave may
    open a parcel for an inspection one meanwhile, so that one is read again.
    """
    target = NEXT.get(receipt.status)
    if receipt.status == CLOSED or _stale(manifest.status, receipt.status):
        return manifest
    if target is None or manifest.status not in ALLOWED_FROM[receipt.status]:
        raise Conflict(
            "E_RECEIPT_OUT_OF_ORDER",
            f"Receipt {receipt.status} does not apply to a {manifest.status} manifest.",
            manifest=manifest.cop_no,
        )
    before = manifest.status  # a parcel appears (by a wave) only once this is inspection
    manifest.invt_no = receipt.invt_no or manifest.invt_no
    manifest.status, manifest.last_receipt = NEXT[receipt.status], receipt.status
    order = session.get_one(RetailOrder, manifest.order_id)
    parcel = (
        parcels[order.id]
        if parcels is not None and order.id in parcels and before != "inspection"
        else session.scalar(select(Parcel).where(Parcel.order_id == order.id))
    )
    if receipt.status == INSPECTION and parcel is not None:
        hold_parcel(session, actor, parcel, Reason.CUSTOMS_INSPECTION, receipt.info)
    elif receipt.status == RELEASED:
        manifest.released_at = utcnow()
        if parcel is not None:
            release_parcel_holds(
                session,
                actor,
                parcel,
                frozenset({Reason.CUSTOMS_INSPECTION}),
                "released by customs",
            )
    elif receipt.status == REJECTED:
        _reject(session, actor, order, parcel, receipt.info)
    record(
        session,
        actor,
        "manifest.receipt",
        "manifest",
        manifest.cop_no,
        status=receipt.status,
        invt_no=manifest.invt_no,
        info=receipt.info,
    )
    return manifest


def _stale(current: str, status: str) -> bool:
    """A receipt repeated, or overtaken by a later one: nothing to do."""
    if status == ACCEPTED:
        return current != "declared"
    return current == NEXT.get(status) or (status == RELEASED and current == "written_off")


def _reject(
    session: Session, actor: Actor, order: RetailOrder, parcel: Parcel | None, info: str
) -> None:
    order.status = "cancelled"
    release_reservations(session, order.id)
    if order.year is not None:
        buyers.uncount(session, order.buyer_id_number, order.year, order.value_fen)
    if parcel is not None:
        release_parcel_holds(
            session, actor, parcel, frozenset({Reason.CUSTOMS_INSPECTION}), "inspection failed"
        )
        hold_parcel(session, actor, parcel, Reason.INSPECTION_FAILED, info or "rejected")
        parcel.status = "rejected"


def apply_receipts(
    session: Session, actor: Actor, receipts: list[Receipt]
) -> list[Manifest | DomainError]:
    """A batch of receipts in one transaction; one out of order is refused alone.

    The batch's manifests (locked, in id order), orders and parcels are read in three queries,
    not three per receipt.
    """
    cop_nos = {r.cop_no for r in receipts}
    manifests = {
        m.cop_no: m
        for m in session.scalars(
            select(Manifest)
            .where(one_of(session, Manifest.cop_no, cop_nos))
            .order_by(Manifest.id)
            .with_for_update()
            .execution_options(populate_existing=True)
        )
    }
    ids = [m.order_id for m in manifests.values()]
    orders = list(session.scalars(select(RetailOrder).where(one_of(session, RetailOrder.id, ids))))
    parcels: dict[int, Parcel | None] = {o.id: None for o in orders}
    parcels.update(
        (p.order_id, p)
        for p in session.scalars(select(Parcel).where(one_of(session, Parcel.order_id, ids)))
    )

    results: list[Manifest | DomainError] = []
    for receipt in receipts:
        try:
            results.append(_apply_one(session, actor, receipt, manifests, parcels))
        except DomainError as exc:
            results.append(exc)
    del orders  # held until here so that the identity map keeps them for the batch
    return results


def _apply_one(
    session: Session,
    actor: Actor,
    receipt: Receipt,
    manifests: dict[str, Manifest],
    parcels: dict[int, Parcel | None],
) -> Manifest:
    """One receipt of a batch: in a savepoint when it may touch holds, stock or the buyer's
    year; a receipt that changes only its manifest is refused before it changes anything, so
    it needs none (its UPDATE goes with the batch's others at the flush)."""
    found = manifests.get(receipt.cop_no) or by_cop_no(session, receipt.cop_no)
    if _manifest_only(receipt, found, parcels):
        return _apply(session, actor, receipt, found, parcels)
    with session.begin_nested():
        return _apply(session, actor, receipt, found, parcels)


def _manifest_only(receipt: Receipt, manifest: Manifest, parcels: dict[int, Parcel | None]) -> bool:
    if receipt.status in (ACCEPTED, CLOSED):
        return True
    no_parcel = manifest.order_id in parcels and parcels[manifest.order_id] is None
    return receipt.status == RELEASED and no_parcel and manifest.status != "inspection"
