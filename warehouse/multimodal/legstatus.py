"""Status of a bill of lading's legs, and the moves a report may make (pure rules).

booked or rebooked -> departed or delayed; delayed -> departed, delayed (a new estimate) or
booked (back on schedule);
departed -> arrived. A leg departs only after the leg before it arrived, and arrives no earlier
than it departed. ``rebooked`` and ``delayed`` are also set by a re-plan after a disruption.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from warehouse.errors import Conflict

BOOKED, DEPARTED, ARRIVED = "booked", "departed", "arrived"
DELAYED, REBOOKED = "delayed", "rebooked"
REPORTABLE = (BOOKED, DEPARTED, ARRIVED, DELAYED)
MOVES = {
    BOOKED: {DEPARTED, DELAYED},
    REBOOKED: {DEPARTED, DELAYED},
    DELAYED: {DEPARTED, DELAYED, BOOKED},
    DEPARTED: {ARRIVED},
    ARRIVED: set(),
}
UNDERWAY = frozenset({DEPARTED, ARRIVED})


@dataclass(frozen=True)
class LegState:
    status: str
    departed_at: datetime | None = None


def check_move(leg: LegState, new: str, at: datetime, previous: LegState | None) -> None:
    """Raise Conflict (E_LEG_STATUS) when `leg` may not move to `new` at `at`."""
    if new not in MOVES.get(leg.status, set()):
        raise Conflict(
            "E_LEG_STATUS",
            f"A {leg.status} leg cannot become {new}.",
            leg_status=leg.status,
            wanted=new,
        )
    if new == DEPARTED and previous is not None and previous.status != ARRIVED:
        raise Conflict("E_LEG_ORDER", "A leg departs only after the leg before it arrived.")
    if new == ARRIVED and leg.departed_at is not None and at < leg.departed_at:
        raise Conflict("E_LEG_TIME", "A leg cannot arrive before it departed.")


def bill_status(statuses: list[str]) -> str:
    """The document's status from its legs: issued, in_transit or delivered."""
    if statuses and statuses[-1] == ARRIVED:
        return "delivered"
    if any(s in UNDERWAY for s in statuses):
        return "in_transit"
    return "issued"
