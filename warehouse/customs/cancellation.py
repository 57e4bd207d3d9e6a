"""Withdrawing a declared manifest (撤单): the CEB623 request and customs' CEB624 answer.

A supervisor may withdraw a manifest customs has taken (accepted, 120) or selected for
inspection (500), before or after a wave took the order to the floor. A released or
written-off manifest cannot be withdrawn here (the goods are customs-cleared: that is a return,
CEB625); a rejected one needs no withdrawal (the rejection released everything already).

The request is signed like the CEB621 and sent after commit by the outbox; the order waits in
``cancel_requested`` (no wave takes it). Customs answers 120 (taken: nothing changes), 399
(approved: reservations given back, open pick tasks cancelled, goods already picked put back on
a shelf with the parcel's holds released (parcel ``withdrawn``), the buyer's year uncounted,
the manifest ``cancelled``) or 100 (refused: the order is ``declared`` again, or ``picking``
when a wave had opened its parcel). An answer repeated or overtaken changes nothing.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.customs import buyers, xml
from warehouse.customs.documents import CancelReceipt, CancelRequest
from warehouse.customs.manifest import OPEN, Manifest, ManifestCancellation, by_cop_no
from warehouse.customs.models import RetailOrder
from warehouse.customs.signing import Signer
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.fulfilment.allocation import release_reservations
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.putback import put_back
from warehouse.masterdata.models import Warehouse

TAKEN, APPROVED, REFUSED = "120", "399", "100"
WITHDRAWABLE = ("accepted", "inspection")
#: Order statuses a withdrawal may start from: declared, or taken by a wave.
ON_HAND = ("declared", "picking")


def request_cancellation(
    session: Session, actor: Actor, order_no: str, reason: str, signer: Signer
) -> ManifestCancellation:
    """Declare the withdrawal of an order's manifest; refused with a stable code otherwise."""
    order = session.scalar(
        select(RetailOrder).where(RetailOrder.order_no == order_no).with_for_update()
    )
    if order is None:
        raise NotFound("E_UNKNOWN_ORDER", f"No order {order_no!r}.")
    manifest = session.scalar(select(Manifest).where(Manifest.order_id == order.id))
    _check(order, manifest)
    assert manifest is not None
    message = xml.to_xml(_document(session, order, manifest, reason), signer)
    found = session.scalar(
        select(ManifestCancellation).where(ManifestCancellation.manifest_id == manifest.id)
    )
    if found is None:
        found = ManifestCancellation(manifest_id=manifest.id, reason=reason, xml=message)
        session.add(found)
    else:
        found.reason, found.xml, found.status, found.info = reason, message, "requested", ""
        found.requested_at, found.sent_at, found.answered_at = utcnow(), None, None
    order.status = "cancel_requested"
    record(
        session,
        actor,
        "manifest.cancel_requested",
        "manifest",
        manifest.cop_no,
        order=order.order_no,
        invt_no=manifest.invt_no,
        reason=reason,
    )
    session.flush()
    return found


def _check(order: RetailOrder, manifest: Manifest | None) -> None:
    if manifest is None:
        raise Conflict("E_NOT_DECLARED", f"Order {order.order_no} has no manifest to withdraw.")
    if manifest.status in ("released", "written_off"):
        raise Conflict(
            "E_ALREADY_RELEASED",
            f"Customs has released manifest {manifest.cop_no}: ask for a return instead.",
            manifest=manifest.cop_no,
        )
    if manifest.status in ("rejected", "cancelled") or order.status == "cancelled":
        raise Conflict("E_ALREADY_CANCELLED", f"Order {order.order_no} is cancelled already.")
    if order.status == "cancel_requested":
        raise Conflict(
            "E_CANCEL_PENDING", f"The withdrawal of {manifest.cop_no} awaits customs' answer."
        )
    if manifest.status not in WITHDRAWABLE:
        raise Conflict(
            "E_NOT_YET_ACCEPTED",
            f"Customs has not numbered manifest {manifest.cop_no} yet: withdraw it after its 120.",
        )
    if order.status not in ON_HAND:
        raise Conflict(
            "E_NOT_WITHDRAWABLE", f"Order {order.order_no} is {order.status}: nothing to withdraw."
        )


