"""Tax on retail imports: composite CT base, VAT on price + CT, 70% within limits."""

from __future__ import annotations

from decimal import Decimal as D

from warehouse.customs.tax import Goods, Tax, general_trade_tax, order_tax, retail_tax, spread


def test_vat_only_goods_pay_70_percent_of_13_percent() -> None:
    """100 CNY at 13% VAT, no CT: 13 * 0.7 = 9.10; duty 0."""
    assert retail_tax(Goods(D("100"), D("0.13")), D("0.7")) == Tax(D(0), D("0.00"), D("9.10"))


def test_consumption_tax_uses_the_composite_base() -> None:
    """CT = 100/(1-0.15)*0.15 = 17.647 -> 70% = 12.35; VAT = (100+17.647)*0.13*0.7 = 10.71."""
    tax = retail_tax(Goods(D("100"), D("0.13"), D("0.15")), D("0.7"))
    assert tax.consumption == D("12.35") and tax.vat == D("10.71") and tax.duty == 0


def test_general_trade_is_taxed_in_full_with_duty_in_the_bases() -> None:
    """6000 CNY, duty 10%, CT 15%, VAT 13%: duty 600, CT 6600/0.85*0.15, VAT on all three."""
    tax = general_trade_tax(Goods(D("6000"), D("0.13"), D("0.15"), D("0.10")))
    ct = D("6600") / D("0.85") * D("0.15")
    assert tax.duty == D("600.00")
    assert tax.consumption == ct.quantize(D("0.01"))
    assert tax.vat == ((D("6600") + ct) * D("0.13")).quantize(D("0.01"))


def test_freight_is_spread_over_lines_and_sums_exactly() -> None:
    """Freight shares follow line values and add up to the freight to the fen."""
    shares = spread([D("10"), D("20"), D("30")], D("10"))
    assert sum(shares) == D("10") and shares[0] < shares[1] < shares[2]


def test_order_tax_adds_freight_and_takes_discount_from_the_base() -> None:
    """Tax of an order = tax on (goods + freight - discount), line by line."""
    lines = [Goods(D("100"), D("0.13"))]
    with_freight = order_tax(lines, D("10"), D("0"), False, D("0.7"))
    with_discount = order_tax(lines, D("10"), D("10"), False, D("0.7"))
    assert with_freight.vat == D("10.01") and with_discount.vat == D("9.10")
