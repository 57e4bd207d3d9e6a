"""An independent checker of route plans, written from the contract text (planning-io.md).

It reads the three JSON documents as plain dicts and shares no code with the planner, so a bug
in the planner's cost or time arithmetic is not repeated here. `check_plan` lists every broken
rule; an empty list means the plan keeps the contract.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

REL_TOL = 1e-6
TIME_TOL = timedelta(milliseconds=1)


@dataclass(frozen=True)
class Violation:
    rule: str
    path: str
    message: str


def _t(text: Any) -> datetime | None:
    if not isinstance(text, str) or not text.endswith("Z"):
        return None
    try:
        return datetime.fromisoformat(text[:-1] + "+00:00")
    except ValueError:
        return None


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=1e-6)


def _chargeable(mode: str, weight: float, volume: float) -> float:
    if mode == "air":
        return max(weight, volume * 167)
    if mode == "road":
        return max(weight, volume * 333)
    return weight


class _Checker:
    def __init__(self, network: dict, shipments: dict, plan: dict) -> None:
        self.hubs = {h["id"]: h for h in network["hubs"]}
        self.services = {s["id"]: s for s in network["services"]}
        self.shipments = {s["id"]: s for s in shipments["shipments"]}
        self.objective = shipments.get("objective", {})
        self.plan = plan
        self.out: list[Violation] = []
        self.load: dict[tuple[str, str], list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])

    def fail(self, rule: str, path: str, message: str) -> None:
        self.out.append(Violation(rule, path, message))

    def run(self) -> list[Violation]:
        plan = self.plan
        if plan.get("status") not in ("optimal", "feasible", "infeasible"):
            self.fail("STATUS", "status", f"unknown plan status {plan.get('status')!r}")
        items = plan.get("shipments", [])
        seen = [item.get("id") for item in items]
        for sid in self.shipments:
            if seen.count(sid) != 1:
                self.fail("EVERY_SHIPMENT_ONCE", "shipments", f"{sid} appears {seen.count(sid)}x")
        for i, item in enumerate(items):
            if item.get("id") not in self.shipments:
                self.fail("UNKNOWN_SHIPMENT", f"shipments[{i}]", f"unknown {item.get('id')}")
                continue
            if item.get("status") == "planned":
                self.planned(i, item, self.shipments[item["id"]])
            else:
                self.unplanned(i, item)
        self.capacities()
        self.totals(items)
        return self.out

    def unplanned(self, i: int, item: dict) -> None:
        path = f"shipments[{i}]"
        if item.get("status") != "unplanned":
            self.fail("SHIPMENT_STATUS", path, f"status {item.get('status')!r}")
        if not item.get("reason"):
            self.fail("UNPLANNED_REASON", path, "an unplanned shipment needs a reason code")
        if item.get("legs") or any(item.get(k) for k in ("cost", "co2e_kg", "late_h")):
            self.fail("UNPLANNED_ZERO", path, "unplanned: legs [] and cost, co2e_kg, late_h 0")

    def planned(self, i: int, item: dict, ship: dict) -> None:
        path = f"shipments[{i}]"
        legs = item.get("legs") or []
        if not legs:
            self.fail("LEGS", path, "a planned shipment needs legs")
            return
        at, when, due = ship["origin"], _t(ship["ready"]), _t(ship["due"])
        if when is None or due is None:
            self.fail("BAD_TIME", path, "the shipment's ready or due is not a time ending in Z")
            return
        total = co2 = 0.0
        for k, leg in enumerate(legs):
            lp = f"{path}.legs[{k}]"
            svc = self.services.get(leg.get("service"))
            depart, arrive = _t(leg.get("depart")), _t(leg.get("arrive"))
            if svc is None or depart is None or arrive is None:
                self.fail("LEG_FIELDS", lp, "unknown service or bad time (times end in Z)")
                return
            if [leg.get("mode"), leg.get("from"), leg.get("to")] != [
                svc["mode"],
                svc["from"],
                svc["to"],
            ]:
                self.fail("LEG_SERVICE", lp, "mode/from/to differ from the service")
            if not any(_t(t) == depart for t in svc["departures"]):
                self.fail("DEPARTURE_LISTED", lp, f"{leg['depart']} is not a departure")
            if abs(arrive - (depart + timedelta(hours=svc["transit_h"]))) > TIME_TOL:
                self.fail("TRANSIT", lp, "arrive != depart + transit_h")
            if svc["from"] != at:
                self.fail("CONTINUITY", lp, f"leaves {svc['from']} but the shipment is at {at}")
            earliest = when if k == 0 else when + timedelta(hours=self.hubs[at]["handling_h"])
            if depart < earliest - TIME_TOL:
                rule = "READY" if k == 0 else "HANDLING"
                self.fail(rule, lp, f"departs {leg['depart']} before {earliest:%Y-%m-%dT%H:%M}")
            if ship.get("cargo", "general") not in svc.get("cargo", ["general"]):
                self.fail("CARGO_CLASS", lp, f"{svc['id']} refuses {ship.get('cargo')}")
            charge = _chargeable(svc["mode"], ship["weight_kg"], ship["volume_m3"])
            load = self.load[svc["id"], leg["depart"]]
            load[0] += ship["weight_kg"]
            load[1] += ship["volume_m3"]
            load[2] += charge
            emitted = ship["weight_kg"] / 1000 * svc["distance_km"] * svc["co2e_g_per_tkm"] / 1000
            if not _close(float(leg.get("co2e_kg", -1)), emitted):
                self.fail("LEG_CO2E", lp, f"co2e_kg {leg.get('co2e_kg')} != {emitted}")
            total += float(leg.get("cost", 0.0))
            co2 += emitted
            if k < len(legs) - 1:
                total += self.hubs[svc["to"]].get("handling_cost_per_kg", 0) * ship["weight_kg"]
            at, when = svc["to"], arrive
        if at != ship["destination"]:
            self.fail("DESTINATION", path, f"ends at {at}, not {ship['destination']}")
        late = max(0.0, (when - due).total_seconds() / 3600)
        for key, value in (("cost", total), ("co2e_kg", co2), ("late_h", late)):
            if not _close(float(item.get(key, -1)), value):
                self.fail(f"SHIPMENT_{key.upper()}", path, f"{key} {item.get(key)} != {value}")
        if _t(item.get("arrive")) != when:
            self.fail("SHIPMENT_ARRIVE", path, "arrive differs from the last leg's arrival")

    def capacities(self) -> None:
        for (sid, depart), (kg, m3, _) in self.load.items():
            svc = self.services[sid]
            where = f"{sid}@{depart}"
            if svc.get("capacity_kg") is not None and kg > svc["capacity_kg"] * (1 + 1e-9):
                self.fail("CAPACITY_KG", where, f"{kg} kg > {svc['capacity_kg']}")
            if svc.get("capacity_m3") is not None and m3 > svc["capacity_m3"] * (1 + 1e-9):
                self.fail("CAPACITY_M3", where, f"{m3} m3 > {svc['capacity_m3']}")

    def totals(self, items: list[dict]) -> None:
        obj = self.objective
        expected = 0.0
        for i, item in enumerate(items):
            ship = self.shipments.get(item.get("id"))
            if ship is None:
                continue
            if item.get("status") != "planned":
                expected += obj.get("unplanned_cost_per_kg", 0) * ship["weight_kg"]
                continue
            expected += float(item.get("cost", 0))
            expected += obj.get("late_cost_per_kg_h", 0) * ship["weight_kg"] * item["late_h"]
            expected += obj.get("co2e_cost_per_kg", 0) * item["co2e_kg"]
            for k, leg in enumerate(item.get("legs", [])):
                self.leg_cost(f"shipments[{i}].legs[{k}]", leg, ship)
        got = float(self.plan.get("objective", math.nan))
        if not _close(got, expected):
            self.fail("OBJECTIVE", "objective", f"objective {got} != recomputed {expected}")
        bound = float(self.plan.get("lower_bound", math.nan))
        if not bound <= got * (1 + REL_TOL) + 1e-6:
            self.fail("LOWER_BOUND", "lower_bound", f"lower_bound {bound} > objective {got}")
        if self.plan.get("status") == "optimal" and got - bound > REL_TOL * abs(got) + 1e-6:
            self.fail("OPTIMAL_GAP", "status", "optimal needs a relative gap within 1e-6")

    def leg_cost(self, path: str, leg: dict, ship: dict) -> None:
        svc = self.services.get(leg.get("service"))
        if svc is None:
            return
        charge = _chargeable(svc["mode"], ship["weight_kg"], ship["volume_m3"])
        fixed = svc.get("cost_fixed", 0) or 0
        share = fixed * charge / self.load[svc["id"], leg["depart"]][2] if fixed else 0.0
        expected = svc["cost_per_kg"] * charge + share
        if not _close(float(leg.get("cost", -1)), expected):
            self.fail("LEG_COST", path, f"cost {leg.get('cost')} != {expected}")


def check_plan(network: dict, shipments: dict, plan: dict) -> list[Violation]:
    """Every broken rule of `plan` against the network and shipments documents."""
    return _Checker(network, shipments, plan).run()
