"""Per-buyer limits: 5,000 single, 26,000 annual; a single item over 5,000 is general trade."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from warehouse.customs.limits import Limits, Treatment, treatment
from warehouse.errors import Invalid

LIMITS = Limits(D("5000"), D("26000"))


def test_within_both_limits_is_retail() -> None:
    """An order at exactly 5,000 is still retail."""
    assert treatment(D("5000"), 3, D("0"), LIMITS) is Treatment.RETAIL


def test_one_item_over_the_single_limit_is_general_trade() -> None:
    """A single indivisible item over 5,000 within the annual limit: full general-trade tax."""
    assert treatment(D("5200"), 1, D("1000"), LIMITS) is Treatment.GENERAL


def test_several_items_over_the_single_limit_are_refused() -> None:
    """Over 5,000 with more than one unit: E_OVER_SINGLE_LIMIT."""
    with pytest.raises(Invalid) as refused:
        treatment(D("5000.01"), 2, D("0"), LIMITS)
    assert refused.value.code == "E_OVER_SINGLE_LIMIT"


def test_passing_the_annual_limit_is_refused_even_for_one_item() -> None:
    """Year total + order over 26,000: E_OVER_ANNUAL_LIMIT, whatever the treatment."""
    with pytest.raises(Invalid) as refused:
        treatment(D("100"), 1, D("25950"), LIMITS)
    assert refused.value.code == "E_OVER_ANNUAL_LIMIT"
    assert treatment(D("50"), 1, D("25950"), LIMITS) is Treatment.RETAIL
