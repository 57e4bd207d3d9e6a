"""Reservations given back: what an order reserved and has not picked returns to free stock.

Reserving is set-based at declaration (:mod:`warehouse.customs.declaring`), on rows locked for
the batch.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.bonded.stock import unreserve
from warehouse.fulfilment.models import PickTask


def release_reservations(session: Session, order_id: int) -> None:
    """Give back whatever an order has reserved and not picked."""
    for task in session.scalars(
        select(PickTask).where(
            PickTask.order_id == order_id, PickTask.status.in_(("reserved", "open"))
        )
    ):
        if task.qty > task.picked:
            unreserve(session, task.stock_id, task.qty - task.picked)
        task.status = "cancelled"
