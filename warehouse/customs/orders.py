"""Use cases of retail orders: the three documents in, then the check and the declaration.

A refused order changes nothing: every check runs before anything is written, and the
annual total and stock reservations are atomic conditional updates inside the transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.customs import buyers, declaring, limits, manifest, received, tax, threedoc
from warehouse.customs.documents import OrderDoc, PaymentDoc, WaybillDoc
from warehouse.customs.documents import order_from_json as _order
from warehouse.customs.documents import payment_from_json as _payment
from warehouse.customs.documents import waybill_from_json as _waybill
from warehouse.customs.identity import IdentityRegistry, name_matches, valid_id_number
from warehouse.customs.intake import (
    check_order,
    check_payment,
    check_waybill,
    line_values,
    order_values,
)
from warehouse.customs.models import CebDocument, RetailOrder, RetailOrderLine
from warehouse.customs.money import rate, to_fen
from warehouse.customs.prefetch import Prefetched
from warehouse.customs.signing import NoSigner, Signer
from warehouse.customs.xml import to_xml
from warehouse.db import utcnow
from warehouse.errors import Conflict, DomainError, Invalid, NotFound
from warehouse.masterdata import service as md
from warehouse.masterdata.lists import require_retail_allowed


@dataclass
class Context:
    """What the declaration needs from outside: the policy figures, a signer, an ID registry."""

    policy: Policy
    signer: Signer = NoSigner()  # noqa: RUF009  (stateless)
    registry: IdentityRegistry | None = None


def order_by_no(session: Session, order_no: str) -> RetailOrder:
    order = session.scalar(select(RetailOrder).where(RetailOrder.order_no == order_no))
    if order is None:
        raise NotFound("E_UNKNOWN_ORDER", f"No order {order_no!r}.")
    return order


def receive_order(session: Session, actor: Actor, warehouse: str, doc: OrderDoc) -> RetailOrder:
    """CEB311 in: the goods must be known SKUs, retail-importable, each line numbered once."""
    wh, skus = check_order(session, warehouse, doc)
    received.store(session, "CEB311", doc.order_no, doc.ebc_code, doc)
    order = RetailOrder(**order_values(wh, doc))
    session.add(order)
    session.flush()
    session.add_all(RetailOrderLine(**values) for values in line_values(order.id, skus, doc))
    record(session, actor, "order.receive", "order", doc.order_no, lines=len(doc.lines))
    return order


def receive_payment(session: Session, actor: Actor, doc: PaymentDoc) -> None:
    check_payment(session, doc)
    received.store(session, "CEB411", doc.order_no, doc.pay_code, doc)
    record(session, actor, "payment.receive", "order", doc.order_no, pay_code=doc.pay_code)


def receive_waybill(session: Session, actor: Actor, doc: WaybillDoc) -> None:
    check_waybill(session, doc)
    received.store(session, "CEB511", doc.order_no, doc.logistics_code, doc)
    record(session, actor, "waybill.receive", "order", doc.order_no, no=doc.logistics_no)


def documents(session: Session, order_no: str) -> tuple[OrderDoc, PaymentDoc, WaybillDoc]:
    found = {
        d.kind: d.payload
        for d in session.scalars(select(CebDocument).where(CebDocument.order_no == order_no))
    }
    return _three(order_no, found)


def _three(
    order_no: str, found: dict[str, dict[str, Any]]
) -> tuple[OrderDoc, PaymentDoc, WaybillDoc]:
    missing = [k for k in ("CEB311", "CEB411", "CEB511") if k not in found]
    if missing:
        raise Invalid(
            "E_DOCUMENT_MISSING",
            f"Order {order_no} still lacks {', '.join(missing)}.",
            missing=missing,
        )
    return _order(found["CEB311"]), _payment(found["CEB411"]), _waybill(found["CEB511"])


def _check_buyer(registry: IdentityRegistry, doc: OrderDoc) -> None:
    if not valid_id_number(doc.buyer_id_number):
        raise Invalid(
            "E_BAD_ID_NUMBER",
            f"ID number {doc.buyer_id_number} fails the GB 11643 checksum or date.",
        )
    if not name_matches(registry, doc.buyer_name, doc.buyer_id_number):
        raise Invalid(
            "E_ID_NAME_MISMATCH",
            f"The buyer's name {doc.buyer_name} does not match ID {doc.buyer_id_number}.",
        )


def _raise_mismatches(found: list[threedoc.Mismatch]) -> None:
    payer = any(m.field in threedoc.PAYER_FIELDS for m in found)
    code = "E_BUYER_NOT_PAYER" if payer else "E_DOCUMENTS_MISMATCH"
    fields = ", ".join(f"{m.field} ({m.documents})" for m in found)
    lead = "The buyer is not the payer. " if payer else ""
    raise Invalid(
        code, f"{lead}The documents disagree on: {fields}.", mismatches=[vars(m) for m in found]
    )


def assess(
    session: Session,
    order: RetailOrder,
    docs: tuple[OrderDoc, PaymentDoc, WaybillDoc],
    ctx: Context,
    known: Prefetched | None = None,
) -> tuple[limits.Treatment, tax.Tax, Decimal]:
    """Run every rule on the order; return its treatment, tax and counted value."""
    doc, payment, waybill = docs
    md.enterprise(session, payment.pay_code)
    md.enterprise(session, waybill.logistics_code)
    _check_buyer(ctx.registry or known or buyers.DbIdentityRegistry(session), doc)
    lists = md.list_entries(session)
    goods = []
    for line in order.lines:
        sku = md.sku(session, line.sku_id)
        require_retail_allowed(sku.hs_code, lists)
        value = Decimal(line.price_fen * line.qty) / 100
        goods.append(tax.Goods(value, rate(sku.vat_bp), rate(sku.ct_bp), rate(sku.duty_bp)))
    value = doc.goods_value + doc.freight - doc.discount
    units = sum(ln.qty for ln in order.lines)
    policy = ctx.policy
    caps = limits.Limits(
        Decimal(str(policy.single_limit_cny)), Decimal(str(policy.annual_limit_cny))
    )
    year_total = (
        known.year_total(doc.buyer_id_number)
        if known is not None
        else buyers.year_total(session, doc.buyer_id_number, utcnow().year)
    )
    treatment = limits.treatment(value, units, year_total, caps)
    general = treatment is limits.Treatment.GENERAL
    owed = tax.order_tax(
        goods, doc.freight, doc.discount, general, Decimal(str(policy.retail_tax_factor))
    )
    found = threedoc.compare(
        doc, payment, waybill, owed.total, Decimal(str(policy.amount_tolerance))
    )
    if found:
        _raise_mismatches(found)
    return treatment, owed, value


def declare(session: Session, actor: Actor, order_no: str, ctx: Context) -> manifest.Manifest:
    """Check the order and declare its manifest; stock is reserved for it in the same step."""
    found = declare_batch(session, actor, [order_no], ctx)[0]
    if isinstance(found, DomainError):
        raise found
    return found


def declare_batch(
    session: Session, actor: Actor, order_nos: list[str], ctx: Context
) -> list[manifest.Manifest | DomainError]:
    """Declare a batch of orders in one transaction; each refusal changes nothing of its own.

    The batch's orders, documents, buyers and free stock are read (and locked) once, up
    front; the accepted orders' writes go together at the end (:mod:`.declaring`).
    """
    known = Prefetched.load(session, order_nos, utcnow().year)
    writes = declaring.Writes()
    results: list[manifest.Manifest | DomainError] = []
    for no in order_nos:
        try:
            results.append(_declare_one(session, actor, no, ctx, known, writes))
        except DomainError as exc:
            results.append(exc)
    writes.flush(session)
    return results


def _declare_one(
    session: Session,
    actor: Actor,
    order_no: str,
    ctx: Context,
    known: Prefetched,
    writes: declaring.Writes,
) -> manifest.Manifest:
    """Every check first, then the order's share of the batch's writes (nothing on refusal)."""
    order = known.order(order_no)
    if order.status != "received":
        raise Conflict("E_ALREADY_DECLARED", f"Order {order_no} is {order.status} already.")
    docs = _three(order_no, known.documents.get(order_no, {}))
    treatment, owed, value = assess(session, order, docs, ctx, known)
    fen = to_fen(value)
    known.within_limit(
        order.buyer_id_number, fen, to_fen(Decimal(str(ctx.policy.annual_limit_cny)))
    )
    takes = declaring.plan(session, known, writes, order)
    wh = md.warehouse(session, order.warehouse_id)
    agent = md.enterprise_by_id(session, wh.operator_id).code
    content = manifest.build(session, order, docs[0], docs[2], agent)
    found = manifest.Manifest(
        order_id=order.id,
        cop_no=content.cop_no,
        ems_no=content.ems_no,
        area_code=content.area_code,
        ebc_code=order.ebc_code,
        logistics_no=content.logistics_no,
        status="declared",
        xml=to_xml(content, ctx.signer),
        declared_at=utcnow(),
    )
    declaring.reserve(writes, order, takes)
    session.add(found)
    order.status, order.treatment, order.year = "declared", treatment.value, known.year
    order.value_fen, order.declared_at = fen, utcnow()
    order.duty_fen, order.ct_fen, order.vat_fen = (
        to_fen(owed.duty),
        to_fen(owed.consumption),
        to_fen(owed.vat),
    )
    known.counted(order)
    writes.counted[(order.buyer_id_number.upper(), known.year)] += fen
    record(
        session,
        actor,
        "order.declare",
        "order",
        order_no,
        treatment=treatment.value,
        tax=str(owed.total),
        manifest=found.cop_no,
    )
    return found