def _document(
    session: Session, order: RetailOrder, manifest: Manifest, reason: str
) -> CancelRequest:
    return CancelRequest(
        cop_no=manifest.cop_no,
        invt_no=manifest.invt_no or "",
        order_no=order.order_no,
        ebc_code=manifest.ebc_code,
        logistics_no=manifest.logistics_no,
        customs_code=session.get_one(Warehouse, order.warehouse_id).customs_code,
        buyer_id_number=order.buyer_id_number,
        buyer_name=order.buyer_name,
        reason=reason,
        app_time=utcnow().strftime("%Y%m%d%H%M%S"),
    )


def apply_answer(session: Session, actor: Actor, receipt: CancelReceipt) -> Manifest:
    """Apply customs' CEB624 to the withdrawal it answers.

    The manifest's row is locked first, as a CEB622 receipt locks it, so that an approval and
    a release landing at once are applied one after the other: an approval that finds the
    manifest released is refused (``E_RECEIPT_OUT_OF_ORDER``) and gives nothing back. Then the
    withdrawal's row: of two copies of one answer, the second finds it answered."""
    manifest = by_cop_no(session, receipt.cop_no, lock=True)
    found = session.scalar(
        select(ManifestCancellation)
        .where(ManifestCancellation.manifest_id == manifest.id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if found is None:
        raise Conflict("E_NO_CANCELLATION", f"Manifest {manifest.cop_no} was not withdrawn.")
    if receipt.status not in (TAKEN, APPROVED, REFUSED):
        raise Invalid("E_BAD_MESSAGE", f"CEB624 status {receipt.status} is not one this takes.")
    if receipt.status == TAKEN or found.status != "requested":
        return manifest
    order = session.get_one(RetailOrder, manifest.order_id, with_for_update=True)
    parcel = session.scalar(select(Parcel).where(Parcel.order_id == order.id))
    if receipt.status == APPROVED:
        _approve(session, actor, order, manifest, parcel)
    elif order.status == "cancel_requested":
        order.status = "declared" if parcel is None else "picking"
    found.status = "approved" if receipt.status == APPROVED else "refused"
    found.info, found.answered_at = receipt.info, utcnow()
    record(
        session,
        actor,
        "manifest.cancel_receipt",
        "manifest",
        manifest.cop_no,
        status=receipt.status,
        outcome=found.status,
        manifest_status=manifest.status,
        order_status=order.status,
        info=receipt.info,
    )
    return manifest


def _approve(
    session: Session, actor: Actor, order: RetailOrder, manifest: Manifest, parcel: Parcel | None
) -> None:
    """Give back what the order held, unless customs' own answer settled it meanwhile."""
    if manifest.status not in OPEN:
        if manifest.status == "rejected":
            return
        raise Conflict(
            "E_RECEIPT_OUT_OF_ORDER",
            f"A withdrawal cannot be approved for a {manifest.status} manifest.",
            manifest=manifest.cop_no,
        )
    manifest.status, manifest.last_receipt = "cancelled", APPROVED
    order.status = "cancelled"
    release_reservations(session, order.id)
    if parcel is not None:
        _withdraw_parcel(session, actor, parcel)
    if order.year is not None:
        buyers.uncount(session, order.buyer_id_number, order.year, order.value_fen)


def _withdraw_parcel(session: Session, actor: Actor, parcel: Parcel) -> None:
    """The goods picked for a withdrawn order go back on a shelf."""
    lines = put_back(session, actor, parcel, "withdrawn")
    parcel.status = "withdrawn"
    record(
        session,
        actor,
        "parcel.withdrawn",
        "parcel",
        parcel.code,
        lines=[[ln.sku, ln.lot, ln.quantity, ln.bin] for ln in lines],
    )
