"""Warehouse zones and which stock may go where (pure rules)."""

from __future__ import annotations

from enum import StrEnum


class Zone(StrEnum):
    BONDED = "bonded"
    COLD = "cold"
    INSPECTION = "inspection"
    HOLD = "hold"
    RETURNS = "returns"
    STAGING = "staging"
    GATE = "gate"


STORAGE_ZONES = frozenset({Zone.BONDED, Zone.COLD})


def putaway_zones(cold_chain: bool, held: bool) -> frozenset[Zone]:
    """Where goods may be put away: held goods to the hold cage, cold chain to cold storage."""
    if held:
        return frozenset({Zone.HOLD, Zone.INSPECTION})
    return frozenset({Zone.COLD}) if cold_chain else frozenset({Zone.BONDED})
