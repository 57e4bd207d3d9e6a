"""The return clocks (pure rules): from the manifest's release, ``return_apply_days`` to apply
and ``return_arrival_days`` for the goods to be back in the supervised area (Policy)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from config.settings import Policy


class Clock(StrEnum):
    OK = "ok"
    APPROACHING = "approaching"
    MISSED = "missed"


@dataclass(frozen=True)
class Windows:
    released_at: datetime
    apply_by: datetime
    arrive_by: datetime

    def may_apply(self, at: datetime) -> bool:
        return at <= self.apply_by

    def may_arrive(self, at: datetime) -> bool:
        return at <= self.arrive_by


def windows(released_at: datetime, policy: Policy) -> Windows:
    return Windows(
        released_at,
        released_at + timedelta(days=policy.return_apply_days),
        released_at + timedelta(days=policy.return_arrival_days),
    )


def clock(deadline: datetime, now: datetime, warn_days: float) -> Clock:
    """Missed once past; approaching within ``warn_days`` of it; else ok."""
    if now > deadline:
        return Clock.MISSED
    return Clock.APPROACHING if deadline - now <= timedelta(days=warn_days) else Clock.OK


def days_left(deadline: datetime, now: datetime) -> float:
    return round((deadline - now).total_seconds() / 86400, 2)


def add_months(moment: datetime, months: int) -> datetime:
    """The same day ``months`` later (the month's last day when it is shorter)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))
