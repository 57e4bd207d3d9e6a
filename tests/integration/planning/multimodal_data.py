"""A small network and shipments for the multimodal API tests, and a job poller."""

from __future__ import annotations

import time
from typing import Any

from flask.testing import FlaskClient


def _hub(hid: str) -> dict[str, Any]:
    return {
        "id": hid,
        "name": f"Hub {hid}",
        "kind": "warehouse",
        "lat": 36.0,
        "lon": 120.0,
        "country": "CN",
        "handling_h": 2,
        "handling_cost_per_kg": 0.1,
    }


def _service(sid: str, mode: str, a: str, b: str, days: list[int], **kw: Any) -> dict[str, Any]:
    item = {
        "id": sid,
        "mode": mode,
        "from": a,
        "to": b,
        "departures": [f"2026-12-{d:02d}T08:00:00Z" for d in days],
        "transit_h": 24,
        "capacity_kg": 5000,
        "capacity_m3": 50,
        "cost_per_kg": 1.0,
        "cost_fixed": 0,
        "distance_km": 800,
        "co2e_g_per_tkm": 20,
        "cargo": ["general"],
    }
    return {**item, **kw}


def network() -> dict[str, Any]:
    """A -> B by road, B -> D by sea or air, A -> C by rail, C -> D by road; E is cut off."""
    return {
        "hubs": [_hub(h) for h in "ABCDE"],
        "services": [
            _service("AB-ROAD", "road", "A", "B", [1, 2, 3, 4], cost_per_kg=0.2, co2e_g_per_tkm=80),
            _service(
                "BD-SEA",
                "sea",
                "B",
                "D",
                [2, 4, 6],
                transit_h=96,
                cost_per_kg=0.5,
                distance_km=3000,
                co2e_g_per_tkm=10,
            ),
            _service(
                "BD-AIR",
                "air",
                "B",
                "D",
                [2, 3, 4, 5],
                transit_h=6,
                cost_per_kg=8.0,
                distance_km=2500,
                co2e_g_per_tkm=800,
            ),
            _service(
                "AC-RAIL",
                "rail",
                "A",
                "C",
                [1, 3],
                transit_h=30,
                cost_per_kg=0.6,
                co2e_g_per_tkm=25,
                cost_fixed=300,
            ),
            _service(
                "CD-ROAD",
                "road",
                "C",
                "D",
                [2, 3, 4, 5, 6],
                transit_h=12,
                cost_per_kg=0.4,
                co2e_g_per_tkm=90,
            ),
        ],
    }


def _shipment(sid: str, a: str, b: str, kg: float, due_day: int = 20) -> dict[str, Any]:
    return {
        "id": sid,
        "origin": a,
        "destination": b,
        "ready": "2026-12-01T00:00:00Z",
        "due": f"2026-12-{due_day:02d}T00:00:00Z",
        "weight_kg": kg,
        "volume_m3": kg / 400,
        "cargo": "general",
        "value_cny": 50000,
    }


def shipments() -> dict[str, Any]:
    """Three routable shipments and SH-4 to the cut-off hub E (unplanned, NO_ROUTE)."""
    return {
        "shipments": [
            _shipment("SH-1", "A", "D", 1200),
            _shipment("SH-2", "A", "D", 800, due_day=5),
            _shipment("SH-3", "A", "C", 500),
            _shipment("SH-4", "A", "E", 300),
        ],
        "objective": {
            "late_cost_per_kg_h": 0.05,
            "co2e_cost_per_kg": 0.1,
            "unplanned_cost_per_kg": 100,
        },
    }


def wait_for(
    client: FlaskClient, url: str, headers: dict[str, str], timeout_s: float = 90.0
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Poll a job until done or failed; returns it and every state seen on the way."""
    seen: list[dict[str, Any]] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(url, headers=headers).json
        seen.append(job)
        if job["status"] in ("done", "failed"):
            return job, seen
        time.sleep(0.05)
    raise AssertionError(f"{url} still {seen[-1]['status']} after {timeout_s} s")
