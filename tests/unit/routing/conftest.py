"""Small hand-made networks and shipments for the routing unit tests."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

SEED = Path(__file__).resolve().parents[3] / "config" / "network" / "seed.json"


def hub(hid: str, handling_h: float = 2, per_kg: float = 0.1) -> dict[str, Any]:
    return {
        "id": hid,
        "name": hid,
        "kind": "warehouse",
        "lat": 0.0,
        "lon": 0.0,
        "country": "CN",
        "handling_h": handling_h,
        "handling_cost_per_kg": per_kg,
    }


def service(sid: str, mode: str, a: str, b: str, days: list[int], **kw: Any) -> dict[str, Any]:
    item = {
        "id": sid,
        "mode": mode,
        "from": a,
        "to": b,
        "departures": [f"2026-12-{d:02d}T08:00:00Z" for d in days],
        "transit_h": 24,
        "capacity_kg": 1000,
        "capacity_m3": 10,
        "cost_per_kg": 1.0,
        "cost_fixed": 0,
        "distance_km": 500,
        "co2e_g_per_tkm": 20,
        "cargo": ["general"],
    }
    item.update(kw)
    return item


def small_network() -> dict[str, Any]:
    """A -> B -> D (road then sea or air), A -> C -> D (rail), A -> D (truck with fixed cost)."""
    return {
        "hubs": [hub("A"), hub("B"), hub("C"), hub("D"), hub("E")],
        "services": [
            service(
                "AB-ROAD",
                "road",
                "A",
                "B",
                [1, 2, 3, 4],
                cost_per_kg=0.2,
                cargo=["general", "cold"],
            ),
            service(
                "BD-SEA",
                "sea",
                "B",
                "D",
                [2, 4, 6],
                transit_h=96,
                cost_per_kg=0.5,
                capacity_kg=600,
                cargo=["general", "dg"],
            ),
            service(
                "BD-AIR",
                "air",
                "B",
                "D",
                [2, 3, 4, 5],
                transit_h=6,
                cost_per_kg=8.0,
                capacity_kg=2000,
                co2e_g_per_tkm=800,
                cargo=["general", "cold"],
            ),
            service("AC-RAIL", "rail", "A", "C", [1, 3], transit_h=30, cost_per_kg=0.6),
            service("CD-RAIL", "rail", "C", "D", [2, 4, 6], transit_h=30, cost_per_kg=0.6),
            service(
                "AD-FTL",
                "road",
                "A",
                "D",
                [1, 2, 3],
                transit_h=150,
                cost_per_kg=0.05,
                cost_fixed=1500,
                capacity_kg=3000,
                capacity_m3=40,
            ),
        ],
    }


def shipment(sid: str, weight: float = 300, **kw: Any) -> dict[str, Any]:
    item = {
        "id": sid,
        "origin": "A",
        "destination": "D",
        "ready": "2026-12-01T00:00:00Z",
        "due": "2026-12-10T00:00:00Z",
        "weight_kg": weight,
        "volume_m3": weight / 250,
        "cargo": "general",
    }
    item.update(kw)
    return item


def shipments_doc(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "shipments": items,
        "objective": {
            "late_cost_per_kg_h": 0.05,
            "co2e_cost_per_kg": 0.1,
            "unplanned_cost_per_kg": 100,
        },
    }


@pytest.fixture(scope="session")
def seed_doc() -> dict[str, Any]:
    return json.loads(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def docs() -> SimpleNamespace:
    """Builders of contract documents: small_network(), shipment(id, ...), shipments_doc([...])."""
    return SimpleNamespace(
        hub=hub,
        service=service,
        small_network=small_network,
        shipment=shipment,
        shipments_doc=shipments_doc,
    )
