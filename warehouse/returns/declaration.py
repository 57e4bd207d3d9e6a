"""The customs side of a restock: the CEB625 return request is declared when staff decide to
restock, sent through the customs port after the commit, and customs' CEB626 answer decides:
approved (800) restocks with the refund and the quota, refused (100) keeps the goods out of
the ledger with customs' reason. Receipt 120 only says customs has it.

Return statuses: ``declared`` (waiting for customs) -> ``restocked`` or ``customs_refused``.
``customs_status``: ``declared`` -> ``received`` -> ``approved`` or ``refused``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.customs.port import CustomsPort
from warehouse.customs.returns_port import APPROVED, RECEIVED, REFUSED, ReturnReceipt
from warehouse.customs.signing import Signer
from warehouse.errors import Conflict, NotFound
from warehouse.returns import refund, restock
from warehouse.returns.models import ReturnRequest

DECLARED, CUSTOMS_REFUSED = "declared", "customs_refused"
ANSWERED = {APPROVED: "approved", REFUSED: "refused"}
WAITING = ("declared", "received")


def declare(
    ret: ReturnRequest, order: RetailOrder, manifest: Manifest, signer: Signer, now: datetime
) -> None:
    """Restock decided: the signed CEB625 is stored, to be sent once the decision commits."""
    ret.ceb625_xml = refund.ceb625(ret, order, manifest, signer)
    ret.status, ret.customs_status, ret.declared_at = DECLARED, "declared", now
    ret.ceb625_sent_at, ret.customs_info = None, ""


def send_pending(session: Session, port: CustomsPort, now: datetime, limit: int = 500) -> int:
    """Send the CEB625s declared and not sent yet (after their commit: never before it).
    The caller commits; a send that fails leaves the rest for the next call."""
    pending = list(
        session.scalars(
            select(ReturnRequest)
            .where(
                ReturnRequest.customs_status == "declared", ReturnRequest.ceb625_sent_at.is_(None)
            )
            .order_by(ReturnRequest.id)
            .limit(limit)
        )
    )
    for ret in pending:
        assert ret.ceb625_xml is not None
        port.declare(ret.ceb625_xml)
        ret.ceb625_sent_at = now
        session.flush()
    return len(pending)


def _by_cop_no(session: Session, cop_no: str) -> ReturnRequest:
    found = session.scalar(
        select(ReturnRequest)
        .join(Manifest, Manifest.order_id == ReturnRequest.order_id)
        .where(Manifest.cop_no == cop_no)
        .with_for_update(of=ReturnRequest)
    )
    if found is None:
        raise NotFound("E_UNKNOWN_RETURN", f"No return was declared for manifest {cop_no!r}.")
    return found


def _stale(ret: ReturnRequest, status: str) -> bool:
    """A receipt repeated or overtaken by the final answer: nothing to do."""
    if status == RECEIVED:
        return ret.customs_status != "declared"
    return ret.customs_status == ANSWERED[status]


def apply_answer(
    session: Session, actor: Actor, receipt: ReturnReceipt, now: datetime
) -> ReturnRequest:
    """Apply customs' CEB626 to the return of its manifest (once: repeats change nothing)."""
    ret = _by_cop_no(session, receipt.cop_no)
    if _stale(ret, receipt.status):
        return ret
    if ret.customs_status not in WAITING:
        raise Conflict(
            "E_RECEIPT_OUT_OF_ORDER",
            f"Receipt {receipt.status} does not apply to return {ret.no} "
            f"(customs status {ret.customs_status}).",
            ret=ret.no,
        )
    ret.customs_answered_at = now
    if receipt.status == RECEIVED:
        ret.customs_status = "received"
    elif receipt.status == APPROVED:
        ret.customs_status, ret.customs_info = "approved", receipt.info[:500]
        restock.complete(session, actor, ret, now)
    else:
        ret.customs_status, ret.customs_info = "refused", receipt.info[:500] or "refused"
        ret.status, ret.disposed_at = CUSTOMS_REFUSED, now
    record(
        session,
        actor,
        "return.customs",
        "return",
        ret.no,
        status=receipt.status,
        info=receipt.info,
    )
    return ret
