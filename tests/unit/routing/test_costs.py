"""The contract's cost and emission arithmetic."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from routing import costs
from routing.network import Service


def test_chargeable_weight_per_mode() -> None:
    """Air charges max(kg, 167 kg/m3), road max(kg, 333 kg/m3), rail and sea the weight."""
    assert costs.chargeable_kg("air", 100, 1.0) == 167
    assert costs.chargeable_kg("road", 100, 1.0) == 333
    assert costs.chargeable_kg("rail", 100, 1.0) == 100
    assert costs.chargeable_kg("sea", 100, 1.0) == 100
    assert costs.chargeable_kg("air", 500, 1.0) == 500


def test_emissions_are_tonne_km_times_intensity() -> None:
    """A leg emits weight_kg/1000 * distance_km * g/tkm / 1000 kg CO2e."""
    svc = Service("S", "rail", "A", "B", (), 10, None, None, 1.0, 0, 10200, 22, frozenset())
    shipment = type("S", (), {"weight_kg": 1200.0, "volume_m3": 6.5})()
    assert costs.co2e_kg(svc, shipment) == pytest.approx(1.2 * 10200 * 22 / 1000)


def test_lateness_is_fractional_hours_after_due() -> None:
    """late_h = max(0, arrival - due) in fractional hours."""
    due = datetime(2026, 12, 10, tzinfo=UTC)
    assert costs.late_h(datetime(2026, 12, 10, 1, 30, tzinfo=UTC), due) == 1.5
    assert costs.late_h(datetime(2026, 12, 9, tzinfo=UTC), due) == 0.0
