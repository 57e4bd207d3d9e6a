"""The three-document check (三单对碰): order, payment and waybill must agree (pure rules).

Every mismatching field is reported, not only the first one.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from warehouse.customs.documents import OrderDoc, PaymentDoc, WaybillDoc

PAYER_FIELDS = frozenset({"payerName", "payerIdNumber"})


@dataclass(frozen=True)
class Mismatch:
    field: str
    documents: str
    expected: str
    actual: str


def within(actual: Decimal, expected: Decimal, tolerance: Decimal) -> bool:
    return abs(actual - expected) <= abs(expected) * tolerance


def compare(
    order: OrderDoc, payment: PaymentDoc, waybill: WaybillDoc, tax: Decimal, tolerance: Decimal
) -> list[Mismatch]:
    """All disagreements; ``tax`` is the tax the rules give for this order."""
    found: list[Mismatch] = []

    def same(field: str, docs: str, expected: object, actual: object) -> None:
        if str(expected).strip() != str(actual).strip():
            found.append(Mismatch(field, docs, str(expected), str(actual)))

    def near(field: str, docs: str, expected: Decimal, actual: Decimal, tol: Decimal) -> None:
        if not within(actual, expected, tol):
            found.append(Mismatch(field, docs, str(expected), str(actual)))

    same("orderNo", "order/payment", order.order_no, payment.order_no)
    same("orderNo", "order/waybill", order.order_no, waybill.order_no)
    same("ebpCode", "order/payment", order.ebp_code, payment.ebp_code)
    same("payerName", "order/payment", order.buyer_name, payment.payer_name)
    same(
        "payerIdNumber",
        "order/payment",
        order.buyer_id_number.upper(),
        payment.payer_id_number.upper(),
    )
    near("amountPaid", "order/payment", order.actural_paid, payment.amount_paid, Decimal(0))
    same("consignee", "order/waybill", order.consignee, waybill.consignee)
    same("consigneeAddress", "order/waybill", order.consignee_address, waybill.consignee_address)
    same(
        "consigneeTelephone",
        "order/waybill",
        order.consignee_telephone,
        waybill.consignee_telephone,
    )
    near("freight", "order/waybill", order.freight, waybill.freight, tolerance)
    near(
        "goodsValue",
        "order",
        sum((ln.total for ln in order.lines), Decimal(0)),
        order.goods_value,
        Decimal(0),
    )
    near("taxTotal", "order/rules", tax, order.tax_total, tolerance)
    paid = order.goods_value + order.freight + tax - order.discount
    near("acturalPaid", "order/rules", paid, order.actural_paid, tolerance)
    return found
