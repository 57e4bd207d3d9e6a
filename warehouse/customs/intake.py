"""Documents in: the checks a CEB311, 411 or 511 passes before it is kept, and the batch intake.

A platform pushes orders with their payments and waybills in batches. :func:`receive_batch`
checks every order's three documents against the master data (read once for the batch), keeps
the documents in one ``INSERT ... ON CONFLICT DO NOTHING`` and the orders and their lines in
two more statements. An order refused by a check, or one whose documents were received before,
comes back as its ``DomainError`` and leaves nothing behind; the others are kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.customs import received
from warehouse.customs.documents import OrderDoc, PaymentDoc, WaybillDoc
from warehouse.customs.models import CebDocument, RetailOrder, RetailOrderLine
from warehouse.customs.money import to_fen
from warehouse.errors import Conflict, DomainError, Invalid
from warehouse.masterdata import service as md
from warehouse.masterdata.lists import require_retail_allowed
from warehouse.masterdata.models import Sku, Warehouse
from warehouse.sql import insert_unnest

MAX_AMOUNT = Decimal(10_000_000)
Trio = tuple[OrderDoc, PaymentDoc, WaybillDoc]


@dataclass(frozen=True)
class Received:
    """An order taken in with its three documents."""

    order_no: str
    order_id: int


@dataclass(frozen=True)
class _Checked:
    at: int
    trio: Trio
    warehouse: Warehouse
    skus: list[Sku]


def require_amounts(*amounts: Decimal) -> None:
    """Money on a document: not negative, and below 10 million CNY."""
    if any(not Decimal(0) <= a < MAX_AMOUNT for a in amounts):
        raise Invalid("E_BAD_AMOUNT", "Amounts must be between 0 and 10,000,000 CNY.")


def check_order(session: Session, warehouse: str, doc: OrderDoc) -> tuple[Warehouse, list[Sku]]:
    """Everything a CEB311 must pass before it is kept: its warehouse and its lines' SKUs."""
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
    return wh, skus


def order_values(wh: Warehouse, doc: OrderDoc) -> dict[str, Any]:
    """The retail_orders row of a received CEB311."""
    return {
        "order_no": doc.order_no,
        "warehouse_id": wh.id,
        "ebp_code": doc.ebp_code,
        "ebc_code": doc.ebc_code,
        "buyer_name": doc.buyer_name,
        "buyer_id_number": doc.buyer_id_number.upper(),
        "status": "received",
        "goods_fen": to_fen(doc.goods_value),
        "freight_fen": to_fen(doc.freight),
        "discount_fen": to_fen(doc.discount),
    }


def line_values(order_id: int, skus: list[Sku], doc: OrderDoc) -> list[dict[str, Any]]:
    return [
        {
            "order_id": order_id,
            "gnum": ln.gnum,
            "sku_id": sku.id,
            "qty": ln.qty,
            "price_fen": to_fen(ln.price),
        }
        for sku, ln in zip(skus, doc.lines, strict=True)
    ]


def check_payment(session: Session, doc: PaymentDoc) -> None:
    require_amounts(doc.amount_paid)
    md.enterprise(session, doc.pay_code)


def check_waybill(session: Session, doc: WaybillDoc) -> None:
    require_amounts(doc.freight, doc.weight_kg)
    md.enterprise(session, doc.logistics_code)


def receive_batch(
    session: Session, actor: Actor, warehouse: str, trios: Sequence[Trio]
) -> list[Received | DomainError]:
    """A batch of orders, each with its payment and waybill, taken in in one transaction.

    Each order is all or nothing: its three documents and the order are kept together, or
    the order comes back refused (the code of the first check it failed, or
    ``E_DOCUMENT_EXISTS`` when one of its documents was received before).
    """
    answers: dict[int, Received | DomainError] = {}
    checked: list[_Checked] = []
    seen: set[str] = set()
    for at, trio in enumerate(trios):
        try:
            checked.append(_check_trio(session, warehouse, trio, seen, at))
        except DomainError as exc:
            answers[at] = exc
    kept = _store_documents(session, checked, answers)
    answers.update(_add_orders(session, actor, kept))
    return [answers[at] for at in range(len(trios))]


def _check_trio(session: Session, warehouse: str, trio: Trio, seen: set[str], at: int) -> _Checked:
    order, payment, waybill = trio
    wh, skus = check_order(session, warehouse, order)
    check_payment(session, payment)
    check_waybill(session, waybill)
    if payment.order_no != order.order_no or waybill.order_no != order.order_no:
        raise Invalid("E_BAD_ORDER", f"Payment and waybill must name order {order.order_no}.")
    if order.order_no in seen:
        raise _exists("CEB311", order.order_no)
    seen.add(order.order_no)
    return _Checked(at, trio, wh, skus)


def _exists(kind: str, order_no: str) -> Conflict:
    return Conflict("E_DOCUMENT_EXISTS", f"A {kind} for order {order_no} was received already.")


def _store_documents(
    session: Session, checked: list[_Checked], answers: dict[int, Received | DomainError]
) -> list[_Checked]:
    """Keep every checked order's documents; the orders whose three all went in."""
    if not checked:
        return []
    rows = [
        received.row(kind, doc.order_no, sender, doc)
        for c in checked
        for kind, sender, doc in _documents(c.trio)
    ]
    taken = received.store_many(session, rows)
    kept, undo = [], []
    for c in checked:
        no = c.trio[0].order_no
        ids = [taken.get((kind, no)) for kind, _sender, _doc in _documents(c.trio)]
        if all(ids):
            kept.append(c)
            continue
        kind = next(k for (k, _s, _d), i in zip(_documents(c.trio), ids, strict=True) if not i)
        answers[c.at] = _exists(kind, no)
        undo += [i for i in ids if i]
    if undo:
        session.execute(delete(CebDocument).where(CebDocument.id.in_(undo)))
    return kept


def _insert_orders(session: Session, rows: list[dict[str, Any]]) -> list[int]:
    """The orders' ids, in the order of ``rows``."""
    if session.connection().dialect.name == "postgresql":
        found = insert_unnest(session, RetailOrder, rows, ("id", "order_no"))
        ids = {order_no: order_id for order_id, order_no in found}
        return [ids[row["order_no"]] for row in rows]
    statement = insert(RetailOrder).returning(RetailOrder.id, sort_by_parameter_order=True)
    return list(session.scalars(statement, rows).all())


def _documents(trio: Trio) -> list[tuple[str, str, Any]]:
    order, payment, waybill = trio
    return [
        ("CEB311", order.ebc_code, order),
        ("CEB411", payment.pay_code, payment),
        ("CEB511", waybill.logistics_code, waybill),
    ]


def _add_orders(session: Session, actor: Actor, kept: list[_Checked]) -> list[tuple[int, Received]]:
    """The orders in one INSERT (ids returned in order), their lines in one executemany."""
    if not kept:
        return []
    ids = _insert_orders(session, [order_values(c.warehouse, c.trio[0]) for c in kept])
    lines = [v for c, i in zip(kept, ids, strict=True) for v in line_values(i, c.skus, c.trio[0])]
    session.execute(insert(RetailOrderLine), lines)
    for c in kept:
        order, payment, waybill = c.trio
        no = order.order_no
        record(session, actor, "order.receive", "order", no, lines=len(order.lines))
        record(session, actor, "payment.receive", "order", no, pay_code=payment.pay_code)
        record(session, actor, "waybill.receive", "order", no, no=waybill.logistics_no)
    return [(c.at, Received(c.trio[0].order_no, i)) for c, i in zip(kept, ids, strict=True)]
