"""A route plan: legs per shipment, costs with cost_fixed shares, the objective, contract JSON."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from routing import costs, fields
from routing.errors import Issue
from routing.network import Departure, Network
from routing.shipments import Demand, Shipment

OPTIMAL, FEASIBLE, INFEASIBLE = "optimal", "feasible", "infeasible"
#: A plan is proven optimal when (objective - lower_bound) <= OPTIMAL_GAP * |objective|.
OPTIMAL_GAP = 1e-6


@dataclass(frozen=True)
class Leg:
    service: str
    mode: str
    origin: str
    destination: str
    depart: datetime
    arrive: datetime
    cost: float
    co2e_kg: float


@dataclass(frozen=True)
class PlannedShipment:
    id: str
    status: str
    cost: float = 0.0
    co2e_kg: float = 0.0
    late_h: float = 0.0
    arrive: datetime | None = None
    legs: tuple[Leg, ...] = ()
    reason: str | None = None

    @property
    def planned(self) -> bool:
        return self.status == "planned"


@dataclass(frozen=True)
class Plan:
    status: str
    objective: float
    lower_bound: float
    solve_s: float
    shipments: tuple[PlannedShipment, ...]
    errors: tuple[Issue, ...] = field(default=())

    @property
    def gap(self) -> float:
        """Relative gap (objective - bound) / |objective|; 0 when both are 0."""
        if self.objective == 0:
            return 0.0 if self.lower_bound >= 0 else float("inf")
        return max(0.0, self.objective - self.lower_bound) / abs(self.objective)

    def by_id(self) -> dict[str, PlannedShipment]:
        return {s.id: s for s in self.shipments}

    def routes(self) -> dict[str, tuple[tuple[str, datetime], ...]]:
        """(service, depart) of each planned shipment's legs."""
        return {
            s.id: tuple((g.service, g.depart) for g in s.legs) for s in self.shipments if s.planned
        }


def status_for(objective: float, lower_bound: float) -> str:
    gap = max(0.0, objective - lower_bound)
    return OPTIMAL if gap <= OPTIMAL_GAP * max(abs(objective), 1e-9) else FEASIBLE


def make_plan(
    network: Network,
    demand: Demand,
    routes: Mapping[str, Sequence[Departure]],
    reasons: Mapping[str, str],
    *,
    lower_bound: float,
    solve_s: float,
    status: str | None = None,
) -> Plan:
    """Price the routes per the contract; status from the gap unless given.

    cost_fixed of a departure is split among its shipments in proportion to their chargeable
    weight on that service, so the shares on one departure add up to cost_fixed.
    """
    charge_sum: dict[tuple[str, datetime], float] = defaultdict(float)
    by_id = demand.by_id()
    for sid, route in routes.items():
        s = by_id[sid]
        for d in route:
            charge_sum[d.key] += costs.chargeable_kg(d.service.mode, s.weight_kg, s.volume_m3)
    planned = []
    total = 0.0
    obj = demand.objective
    for s in demand.shipments:
        chosen = routes.get(s.id)
        if chosen:
            item = _price(network, s, chosen, charge_sum)
            total += item.cost + obj.late_cost_per_kg_h * s.weight_kg * item.late_h
            total += obj.co2e_cost_per_kg * item.co2e_kg
        else:
            item = PlannedShipment(s.id, "unplanned", reason=reasons.get(s.id, "NO_ROUTE"))
            total += costs.unplanned_cost(obj, s)
        planned.append(item)
    bound = min(lower_bound, total)
    return Plan(status or status_for(total, bound), total, bound, solve_s, tuple(planned))


def _price(
    network: Network,
    s: Shipment,
    route: Sequence[Departure],
    charge_sum: Mapping[tuple[str, datetime], float],
) -> PlannedShipment:
    legs = []
    for d in route:
        svc = d.service
        charge = costs.chargeable_kg(svc.mode, s.weight_kg, s.volume_m3)
        share = svc.cost_fixed * charge / charge_sum[d.key] if svc.cost_fixed else 0.0
        legs.append(
            Leg(
                svc.id,
                svc.mode,
                svc.origin,
                svc.destination,
                d.depart,
                d.arrive,
                costs.freight(svc, s) + share,
                costs.co2e_kg(svc, s),
            )
        )
    handling = sum(costs.handling(network.hubs[g.destination], s) for g in legs[:-1])
    arrive = legs[-1].arrive
    return PlannedShipment(
        s.id,
        "planned",
        sum(g.cost for g in legs) + handling,
        sum(g.co2e_kg for g in legs),
        costs.late_h(arrive, s.due),
        arrive,
        tuple(legs),
    )


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "status": plan.status,
        "objective": plan.objective,
        "lower_bound": plan.lower_bound,
        "solve_s": plan.solve_s,
        "shipments": [_shipment_to_dict(s) for s in plan.shipments],
    }
    if plan.errors:
        doc["errors"] = [
            {"code": e.code, "path": e.path, "message": e.message} for e in plan.errors
        ]
    return doc


def _shipment_to_dict(s: PlannedShipment) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": s.id,
        "status": s.status,
        "cost": s.cost,
        "co2e_kg": s.co2e_kg,
        "late_h": s.late_h,
        "arrive": fields.format_time(s.arrive) if s.arrive else None,
        "legs": [
            {
                "service": g.service,
                "mode": g.mode,
                "from": g.origin,
                "to": g.destination,
                "depart": fields.format_time(g.depart),
                "arrive": fields.format_time(g.arrive),
                "cost": g.cost,
                "co2e_kg": g.co2e_kg,
            }
            for g in s.legs
        ],
    }
    if s.reason:
        item["reason"] = s.reason
    return item


def plan_from_dict(doc: dict[str, Any]) -> Plan:
    """Read a plan written by `plan_to_dict` (trusting its shape; see routing.check)."""
    shipments = []
    for raw in doc["shipments"]:
        legs = tuple(
            Leg(
                g["service"],
                g["mode"],
                g["from"],
                g["to"],
                _time(g["depart"]),
                _time(g["arrive"]),
                float(g["cost"]),
                float(g["co2e_kg"]),
            )
            for g in raw.get("legs", [])
        )
        arrive = fields.parse_time(raw["arrive"]) if raw.get("arrive") else None
        shipments.append(
            PlannedShipment(
                raw["id"],
                raw["status"],
                float(raw["cost"]),
                float(raw["co2e_kg"]),
                float(raw["late_h"]),
                arrive,
                legs,
                raw.get("reason"),
            )
        )
    return Plan(
        doc["status"],
        float(doc["objective"]),
        float(doc["lower_bound"]),
        float(doc.get("solve_s", 0.0)),
        tuple(shipments),
    )


def _time(text: str) -> datetime:
    moment = fields.parse_time(text)
    if moment is None:
        raise ValueError(f"bad time {text!r}")
    return moment
