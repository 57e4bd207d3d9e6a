"""The per-buyer limits of retail import (pure rules; figures from the Policy settings)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from warehouse.errors import Invalid


class Treatment(StrEnum):
    RETAIL = "retail"  # within the limits: duty 0, VAT and CT at 70%
    GENERAL = "general_trade"  # single indivisible item over the single limit: full tax


@dataclass(frozen=True)
class Limits:
    single: Decimal
    annual: Decimal


def treatment(value: Decimal, units: int, year_total: Decimal, limits: Limits) -> Treatment:
    """How an order of ``value`` (``units`` pieces) is taxed, or why it may not be imported.

    Either way the order counts toward the buyer's annual total, which may not pass the limit.
    """
    if year_total + value > limits.annual:
        raise Invalid(
            "E_OVER_ANNUAL_LIMIT",
            f"This order of {value} CNY would take the buyer's total this year to "
            f"{year_total + value} CNY, over the annual limit of {limits.annual} CNY.",
            year_total=str(year_total),
            value=str(value),
            limit=str(limits.annual),
        )
    if value <= limits.single:
        return Treatment.RETAIL
    if units == 1:
        return Treatment.GENERAL
    raise Invalid(
        "E_OVER_SINGLE_LIMIT",
        f"The order's {value} CNY is over the single-transaction limit of {limits.single} CNY; "
        "only a single indivisible item may exceed it.",
        value=str(value),
        limit=str(limits.single),
    )
