"""Lead times from the route planner: the quick quote (routing.quote over the seed network)
for a shipment from a Chinese zone to the overseas warehouse's hub, cheapest and fastest.

The seed network's schedule covers one month (December 2026). A shipment is quoted as ready
now when now lies in that month with 30 days of schedule left, else at the schedule's start,
so lead times are the network's, not the wait for the schedule to begin.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from routing.fields import format_time, parse_time
from warehouse.errors import Conflict
from warehouse.multimodal.inputs import seed_document
from warehouse.multimodal.quotes import quick_quote

ORIGIN = "CNTAO-BZ"
M3_PER_KG = 0.005  # 200 kg per m3: SKUs carry weights, not volumes
HORIZON = timedelta(days=30)


@dataclass(frozen=True)
class Lead:
    option: str
    transit_h: float
    cost: float
    arrive: datetime
    legs: list[dict[str, Any]]

    @property
    def days(self) -> float:
        return self.transit_h / 24


@lru_cache(maxsize=1)
def _schedule() -> tuple[datetime, datetime]:
    times = [parse_time(t) for s in seed_document()["services"] for t in s["departures"]]
    found = [t for t in times if t is not None]
    return min(found), max(found)


def ready_at(now: datetime) -> datetime:
    first, last = _schedule()
    if first <= now <= last - HORIZON:
        return now
    return first.replace(hour=0, minute=0, second=0, microsecond=0)


def shipment_doc(
    sid: str,
    origin: str,
    hub: str,
    ready: datetime,
    weight_kg: float,
    cargo: str,
    due: datetime | None = None,
) -> dict[str, Any]:
    return {
        "id": sid,
        "origin": origin,
        "destination": hub,
        "ready": format_time(ready),
        "due": format_time(due or ready + timedelta(days=60)),
        "weight_kg": round(weight_kg, 3),
        "volume_m3": round(max(weight_kg * M3_PER_KG, 0.001), 4),
        "cargo": cargo,
    }


def leads(origin: str, hub: str, weight_kg: float, cargo: str, now: datetime) -> dict[str, Lead]:
    """The cheapest and fastest options (E_NO_ROUTE when the network has none)."""
    doc = shipment_doc("LEAD", origin, hub, ready_at(now), max(weight_kg, 1.0), cargo)
    quoted = quick_quote("seed", doc)
    found: dict[str, Lead] = {}
    for option in quoted["options"]:
        for tag in option["tags"]:
            if tag in ("cheapest", "fastest"):
                arrive = parse_time(option["arrive"])
                assert arrive is not None
                found[tag] = Lead(
                    tag, float(option["transit_h"]), float(option["cost"]), arrive, option["legs"]
                )
    if not found:
        raise Conflict(
            "E_NO_ROUTE", f"The route network has no {cargo} route from {origin} to {hub}."
        )
    return found
