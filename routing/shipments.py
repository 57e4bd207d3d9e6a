"""Shipments to plan and the objective's prices, parsed and validated from the contract."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from routing import fields
from routing.errors import Issues
from routing.network import CARGO_CLASSES, Network


@dataclass(frozen=True)
class Shipment:
    id: str
    origin: str
    destination: str
    ready: datetime
    due: datetime
    weight_kg: float
    volume_m3: float
    cargo: str = "general"
    value_cny: float = 0.0


@dataclass(frozen=True)
class Objective:
    """Prices of the soft parts of the objective (CNY)."""

    late_cost_per_kg_h: float = 0.0
    co2e_cost_per_kg: float = 0.0
    unplanned_cost_per_kg: float = 1000.0


@dataclass(frozen=True)
class Demand:
    """One shipments file: the shipments in input order and the objective."""

    shipments: tuple[Shipment, ...]
    objective: Objective

    def by_id(self) -> dict[str, Shipment]:
        return {s.id: s for s in self.shipments}


def parse_shipments(doc: Any, network: Network | None = None) -> Demand:
    """Parse the shipments JSON; with a network, hubs are checked too (UNKNOWN_HUB)."""
    issues = Issues()
    shipments: list[Shipment] = []
    seen: set[str] = set()
    for i, raw in enumerate(fields.items(doc, "shipments", issues)):
        shipment = _parse_shipment(raw, f"shipments[{i}]", issues)
        if shipment is None:
            continue
        if shipment.id in seen:
            issues.add("DUPLICATE_ID", f"shipments[{i}].id", f"shipment {shipment.id} twice")
        seen.add(shipment.id)
        if network is not None:
            _check_hubs(shipment, network, f"shipments[{i}]", issues)
        shipments.append(shipment)
    objective = _parse_objective(doc.get("objective") if isinstance(doc, dict) else None, issues)
    issues.raise_if_any()
    return Demand(tuple(shipments), objective)


def check_against(demand: Demand, network: Network) -> None:
    """Raise ContractError when a shipment names a hub the network does not have."""
    issues = Issues()
    for i, shipment in enumerate(demand.shipments):
        _check_hubs(shipment, network, f"shipments[{i}]", issues)
    issues.raise_if_any()


def _check_hubs(shipment: Shipment, network: Network, path: str, issues: Issues) -> None:
    for key, hub in (("origin", shipment.origin), ("destination", shipment.destination)):
        if hub not in network.hubs:
            issues.add("UNKNOWN_HUB", f"{path}.{key}", f"unknown hub {hub}")


def _parse_shipment(raw: Any, path: str, issues: Issues) -> Shipment | None:
    if not isinstance(raw, dict):
        issues.add("BAD_TYPE", path, "a shipment must be an object")
        return None
    before = len(issues.items)
    ship_id = fields.text(raw, "id", path, issues)
    origin = fields.text(raw, "origin", path, issues)
    destination = fields.text(raw, "destination", path, issues)
    if origin is not None and origin == destination:
        issues.add("SAME_ORIGIN_DESTINATION", path, f"origin and destination are both {origin}")
    ready = fields.time(raw, "ready", path, issues)
    due = fields.time(raw, "due", path, issues)
    weight = fields.number(raw, "weight_kg", path, issues, positive=True)
    volume = fields.number(raw, "volume_m3", path, issues)
    value = fields.number(raw, "value_cny", path, issues, required=False, default=0.0)
    cargo = raw.get("cargo", "general")
    if cargo not in CARGO_CLASSES:
        issues.add("BAD_VALUE", f"{path}.cargo", f"unknown cargo class {cargo!r}")
    if len(issues.items) > before:
        return None
    assert ship_id and origin and destination and ready and due
    assert weight is not None and volume is not None and value is not None
    return Shipment(ship_id, origin, destination, ready, due, weight, volume, cargo, value)


def _parse_objective(raw: Any, issues: Issues) -> Objective:
    if not isinstance(raw, dict):
        issues.add("MISSING_FIELD", "objective", "'objective' is required")
        return Objective()
    keys = ("late_cost_per_kg_h", "co2e_cost_per_kg", "unplanned_cost_per_kg")
    values = [fields.number(raw, key, "objective", issues) for key in keys]
    if any(v is None for v in values):
        return Objective()
    late, co2e, unplanned = (float(v) for v in values if v is not None)
    return Objective(late, co2e, unplanned)


def shipments_to_dict(demand: Demand) -> dict[str, Any]:
    return {
        "shipments": [
            {
                "id": s.id,
                "origin": s.origin,
                "destination": s.destination,
                "ready": fields.format_time(s.ready),
                "due": fields.format_time(s.due),
                "weight_kg": s.weight_kg,
                "volume_m3": s.volume_m3,
                "cargo": s.cargo,
                "value_cny": s.value_cny,
            }
            for s in demand.shipments
        ],
        "objective": {
            "late_cost_per_kg_h": demand.objective.late_cost_per_kg_h,
            "co2e_cost_per_kg": demand.objective.co2e_cost_per_kg,
            "unplanned_cost_per_kg": demand.objective.unplanned_cost_per_kg,
        },
    }
