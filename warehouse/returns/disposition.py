"""What becomes of a graded return, each with its own record.

- restock: the CEB625 return request is declared to customs (status ``declared``); once
  customs approves it (declaration.apply_answer) the goods go back into bonded stock (a
  storage bin with room, the lot it left with) with a ``return_in`` ledger entry, the tax
  refund record and the buyer's year reduced (restock.complete). Only for eligible goods
  graded resaleable or repack.
- destroy: ``return_in`` then ``destroy`` ledger entries with the evidence (a certificate or
  photos); the stock row is kept as destroyed.
- return_abroad: ``return_in`` then ``transfer_out`` (doc: the export waybill).
- hold_for_seller: kept in the returns area, off the ledger, until one of the above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.bonded import ledger
from warehouse.bonded.ledger import EntryKind
from warehouse.bonded.stock import Stock
from warehouse.customs.manifest import Manifest, manifest_of
from warehouse.customs.models import RetailOrder
from warehouse.customs.signing import NoSigner, Signer
from warehouse.errors import Conflict, Invalid
from warehouse.masterdata.zones import Zone
from warehouse.returns import declaration, events
from warehouse.returns.eligibility import explain
from warehouse.returns.models import ReturnPhoto, ReturnRequest
from warehouse.returns.receiving import RETURNS_AREA
from warehouse.returns.requests import by_no
from warehouse.returns.restock import Goods, free_bin, goods_of

KINDS = ("restock", "destroy", "return_abroad", "hold_for_seller")
OPEN = ("graded", "held_for_seller")
DONE = {
    "restock": "restocked",
    "destroy": "destroyed",
    "return_abroad": "returned_abroad",
    "hold_for_seller": "held_for_seller",
}
RETURNED_ABROAD = "returned_abroad"


@dataclass(frozen=True)
class Decision:
    kind: str
    evidence: dict[str, Any] = field(default_factory=dict)


def _leave(
    session: Session,
    actor: Actor,
    ret: ReturnRequest,
    goods: Goods,
    kind: EntryKind,
    doc: tuple[str, str],
    status: tuple[str, str],
) -> None:
    """Re-entered and at once destroyed or sent back abroad: both ledger entries, and the
    goods kept as a history row of the hold area with their final status."""
    area = free_bin(session, ret.warehouse_id, Zone.HOLD, 0)
    session.add(
        Stock(
            warehouse_id=ret.warehouse_id,
            bin_id=area.id,
            sku_id=goods.sku.id,
            lot=goods.lot,
            expiry=goods.expiry,
            status=status[0],
            customs_status=status[1],
            quantity=goods.qty,
            reserved=0,
        )
    )
    item = ledger.item_for(session, ret.warehouse_id, goods.sku.id)
    ledger.post(session, actor, item.id, EntryKind.RETURN_IN, goods.qty, "return", ret.no)
    ledger.post(session, actor, item.id, kind, -goods.qty, *doc)


def _restock(session: Session, actor: Actor, ret: ReturnRequest, ctx: Context) -> None:
    """Eligible goods are declared to customs (CEB625); they re-enter the ledger only when
    customs approves (declaration.apply_answer)."""
    if ret.reasons or ret.grade not in ("resaleable", "repack"):
        why = explain(ret.reasons, ctx.policy.return_apply_days, ctx.policy.return_arrival_days)
        raise Invalid(
            "E_NOT_ELIGIBLE",
            f"Return {ret.no} may not re-enter bonded stock: {why or 'graded ' + str(ret.grade)}.",
            reasons=ret.reasons,
        )
    declaration.declare(ret, ctx.order, ctx.manifest, ctx.signer, ctx.now)


def _destroy(session: Session, actor: Actor, ret: ReturnRequest, ctx: Context) -> None:
    cert = str(ctx.evidence.get("certificate") or "")
    photos = session.scalar(select(ReturnPhoto.id).where(ReturnPhoto.return_id == ret.id).limit(1))
    if not cert and photos is None:
        raise Invalid("E_NO_EVIDENCE", "Destruction needs a certificate number or a photo.")
    for goods in ctx.goods:
        _leave(
            session,
            actor,
            ret,
            goods,
            EntryKind.DESTROY,
            ("destruction", cert or ret.no),
            ("destroyed", "destroyed"),
        )


def _abroad(session: Session, actor: Actor, ret: ReturnRequest, ctx: Context) -> None:
    waybill = str(ctx.evidence.get("waybill") or "")
    if not waybill:
        raise Invalid("E_NO_WAYBILL", "Returning goods abroad needs the export waybill number.")
    for goods in ctx.goods:
        _leave(
            session,
            actor,
            ret,
            goods,
            EntryKind.TRANSFER_OUT,
            ("return_abroad", waybill),
            ("shipped", RETURNED_ABROAD),
        )


@dataclass(frozen=True)
class Context:
    policy: Policy
    signer: Signer
    order: RetailOrder
    manifest: Manifest
    goods: list[Goods]
    evidence: dict[str, Any]
    now: datetime


ACTIONS = {"restock": _restock, "destroy": _destroy, "return_abroad": _abroad}


def dispose(
    session: Session,
    actor: Actor,
    no: str,
    decision: Decision,
    policy: Policy,
    now: datetime,
    signer: Signer | None = None,
) -> ReturnRequest:
    """Carry out a decision on a graded (or held) return; refused ones change nothing."""
    if decision.kind not in KINDS:
        raise Invalid("E_BAD_DISPOSITION", f"Disposition must be one of {KINDS}.")
    ret = by_no(session, no, lock=True)
    if ret.status in ("requested", "received"):
        raise Conflict("E_NOT_GRADED", f"Return {no} must be received and graded first.")
    if ret.status not in OPEN or (ret.status == "held_for_seller" and decision.kind == ret.status):
        raise Conflict("E_ALREADY_DISPOSED", f"Return {no} is {ret.status} already.")
    order = session.get_one(RetailOrder, ret.order_id)
    manifest = manifest_of(session, order.id)
    assert manifest is not None
    goods = goods_of(session, ret, order)
    evidence = dict(decision.evidence)
    ctx = Context(policy, signer or NoSigner(), order, manifest, goods, evidence, now)
    if decision.kind in ACTIONS:
        ACTIONS[decision.kind](session, actor, ret, ctx)
    ret.disposition = decision.kind
    ret.evidence = {**ret.evidence, decision.kind: evidence}
    if decision.kind != "restock":
        ret.status, ret.disposed_at = DONE[decision.kind], now
        session.flush()
        lines = [(g.sku.id, g.qty) for g in goods]
        events.disposed(session, ret, manifest, RETURNS_AREA, decision.kind, lines)
    record(
        session,
        actor,
        f"return.{decision.kind}",
        "return",
        no,
        units=sum(g.qty for g in goods),
        evidence=decision.evidence,
    )
    return ret
