"""Cost and emission rules of the contract, for one shipment on one leg or route."""

from __future__ import annotations

from datetime import datetime

from routing.network import Hub, Service
from routing.shipments import Objective, Shipment

#: kg per m3 used for chargeable weight; modes not listed charge actual weight.
VOLUMETRIC_KG_PER_M3 = {"air": 167.0, "road": 333.0}


def chargeable_kg(mode: str, weight_kg: float, volume_m3: float) -> float:
    factor = VOLUMETRIC_KG_PER_M3.get(mode)
    return weight_kg if factor is None else max(weight_kg, volume_m3 * factor)


def freight(service: Service, shipment: Shipment) -> float:
    """Freight of a leg without its cost_fixed share."""
    return service.cost_per_kg * chargeable_kg(service.mode, shipment.weight_kg, shipment.volume_m3)


def co2e_per_kg(service: Service) -> float:
    """kg CO2e per kg of shipment weight on this service (tonne-km times intensity)."""
    return service.distance_km * service.co2e_g_per_tkm / 1e6


def co2e_kg(service: Service, shipment: Shipment) -> float:
    return shipment.weight_kg / 1000 * service.distance_km * service.co2e_g_per_tkm / 1000


def handling(hub: Hub, shipment: Shipment) -> float:
    """Charged at each intermediate hub where the shipment changes legs."""
    return hub.handling_cost_per_kg * shipment.weight_kg


def late_h(arrive: datetime, due: datetime) -> float:
    return max(0.0, (arrive - due).total_seconds() / 3600)


def lateness_cost(objective: Objective, shipment: Shipment, arrive: datetime) -> float:
    return objective.late_cost_per_kg_h * shipment.weight_kg * late_h(arrive, shipment.due)


def unplanned_cost(objective: Objective, shipment: Shipment) -> float:
    return objective.unplanned_cost_per_kg * shipment.weight_kg
