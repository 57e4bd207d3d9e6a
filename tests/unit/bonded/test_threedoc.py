"""The three-document check reports every field where order, payment and waybill disagree."""

from __future__ import annotations

import dataclasses
import random
from decimal import Decimal as D

from warehouse.bonded import demo
from warehouse.customs.threedoc import compare


def docs():  # type: ignore[no-untyped-def]
    return demo.make_order(random.Random(5), demo.plan(), 1)


def tax_of(order) -> D:  # type: ignore[no-untyped-def]
    return order.tax_total


def test_consistent_documents_agree() -> None:
    """The generator's documents pass the check with the tax it computed."""
    order, payment, waybill = docs()
    assert compare(order, payment, waybill, tax_of(order), D("0.05")) == []


def test_every_mismatching_field_is_reported() -> None:
    """Payer, amount, consignee and order number all differ: all four are named."""
    order, payment, waybill = docs()
    payment = dataclasses.replace(payment, payer_name="李四", amount_paid=payment.amount_paid + 1)
    waybill = dataclasses.replace(waybill, consignee="王五", order_no="OTHER")
    found = {
        (m.field, m.documents) for m in compare(order, payment, waybill, tax_of(order), D("0.05"))
    }
    assert found == {
        ("payerName", "order/payment"),
        ("amountPaid", "order/payment"),
        ("consignee", "order/waybill"),
        ("orderNo", "order/waybill"),
    }


def test_amounts_agree_within_five_percent() -> None:
    """Paid = goods + freight + tax - discount, within 5%: 4% off passes, 6% off does not."""
    order, payment, waybill = docs()
    paid = order.goods_value + order.freight + order.tax_total
    for factor, ok in ((D("1.04"), True), (D("1.06"), False)):
        changed = dataclasses.replace(order, actural_paid=(paid * factor).quantize(D("0.01")))
        same_payment = dataclasses.replace(payment, amount_paid=changed.actural_paid)
        fields = {
            m.field for m in compare(changed, same_payment, waybill, order.tax_total, D("0.05"))
        }
        assert ("acturalPaid" not in fields) is ok
