"""Tax on cross-border retail imports (pure rules).

Within the limits: customs duty 0; consumption tax and import VAT at ``factor`` (70%) of the
statutory amount, with the composite base: CT = price / (1 - ct) * ct, VAT = (price + CT) * vat.
General trade (a single indivisible item over the single limit): full duty, CT and VAT, with
duty in both bases. Each line's taxes are rounded to the fen, then summed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from warehouse.customs.money import cny

ZERO = Decimal(0)


@dataclass(frozen=True)
class Goods:
    """One order line's dutiable value and its rates (fractions: 0.13 for 13%)."""

    value: Decimal
    vat: Decimal
    ct: Decimal = ZERO
    duty: Decimal = ZERO


@dataclass(frozen=True)
class Tax:
    duty: Decimal = ZERO
    consumption: Decimal = ZERO
    vat: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.duty + self.consumption + self.vat

    def __add__(self, other: Tax) -> Tax:
        return Tax(
            self.duty + other.duty, self.consumption + other.consumption, self.vat + other.vat
        )


def retail_tax(goods: Goods, factor: Decimal) -> Tax:
    ct = goods.value / (1 - goods.ct) * goods.ct
    vat = (goods.value + ct) * goods.vat
    return Tax(ZERO, cny(ct * factor), cny(vat * factor))


def general_trade_tax(goods: Goods) -> Tax:
    duty = goods.value * goods.duty
    ct = (goods.value + duty) / (1 - goods.ct) * goods.ct
    vat = (goods.value + duty + ct) * goods.vat
    return Tax(cny(duty), cny(ct), cny(vat))


def spread(lines: Sequence[Decimal], amount: Decimal) -> list[Decimal]:
    """Share ``amount`` over lines in proportion to their values, to the fen, summing exactly."""
    total = sum(lines, ZERO)
    if not lines or total == 0:
        return [ZERO for _ in lines]
    shares = [cny(amount * v / total) for v in lines[:-1]]
    return [*shares, cny(amount - sum(shares, ZERO))]


def transaction_values(values: Sequence[Decimal], discount: Decimal) -> list[Decimal]:
    """Each line's value less its share of the order's discount: the actual transaction price,
    declared as the line's ``totalPrice`` on the manifest and taxed."""
    return [v - d for v, d in zip(values, spread(values, discount), strict=True)]


def order_tax(
    lines: Sequence[Goods], freight: Decimal, discount: Decimal, general: bool, factor: Decimal
) -> Tax:
    """Tax of an order, line by line: the line's transaction value (``transaction_values``) plus
    its share of the freight, spread over those values as customs spreads it over the
    manifest's lines."""
    values = transaction_values([g.value for g in lines], discount)
    total = Tax()
    for goods, value, share in zip(lines, values, spread(values, freight), strict=True):
        based = Goods(value + share, goods.vat, goods.ct, goods.duty)
        total += general_trade_tax(based) if general else retail_tax(based, factor)
    return total
