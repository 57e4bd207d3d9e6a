"""The paperwork of a restocked return: the CEB625 return message, the tax refund record and
the buyer's annual total reduced by the returned value (never below zero)."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from warehouse.customs.documents import ReturnRequest as Ceb625
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import BuyerYear, RetailOrder
from warehouse.customs.signing import Signer
from warehouse.customs.xml import to_xml
from warehouse.errors import Conflict
from warehouse.returns.models import ReturnRequest, TaxRefund


def ceb625(ret: ReturnRequest, order: RetailOrder, manifest: Manifest, signer: Signer) -> str:
    doc = Ceb625(
        cop_no=manifest.cop_no,
        invt_no=manifest.invt_no or "",
        order_no=order.order_no,
        ebc_code=order.ebc_code,
        logistics_no=manifest.logistics_no,
        buyer_id_number=order.buyer_id_number,
        buyer_name=order.buyer_name,
        reason=ret.reason or "return",
        lines=tuple((g, q) for g, q in ret.lines),
    )
    return to_xml(doc, signer, guid=f"{ret.no}-625")


def _share(amount: int, ret: ReturnRequest, order: RetailOrder) -> int:
    return amount if ret.value_fen >= order.value_fen else amount * ret.value_fen // order.value_fen


def tax_refund(ret: ReturnRequest, order: RetailOrder) -> TaxRefund:
    """The tax the returned goods bore: the order's tax in the share of their value."""
    duty, ct, vat = (_share(x, ret, order) for x in (order.duty_fen, order.ct_fen, order.vat_fen))
    return TaxRefund(
        return_id=ret.id,
        order_no=order.order_no,
        buyer_id_number=order.buyer_id_number,
        duty_fen=duty,
        ct_fen=ct,
        vat_fen=vat,
        total_fen=duty + ct + vat,
        quota_fen=ret.value_fen,
        year=order.year or ret.released_at.year,
        status="recorded",
    )


def restore_quota(session: Session, id_number: str, year: int, fen: int) -> None:
    """Take ``fen`` off the buyer's year, atomically refusing to go below zero."""
    done = session.execute(
        update(BuyerYear)
        .where(
            BuyerYear.id_number == id_number.upper(),
            BuyerYear.year == year,
            BuyerYear.total_fen >= fen,
        )
        .values(total_fen=BuyerYear.total_fen - fen)
        .execution_options(synchronize_session=False)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise Conflict(
            "E_QUOTA_MISMATCH",
            f"The buyer's {year} total is below the returned value: check the order's history.",
        )
