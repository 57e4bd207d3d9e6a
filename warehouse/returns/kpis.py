"""Returns KPIs: cycle time (receipt and application to disposition) and recovery rate
(the share of disposed units, and of their value, that went back into bonded stock). A
restock counts once customs has answered its CEB625: restocked, or refused by customs."""

from __future__ import annotations

from datetime import datetime
from statistics import fmean, median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.returns.models import ReturnRequest

OUTCOMES = {
    "restock": "restocked",
    "destroy": "destroyed",
    "return_abroad": "returned_abroad",
    "customs_refused": "customs_refused",
}


def _hours(pairs: list[tuple[datetime, datetime]]) -> dict[str, float | None]:
    hours = [(b - a).total_seconds() / 3600 for a, b in pairs]
    if not hours:
        return {"mean_h": None, "median_h": None}
    return {"mean_h": round(fmean(hours), 2), "median_h": round(median(hours), 2)}


def returns_kpis(session: Session, since: datetime, until: datetime) -> dict[str, Any]:
    """Over returns disposed of in [since, until]."""
    done = list(
        session.scalars(
            select(ReturnRequest).where(
                ReturnRequest.disposed_at >= since,
                ReturnRequest.disposed_at <= until,
                ReturnRequest.disposition != "hold_for_seller",
            )
        )
    )
    units = {r.id: sum(q for _, q in r.lines) for r in done}
    restocked = [r for r in done if r.status == "restocked"]
    all_units, back = sum(units.values()), sum(units[r.id] for r in restocked)
    all_value, back_value = sum(r.value_fen for r in done), sum(r.value_fen for r in restocked)
    return {
        "returns": len(done),
        "by_disposition": {
            k: sum(1 for r in done if r.status == status) for k, status in OUTCOMES.items()
        },
        "cycle_time_from_receipt": _hours(
            [(r.received_at, r.disposed_at) for r in done if r.received_at and r.disposed_at]
        ),
        "cycle_time_from_application": _hours(
            [(r.applied_at, r.disposed_at) for r in done if r.disposed_at]
        ),
        "recovery_rate_units": round(back / all_units, 4) if all_units else None,
        "recovery_rate_value": round(back_value / all_value, 4) if all_value else None,
    }
