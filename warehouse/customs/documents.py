"""The contents of the CEB messages: order (311), payment (411), waybill (511), manifest (621),
manifest receipt (622), manifest cancellation (623) and its receipt (624), return request
(625) and tax receipt (816), as plain immutable data."""

from __future__ import annotations

import dataclasses
import functools
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class OrderLine:
    gnum: int
    item_no: str
    qty: int
    price: Decimal
    item_name: str = ""

    @property
    def total(self) -> Decimal:
        return self.price * self.qty


@dataclass(frozen=True)
class OrderDoc:
    """CEB311: the order, from the e-commerce enterprise or platform."""

    order_no: str
    ebp_code: str
    ebc_code: str
    goods_value: Decimal
    freight: Decimal
    discount: Decimal
    tax_total: Decimal
    actural_paid: Decimal
    buyer_name: str
    buyer_id_number: str
    buyer_telephone: str
    consignee: str
    consignee_address: str
    consignee_telephone: str
    lines: tuple[OrderLine, ...]
    currency: str = "142"


@dataclass(frozen=True)
class PaymentDoc:
    """CEB411: the payment, from the payment enterprise."""

    pay_code: str
    pay_transaction_id: str
    order_no: str
    ebp_code: str
    payer_name: str
    payer_id_number: str
    amount_paid: Decimal
    currency: str = "142"


@dataclass(frozen=True)
class WaybillDoc:
    """CEB511: the waybill, from the logistics enterprise."""

    logistics_code: str
    logistics_no: str
    order_no: str
    consignee: str
    consignee_address: str
    consignee_telephone: str
    freight: Decimal
    weight_kg: Decimal


@dataclass(frozen=True)
class ManifestLine:
    gnum: int
    item_record_no: int
    item_no: str
    gname: str
    gcode: str
    country: str
    qty: int
    unit: str
    price: Decimal
    total_price: Decimal


@dataclass(frozen=True)
class ManifestDoc:
    """CEB621: the import manifest (清单) of one order, under ledger ``ems_no``."""

    cop_no: str
    order_no: str
    ebp_code: str
    ebc_code: str
    logistics_code: str
    logistics_no: str
    ems_no: str
    area_code: str
    customs_code: str
    agent_code: str
    buyer_name: str
    buyer_id_number: str
    buyer_telephone: str
    consignee_address: str
    freight: Decimal
    gross_weight_kg: Decimal
    net_weight_kg: Decimal
    lines: tuple[ManifestLine, ...]
    trade_mode: str = "1210"
    currency: str = "142"
    decl_time: str = ""
    pre_no: str = ""


@dataclass(frozen=True)
class Receipt:
    """CEB622: customs' answer to a manifest (returnStatus: 120, 500, 800, 100, 899...)."""

    cop_no: str
    invt_no: str
    status: str
    info: str = ""
    time: str = ""
    customs_code: str = ""


@dataclass(frozen=True)
class CancelRequest:
    """CEB623: the withdrawal (撤单) of a manifest customs has not released."""

    cop_no: str
    invt_no: str
    order_no: str
    ebc_code: str
    logistics_no: str
    customs_code: str
    buyer_id_number: str
    buyer_name: str
    reason: str
    app_time: str = ""


@dataclass(frozen=True)
class CancelReceipt:
    """CEB624: customs' answer to a cancellation (returnStatus 120 taken, 399 approved, 100
    refused)."""

    cop_no: str
    invt_no: str
    status: str
    info: str = ""
    time: str = ""


@dataclass(frozen=True)
class TaxReceipt:
    """CEB816: the tax customs assessed on a released manifest (yuan, to the fen)."""

    cop_no: str
    invt_no: str
    order_no: str
    tax_no: str
    customs_tax: Decimal
    value_added_tax: Decimal
    consumption_tax: Decimal
    tax_total: Decimal
    return_time: str = ""


@dataclass(frozen=True)
class ReturnRequest:
    """CEB625: a buyer's return of a released manifest's goods."""

    cop_no: str
    invt_no: str
    order_no: str
    ebc_code: str
    logistics_no: str
    buyer_id_number: str
    buyer_name: str
    reason: str
    lines: tuple[tuple[int, int], ...] = field(default_factory=tuple)  # (gnum, qty)


DOCS = {"OrderDoc": OrderDoc, "PaymentDoc": PaymentDoc, "WaybillDoc": WaybillDoc}


def to_json(doc: Any) -> dict[str, Any]:
    """A document as JSON-able data (Decimals as strings)."""
    return _plain(doc)


def _plain(value: Any) -> Any:
    if isinstance(value, str | int):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {name: _plain(getattr(value, name)) for name in _field_names(type(value))}
    return value


@functools.cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A document class's field names (``dataclasses.fields`` is slow to ask per value)."""
    return tuple(f.name for f in dataclasses.fields(cls))


def order_from_json(data: dict[str, Any]) -> OrderDoc:
    lines = tuple(
        OrderLine(
            int(x["gnum"]),
            str(x["item_no"]),
            int(x["qty"]),
            Decimal(str(x["price"])),
            str(x.get("item_name", "")),
        )
        for x in data["lines"]
    )
    return OrderDoc(**_typed(OrderDoc, data), lines=lines)


def payment_from_json(data: dict[str, Any]) -> PaymentDoc:
    return PaymentDoc(**_typed(PaymentDoc, data))


def waybill_from_json(data: dict[str, Any]) -> WaybillDoc:
    return WaybillDoc(**_typed(WaybillDoc, data))


def _typed(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        if f.name == "lines" or f.name not in data:
            continue
        out[f.name] = Decimal(str(data[f.name])) if f.type == "Decimal" else str(data[f.name])
    return out
