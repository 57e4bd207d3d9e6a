"""Customs statuses, package states and cargo classes of the hub, and the mixing rule."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from warehouse.errors import Invalid


class CustomsStatus(StrEnum):
    """A package's customs status; it never changes in the hub and never mixes in a line."""

    TRANSSHIPMENT = "transshipment"  # foreign cargo in transit, never enters China's territory
    EXPORT = "export"  # domestic export cargo, declared for export
    BONDED = "bonded"  # foreign goods under bond (from a bonded warehouse), re-exported


class State(StrEnum):
    MANIFESTED = "manifested"  # announced by the inbound manifest, not yet scanned
    DEVANNED = "devanned"  # taken out of the inbound container, on the hub floor
    HELD = "held"  # damaged or not on any manifest: kept in the hold area
    SHORT = "short"  # manifested but not found when devanning was closed
    STAGED = "staged"  # in its outbound staging lane
    LOADED = "loaded"  # in an outbound container
    DEPARTED = "departed"  # left the hub in a sealed container


CARGO_CLASSES = ("general", "cold", "dg")
#: States in which a package is physically in the hub (counted by the hub ledger).
IN_HUB = frozenset({State.DEVANNED, State.HELD, State.STAGED, State.LOADED})
#: Statuses that may share an outbound container by default (集拼: transit with export).
DEFAULT_LOAD_STATUSES = (CustomsStatus.TRANSSHIPMENT, CustomsStatus.EXPORT)


def parse_statuses(values: Iterable[str]) -> tuple[CustomsStatus, ...]:
    """Statuses allowed in one load; bonded goods travel only in a load of their own."""
    try:
        out = tuple(sorted({CustomsStatus(v) for v in values}))
    except ValueError:
        raise Invalid(
            "E_BAD_STATUS", f"Statuses must be among {[s.value for s in CustomsStatus]}."
        ) from None
    if not out:
        raise Invalid("E_BAD_STATUS", "A load needs at least one customs status.")
    if CustomsStatus.BONDED in out and len(out) > 1:
        raise Invalid(
            "E_STATUS_MIX",
            "Bonded goods leave under their own transfer document: a bonded load takes "
            "no transshipment or export cargo.",
        )
    return out
