"""Replenishment suggestions for an overseas warehouse: per owner and SKU, the demand history,
the planner's cheapest and fastest lead times, and the reorder figures with their reasoning."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.masterdata.models import Enterprise, Sku
from warehouse.overseas import reorder as ro
from warehouse.overseas.leadtime import ORIGIN, Lead, leads
from warehouse.overseas.models import OverseasMovement, Replenishment, ReplenishmentLine
from warehouse.overseas.setup import CARGO
from warehouse.overseas.stock import on_hand, reserved_units, warehouse

HISTORY_DAYS = 56
OPEN = ("planning", "in_transit")


@dataclass(frozen=True)
class Suggestion:
    owner: str
    sku: str
    on_hand: int
    on_order: int
    option: str
    quantity: int
    reasoning: dict[str, Any]


def daily_demand(
    session: Session,
    wh_id: int,
    owner_id: int,
    sku_id: int,
    now: datetime,
    days: int = HISTORY_DAYS,
) -> list[int]:
    """Units shipped on each of the last ``days`` days (oldest first, zero days included)."""
    start = (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    per_day: dict[int, int] = defaultdict(int)
    rows = session.execute(
        select(OverseasMovement.at, OverseasMovement.quantity).where(
            OverseasMovement.warehouse_id == wh_id,
            OverseasMovement.owner_id == owner_id,
            OverseasMovement.sku_id == sku_id,
            OverseasMovement.kind == "ship",
            OverseasMovement.at >= start,
        )
    )
    for at, qty in rows:
        per_day[min((at - start).days, days - 1)] += -qty
    return [per_day[i] for i in range(days)]


def on_order(session: Session, wh_id: int, owner_id: int, sku_id: int) -> int:
    total = session.scalar(
        select(func.coalesce(func.sum(ReplenishmentLine.quantity - ReplenishmentLine.received), 0))
        .join(Replenishment, Replenishment.id == ReplenishmentLine.replenishment_id)
        .where(
            Replenishment.warehouse_id == wh_id,
            Replenishment.owner_id == owner_id,
            ReplenishmentLine.sku_id == sku_id,
            Replenishment.status.in_(OPEN),
        )
    )
    return int(total or 0)


def _cargo(sku: Sku, accepted: list[str]) -> str:
    wanted = "cold" if sku.cold_chain else "general"
    return wanted if wanted in accepted else next(c for c in CARGO if c in accepted)


def suggest_one(
    session: Session, code: str, owner_id: int, sku_id: int, now: datetime, origin: str = ORIGIN
) -> Suggestion:
    wh = warehouse(session, code)
    sku = session.get_one(Sku, sku_id)
    d = ro.demand(daily_demand(session, wh.id, owner_id, sku_id, now))
    held = sum(on_hand(session, wh.id, owner_id, sku_id).values())
    promised = reserved_units(session, wh.id, owner_id, sku_id)
    coming = on_order(session, wh.id, owner_id, sku_id)
    weight = max(1.0, d.mean * 30 * sku.gross_g / 1000)
    found = leads(origin, wh.hub, weight, _cargo(sku, wh.cargo_classes), now)
    cheap, fast = found.get("cheapest"), found.get("fastest")
    cheap, fast = cheap or fast, fast or cheap
    assert cheap is not None and fast is not None
    option, why = ro.choose(held - promised, d, cheap.days, fast.days)
    lead = cheap if option == "cheapest" else fast
    position = held - promised + coming
    figures = ro.reorder(d, lead.days, wh.service_level, wh.review_days, position)
    reasoning = {
        "demand": {
            "days": d.days,
            "mean_per_day": round(d.mean, 3),
            "std_per_day": round(d.std, 3),
        },
        "lead_times": {k: _lead(v) for k, v in (("cheapest", cheap), ("fastest", fast))},
        "service_level": wh.service_level,
        "review_days": wh.review_days,
        "formula": ro.FORMULA,
        "figures": figures.figures(),
        "stock": {"on_hand": held, "reserved": promised, "on_order": coming},
        "option": option,
        "why": why,
        "origin": origin,
        "destination": wh.hub,
    }
    owner = session.get_one(Enterprise, owner_id).code
    return Suggestion(owner, sku.code, held, coming, option, figures.suggested, reasoning)


def _lead(lead: Lead) -> dict[str, Any]:
    return {
        "transit_h": round(lead.transit_h, 2),
        "days": round(lead.days, 2),
        "cost": round(lead.cost, 2),
        "legs": [g["service"] for g in lead.legs],
    }


def suggestions(session: Session, code: str, now: datetime) -> list[Suggestion]:
    """One suggestion per owner and SKU the warehouse holds or has shipped."""
    wh = warehouse(session, code)
    pairs = set(on_hand(session, wh.id))
    shipped = session.execute(
        select(OverseasMovement.owner_id, OverseasMovement.sku_id)
        .where(OverseasMovement.warehouse_id == wh.id)
        .distinct()
    )
    pairs |= {(owner, sku) for owner, sku in shipped}
    return [suggest_one(session, code, o, s, now) for o, s in sorted(pairs)]
