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
from warehouse.bonded import batch
from warehouse.customs import buyers, limits, manifest, received, tax, threedoc
from warehouse.customs.documents import OrderDoc, PaymentDoc, WaybillDoc
from warehouse.customs.documents import order_from_json as _order
from warehouse.customs.documents import payment_from_json as _payment
from warehouse.customs.documents import waybill_from_json as _waybill
from warehouse.customs.identity import IdentityRegistry, name_matches, valid_id_number
from warehouse.customs.models import CebDocument, RetailOrder, RetailOrderLine
from warehouse.customs.money import rate, to_fen
from warehouse.customs.prefetch import Prefetched
from warehouse.customs.signing import NoSigner, Signer
from warehouse.customs.xml import to_xml
from warehouse.db import utcnow
from warehouse.errors import Conflict, DomainError, Invalid, NotFound
from warehouse.fulfilment.allocation import allocate
from warehouse.masterdata import service as md
from warehouse.masterdata.lists import require_retail_allowed
from warehouse.masterdata.models import Warehouse

MAX_AMOUNT = Decimal(10_000_000)


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


def require_amounts(*amounts: Decimal) -> None:
    """Money on a document: not negative, and below 10 million CNY."""
    if any(not Decimal(0) <= a < MAX_AMOUNT for a in amounts):
        raise Invalid("E_BAD_AMOUNT", "Amounts must be between 0 and 10,000,000 CNY.")


def receive_order(session: Session, actor: Actor, warehouse: str, doc: OrderDoc) -> RetailOrder:
    """CEB311 in: the goods must be known SKUs, retail-importable, each line numbered once."""
    require_amounts(
        doc.goods_value,
        doc.freight,
        doc.discount,
        doc.tax_total,
        doc.actural_paid,
        *(ln.price * ln.qty for ln in doc.lines),
    )
    wh = md.warehouse(session, warehouse)
    md.enterprise(session, doc.ebp_code)
    md.enterprise(session, doc.ebc_code)
    if not doc.lines or len({ln.gnum for ln in doc.lines}) != len(doc.lines):
        raise Invalid("E_BAD_ORDER", "An order needs lines, each with its own gnum.")
    lists = md.list_entries(session)
    skus = [md.sku_by_code(session, ln.item_no) for ln in doc.lines]
    for sku, line in zip(skus, doc.lines, strict=True):
        require_retail_allowed(sku.hs_code, lists)
        if line.qty <= 0 or line.price <= 0:
            raise Invalid("E_BAD_ORDER", f"Line {line.gnum}: quantity and price must be positive.")
    received.store(session, "CEB311", doc.order_no, doc.ebc_code, doc)
    order = RetailOrder(
        order_no=doc.order_no,
        warehouse_id=wh.id,
        ebp_code=doc.ebp_code,
        ebc_code=doc.ebc_code,
        buyer_name=doc.buyer_name,
        buyer_id_number=doc.buyer_id_number.upper(),
        status="received",
        goods_fen=to_fen(doc.goods_value),
        freight_fen=to_fen(doc.freight),
        discount_fen=to_fen(doc.discount),
    )
    session.add(order)
    session.flush()
    session.add_all(
        RetailOrderLine(
            order_id=order.id, gnum=ln.gnum, sku_id=sku.id, qty=ln.qty, price_fen=to_fen(ln.price)
        )
        for sku, ln in zip(skus, doc.lines, strict=True)
    )
    record(session, actor, "order.receive", "order", doc.order_no, lines=len(doc.lines))
    return order


def receive_payment(session: Session, actor: Actor, doc: PaymentDoc) -> None:
    require_amounts(doc.amount_paid)
    md.enterprise(session, doc.pay_code)
    received.store(session, "CEB411", doc.order_no, doc.pay_code, doc)
    record(session, actor, "payment.receive", "order", doc.order_no, pay_code=doc.pay_code)


def receive_waybill(session: Session, actor: Actor, doc: WaybillDoc) -> None:
    require_amounts(doc.freight, doc.weight_kg)
    md.enterprise(session, doc.logistics_code)
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


def declare(
    session: Session,
    actor: Actor,
    order_no: str,
    ctx: Context,
    known: Prefetched | None = None,
) -> manifest.Manifest:
    """Check the order and declare its manifest; stock is reserved for it in the same step.

    ``known``: what a batch read for all its orders (:mod:`warehouse.customs.prefetch`).
    """
    year = utcnow().year
    known = known or Prefetched.load(session, [order_no], year)
    order = known.order(order_no)
    if order.status != "received":
        raise Conflict("E_ALREADY_DECLARED", f"Order {order_no} is {order.status} already.")
    docs = _three(order_no, known.documents.get(order_no, {}))
    treatment, owed, value = assess(session, order, docs, ctx, known)
    limit_fen = to_fen(Decimal(str(ctx.policy.annual_limit_cny)))
    buyer = order.buyer_id_number
    buyers.count(session, buyer, year, to_fen(value), limit_fen, known.has_year(buyer))
    with session.no_autoflush:  # the order's pick tasks go in one INSERT
        for line in order.lines:
            sku = md.sku(session, line.sku_id)
            hint = known.free.get((order.warehouse_id, sku.id))
            allocate(session, order.id, order.warehouse_id, sku.id, line.qty, sku.code, hint)
    wh = session.get_one(Warehouse, order.warehouse_id)
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
    session.add(found)
    order.status, order.treatment, order.year = "declared", treatment.value, year
    order.value_fen, order.declared_at = to_fen(value), utcnow()
    order.duty_fen, order.ct_fen, order.vat_fen = (
        to_fen(owed.duty),
        to_fen(owed.consumption),
        to_fen(owed.vat),
    )
    session.flush()
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


def declare_batch(
    session: Session, actor: Actor, order_nos: list[str], ctx: Context
) -> list[manifest.Manifest | DomainError]:
    """Declare a batch of orders in one transaction; each refusal changes nothing of its own.

    The batch's orders, lines, documents, buyers and free stock are read once, up front.
    """
    known = Prefetched.load(session, order_nos, utcnow().year)

    def one(s: Session, no: str) -> manifest.Manifest:
        found = declare(s, actor=actor, order_no=no, ctx=ctx, known=known)
        known.counted(known.order(no))
        return found

    return batch.each(session, order_nos, one)
