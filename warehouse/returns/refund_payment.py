"""The tax refund of a restocked return is recorded on customs' approval and paid later; its
clock (Policy.return_refund_days from the record) stops when the payment is recorded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, NotFound
from warehouse.returns.models import TaxRefund
from warehouse.returns.requests import by_no

RECORDED, PAID = "recorded", "paid"


def mark_paid(session: Session, actor: Actor, no: str, reference: str, now: datetime) -> TaxRefund:
    ret = by_no(session, no, lock=True)
    found = session.scalar(select(TaxRefund).where(TaxRefund.return_id == ret.id))
    if found is None:
        raise NotFound("E_NO_REFUND", f"Return {ret.no} has no tax refund (not restocked).")
    if found.status == PAID:
        raise Conflict("E_REFUND_PAID", f"The refund of {ret.no} was paid on {found.paid_at}.")
    found.status, found.paid_at, found.payment_ref = PAID, now, reference[:64]
    record(session, actor, "return.refund_paid", "return", ret.no, reference=reference[:64])
    return found
