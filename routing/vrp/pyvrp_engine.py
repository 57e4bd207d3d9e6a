"""PyVRP engine: hybrid genetic search over the same integer model."""

from __future__ import annotations

import time

import pyvrp
from pyvrp.stop import MaxRuntime

from routing.vrp.model import Route, VrpData, VrpSolution


def solve(data: VrpData, time_limit_s: float, seed: int = 0) -> VrpSolution:
    """Solve ``data`` with PyVRP for ``time_limit_s`` seconds from random ``seed``."""
    started = time.monotonic()
    model, type_vehicles = _build(data)
    result = model.solve(MaxRuntime(time_limit_s), seed=seed, display=False)
    elapsed = time.monotonic() - started
    best = result.best
    routes = _routes(best, type_vehicles)
    served = {n for r in routes for n in r.stops}
    dropped = [n for n in range(1, data.num_nodes) if n not in served]
    feasible = bool(best.is_feasible()) and (data.drop_penalty is not None or not dropped)
    return VrpSolution(routes, int(best.distance()), dropped, "pyvrp", elapsed, feasible)


def _build(data: VrpData) -> tuple[pyvrp.Model, list[list[int]]]:
    model = pyvrp.Model()
    early, late = data.window[0]
    depot = model.add_depot(model.add_location(0, 0), tw_early=early, tw_late=late)
    for node in range(1, data.num_nodes):
        model.add_client(
            model.add_location(0, 0),
            delivery=list(data.demand[node]),
            service_duration=data.service[node],
            tw_early=data.window[node][0],
            tw_late=data.window[node][1],
            required=data.drop_penalty is None,
            prize=data.drop_penalty or 0,
        )
    type_vehicles: dict[tuple[int, ...], list[int]] = {}
    for v, cap in enumerate(data.capacity):
        type_vehicles.setdefault(cap, []).append(v)
    for cap, vehicles in type_vehicles.items():
        model.add_vehicle_type(
            len(vehicles),
            capacity=list(cap),
            start_depot=depot,
            end_depot=depot,
            tw_early=early,
            tw_late=late,
        )
    locs = model.locations
    for a, la in enumerate(locs):
        for b, lb in enumerate(locs):
            if a != b:
                model.add_edge(la, lb, data.distance[a][b], data.duration[a][b])
    return model, list(type_vehicles.values())


def _routes(best: pyvrp.Solution, type_vehicles: list[list[int]]) -> list[Route]:
    free = [list(vs) for vs in type_vehicles]
    routes = []
    for route in best.routes():
        acts = [a for a in route.schedule() if a.is_client()]
        stops = tuple(a.idx + 1 for a in acts)
        starts = tuple(int(a.start_time) for a in acts)
        vehicle = free[route.vehicle_type()].pop(0)
        routes.append(Route(vehicle, stops, starts))
    return routes
