"""OR-Tools routing engine (the only module of routing.vrp that imports ortools).

Arc cost is the integer distance; a time dimension carries travel plus service time with
waiting allowed; one capacity dimension per demand vector component. The first solution
comes from parallel cheapest insertion, then guided local search runs to the time limit.
"""

from __future__ import annotations

import itertools
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from routing.vrp.model import Route, VrpData, VrpSolution

FIRST_SOLUTION = "PARALLEL_CHEAPEST_INSERTION"
METAHEURISTIC = "GUIDED_LOCAL_SEARCH"


def solve(data: VrpData, time_limit_s: float, seed: int = 0) -> VrpSolution:
    """Solve ``data`` within ``time_limit_s`` seconds (OR-Tools is deterministic: seed unused)."""
    del seed
    started = time.monotonic()
    manager = pywrapcp.RoutingIndexManager(data.num_nodes, data.num_vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    _add_distance(routing, manager, data)
    _add_time(routing, manager, data)
    _add_capacities(routing, manager, data)
    if data.drop_penalty is not None:
        for node in range(1, data.num_nodes):
            routing.AddDisjunction([manager.NodeToIndex(node)], data.drop_penalty)
    solution = routing.SolveWithParameters(_parameters(time_limit_s))
    elapsed = time.monotonic() - started
    if not solution:
        return VrpSolution([], 0, list(range(1, data.num_nodes)), "ortools", elapsed, False)
    routes = _get_routes(routing, manager, solution, data)
    served = {n for r in routes for n in r.stops}
    dropped = [n for n in range(1, data.num_nodes) if n not in served]
    distance = sum(_route_distance(data, r.stops) for r in routes)
    return VrpSolution(routes, distance, dropped, "ortools", elapsed, True)


def _add_distance(routing, manager, data: VrpData) -> None:
    index = routing.RegisterTransitMatrix([list(row) for row in data.distance])
    routing.SetArcCostEvaluatorOfAllVehicles(index)


def _add_time(routing, manager, data: VrpData) -> None:
    matrix = [[data.service[a] + d for d in row] for a, row in enumerate(data.duration)]
    index = routing.RegisterTransitMatrix(matrix)
    horizon = data.horizon
    routing.AddDimension(index, horizon, horizon, False, "time")
    dim = routing.GetDimensionOrDie("time")
    for node in range(1, data.num_nodes):
        early, late = data.window[node]
        dim.CumulVar(manager.NodeToIndex(node)).SetRange(early, late)
    early, late = data.window[0]
    for v in range(data.num_vehicles):
        dim.CumulVar(routing.Start(v)).SetRange(early, late)
        dim.CumulVar(routing.End(v)).SetRange(early, late)
        routing.AddVariableMinimizedByFinalizer(dim.CumulVar(routing.Start(v)))
        routing.AddVariableMinimizedByFinalizer(dim.CumulVar(routing.End(v)))


def _add_capacities(routing, manager, data: VrpData) -> None:
    for k in range(len(data.capacity[0])):
        index = routing.RegisterUnaryTransitVector([row[k] for row in data.demand])
        caps = [c[k] for c in data.capacity]
        routing.AddDimensionWithVehicleCapacity(index, 0, caps, True, f"load{k}")


def _parameters(time_limit_s: float):
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = getattr(
        routing_enums_pb2.FirstSolutionStrategy, FIRST_SOLUTION
    )
    params.local_search_metaheuristic = getattr(
        routing_enums_pb2.LocalSearchMetaheuristic, METAHEURISTIC
    )
    params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    return params


def _get_routes(routing, manager, solution, data: VrpData) -> list[Route]:
    dim = routing.GetDimensionOrDie("time")
    routes = []
    for v in range(data.num_vehicles):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        stops, starts = [], []
        while not routing.IsEnd(index):
            stops.append(manager.IndexToNode(index))
            starts.append(solution.Min(dim.CumulVar(index)))
            index = solution.Value(routing.NextVar(index))
        if stops:
            routes.append(Route(v, tuple(stops), tuple(starts)))
    return routes


def _route_distance(data: VrpData, stops: tuple[int, ...]) -> int:
    path = (0, *stops, 0)
    return sum(data.distance[a][b] for a, b in itertools.pairwise(path))
