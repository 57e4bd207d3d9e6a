"""Independent evaluation of routes: distance, load and the schedule (earliest service starts)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from routing.vrp.model import Route, VrpData


class RouteInfeasible(ValueError):
    """A route breaks a capacity or time-window rule."""


def route_distance(data: VrpData, stops: Sequence[int]) -> int:
    path = [0, *stops, 0]
    return sum(data.distance[a][b] for a, b in itertools.pairwise(path))


def schedule(data: VrpData, stops: Sequence[int]) -> list[int]:
    """Earliest service start at each stop, leaving the depot when it opens.

    Raises RouteInfeasible when a window closes before the vehicle can start service,
    or when the vehicle is back at the depot after it closes.
    """
    t, prev, starts = data.window[0][0], 0, []
    for node in stops:
        early, late = data.window[node]
        t = max(t + data.duration[prev][node], early)
        if t > late:
            raise RouteInfeasible(f"stop {node} reached at {t}, after its window closes at {late}")
        starts.append(t)
        t += data.service[node]
        prev = node
    back = t + data.duration[prev][0]
    if stops and back > data.window[0][1]:
        raise RouteInfeasible(f"back at the depot at {back}, after it closes")
    return starts


def check_load(data: VrpData, vehicle: int, stops: Sequence[int]) -> None:
    for dim, cap in enumerate(data.capacity[vehicle]):
        load = sum(data.demand[n][dim] for n in stops)
        if load > cap:
            raise RouteInfeasible(f"vehicle {vehicle} carries {load} > {cap} in dimension {dim}")


def with_schedule(data: VrpData, routes: Sequence[Route]) -> tuple[list[Route], int]:
    """Check every route and return them with service starts, and the total distance."""
    out, total = [], 0
    for route in routes:
        check_load(data, route.vehicle, route.stops)
        out.append(Route(route.vehicle, tuple(route.stops), tuple(schedule(data, route.stops))))
        total += route_distance(data, route.stops)
    return out, total
