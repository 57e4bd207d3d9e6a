"""Whether returned goods may re-enter bonded stock (pure rules), with every reason why not.

| reason | when |
| --- | --- |
| late_application | applied after the application window (30 days from release) |
| late_arrival | back in the supervised area after the arrival window (45 days) |
| not_from_this_zone | released under another zone's ledger, or not a 1210 manifest |
| consumed | the goods were used |
| seal_opened | the seal is broken on goods whose seal matters (food, infant formula, cosmetics) |
| damaged | graded damaged |
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from warehouse.returns.clocks import Windows

#: HS prefixes whose seal matters: dairy and infant food, food preparations, cosmetics.
SEAL_MATTERS = ("0401", "0402", "1901", "2106", "3303", "3304", "3305")
MESSAGES = {
    "late_application": "applied for after the {apply} day application window",
    "late_arrival": "arrived after the {arrive} day arrival window",
    "not_from_this_zone": "not released from this zone's bonded ledger",
    "consumed": "the goods were used",
    "seal_opened": "the seal is broken on goods whose seal matters",
    "damaged": "graded damaged",
}


class Grade(StrEnum):
    RESALEABLE = "resaleable"
    REPACK = "repack"
    DAMAGED = "damaged"


@dataclass(frozen=True)
class Facts:
    windows: Windows
    applied_at: datetime
    received_at: datetime | None
    same_zone: bool
    hs_codes: tuple[str, ...]
    grade: Grade | None = None
    seal_intact: bool | None = None
    consumed: bool | None = None


def seal_matters(hs_codes: tuple[str, ...]) -> bool:
    return any(code.startswith(SEAL_MATTERS) for code in hs_codes)


def reasons(facts: Facts) -> list[str]:
    """Every reason the goods may not re-enter bonded stock; [] when they may."""
    found = []
    if not facts.windows.may_apply(facts.applied_at):
        found.append("late_application")
    if facts.received_at is not None and not facts.windows.may_arrive(facts.received_at):
        found.append("late_arrival")
    if not facts.same_zone:
        found.append("not_from_this_zone")
    if facts.consumed:
        found.append("consumed")
    if facts.seal_intact is False and seal_matters(facts.hs_codes):
        found.append("seal_opened")
    if facts.grade is Grade.DAMAGED:
        found.append("damaged")
    return found


def explain(found: list[str], apply_days: int, arrive_days: int) -> str:
    """The reasons in words, for the person at the counter."""
    words = [MESSAGES[r].format(apply=apply_days, arrive=arrive_days) for r in found]
    return "; ".join(words)
