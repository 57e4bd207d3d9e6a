"""Return deadlines approaching or missed: requests whose goods are not back yet, with the
days left before the arrival window closes (negative once missed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.customs.models import RetailOrder
from warehouse.returns.clocks import Clock, clock, days_left
from warehouse.returns.models import ReturnRequest


@dataclass(frozen=True)
class Deadline:
    id: int
    no: str
    order_no: str
    buyer: str
    released_at: datetime
    arrive_by: datetime
    days_left: float
    clock: str


def deadlines(
    session: Session, now: datetime, warn_days: float, after_id: int, limit: int
) -> list[Deadline]:
    """Awaited returns due within ``warn_days`` or overdue, by id (keyset pages)."""
    rows = session.execute(
        select(ReturnRequest, RetailOrder.order_no, RetailOrder.buyer_name)
        .join(RetailOrder, RetailOrder.id == ReturnRequest.order_id)
        .where(
            ReturnRequest.status == "requested",
            ReturnRequest.arrive_by <= now + timedelta(days=warn_days),
            ReturnRequest.id > after_id,
        )
        .order_by(ReturnRequest.id)
        .limit(limit)
    ).all()
    return [
        Deadline(
            r.id,
            r.no,
            order_no,
            buyer,
            r.released_at,
            r.arrive_by,
            days_left(r.arrive_by, now),
            clock(r.arrive_by, now, warn_days).value,
        )
        for r, order_no, buyer in rows
    ]


__all__ = ["Clock", "Deadline", "deadlines"]
