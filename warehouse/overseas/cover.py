"""Stock cover by overseas warehouse: units on hand over the mean daily units shipped in the
last ``days`` days (None when nothing shipped)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.overseas.models import OverseasMovement, OverseasStock, OverseasWarehouse

COVER_DAYS = 28


def _per_warehouse(session: Session, query: Any) -> dict[int, int]:
    return {w: int(q or 0) for w, q in session.execute(query)}


def stock_cover(session: Session, now: datetime, days: int = COVER_DAYS) -> list[dict[str, Any]]:
    held = _per_warehouse(
        session,
        select(OverseasStock.warehouse_id, func.sum(OverseasStock.quantity)).group_by(
            OverseasStock.warehouse_id
        ),
    )
    shipped = _per_warehouse(
        session,
        select(OverseasMovement.warehouse_id, -func.sum(OverseasMovement.quantity))
        .where(OverseasMovement.kind == "ship", OverseasMovement.at >= now - timedelta(days=days))
        .group_by(OverseasMovement.warehouse_id),
    )
    out = []
    for wh in session.scalars(select(OverseasWarehouse).order_by(OverseasWarehouse.id)):
        daily = shipped.get(wh.id, 0) / days
        on_hand = held.get(wh.id, 0)
        out.append(
            {
                "warehouse": wh.code,
                "country": wh.country,
                "on_hand": on_hand,
                "daily_demand": round(daily, 3),
                "cover_days": round(on_hand / daily, 1) if daily else None,
            }
        )
    return out
