"""Pack-station weight check: tolerance is the larger of 5% and 20 g (Policy)."""

from __future__ import annotations

from config.settings import Policy
from warehouse.fulfilment.packing import weight_verdict


def test_within_tolerance_is_ok_and_outside_is_over_or_under() -> None:
    """1,000 g expected: 1,050 ok, 1,051 overweight, 949 underweight; 100 g allows +-20 g."""
    policy = Policy()
    assert weight_verdict(1050, 1000, policy) == "OK"
    assert weight_verdict(1051, 1000, policy) == "E_OVERWEIGHT"
    assert weight_verdict(949, 1000, policy) == "E_UNDERWEIGHT"
    assert weight_verdict(120, 100, policy) == "OK" and weight_verdict(121, 100, policy) != "OK"
