"""The JSON API under /api/v1: one module per resource, all on this blueprint."""

from __future__ import annotations

from apiflask import APIBlueprint

api = APIBlueprint("api", __name__, url_prefix="/api/v1")

from app.api import (  # noqa: E402  (register routes on the blueprint)
    audit,
    bills_of_lading,
    board,
    bonded,
    bonded_batches,
    bonded_customs,
    bonded_floor,
    bonded_inbound,
    bonded_masterdata,
    bonded_orders,
    bonded_refused,
    devices,
    epcis,
    floor_batches,
    handheld,
    hub,
    hub_loads,
    overseas,
    overseas_floor,
    people,
    plans,
    printing,
    quotes,
    returns,
    returns_reports,
    trace,
)

__all__ = [
    "api",
    "audit",
    "bills_of_lading",
    "board",
    "bonded",
    "bonded_batches",
    "bonded_customs",
    "bonded_floor",
    "bonded_inbound",
    "bonded_masterdata",
    "bonded_orders",
    "bonded_refused",
    "devices",
    "epcis",
    "floor_batches",
    "handheld",
    "hub",
    "hub_loads",
    "overseas",
    "overseas_floor",
    "people",
    "plans",
    "printing",
    "quotes",
    "returns",
    "returns_reports",
    "trace",
]
