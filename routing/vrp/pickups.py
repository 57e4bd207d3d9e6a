"""Road pickups: trucks collect from factories and bring the goods to the hub.

The input and output formats are this module's own (the planning contract is silent);
docs/loadplan-vrp.md describes them. Distances are great-circle km times a road factor,
driving at a constant speed; times are RFC 3339 UTC.
"""

from __future__ import annotations

import itertools
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from routing.vrp.evaluate import schedule
from routing.vrp.model import VrpData
from routing.vrp.solve import DEFAULT_ENGINE, solve

KG, M3 = 100, 1000  # integer units: 10 g and 1 litre
DROP_PENALTY = 10**9
EARTH_KM = 6371.0


class PickupInputError(ValueError):
    def __init__(self, code: str, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.code, self.path = code, path


def plan_pickups(
    data: dict, time_limit_s: float = 10.0, engine: str = DEFAULT_ENGINE, seed: int = 0
) -> dict:
    """Routes for ``data`` (see the module doc); stops that cannot be served are listed in
    ``unserved`` with a reason: TIME_WINDOW, CAPACITY or NOT_ROUTED."""
    depot, stops, vehicles = _parse(data)
    origin = depot["open"]
    speed = float(data.get("speed_kmh", 50.0))
    factor = float(data.get("road_factor", 1.3))
    points = [depot, *stops]
    km = [[_km(a, b) * factor for b in points] for a in points]
    vrp = _vrp_data(points, vehicles, km, speed, origin)
    unserved = _hopeless(vrp, stops)
    sub = _without(vrp, [i for i, _ in unserved])
    solution = solve(sub.data, time_limit_s, engine, seed)
    routes = [
        _route_out(sub, r.vehicle, r.stops, km, vehicles, stops, origin) for r in solution.routes
    ]
    unserved += [(sub.nodes[n], "NOT_ROUTED") for n in solution.dropped]
    if not solution.routes and not solution.feasible and len(sub.nodes) > 1:
        unserved += [(n, "NOT_ROUTED") for n in sub.nodes[1:]]
    return {
        "status": "feasible" if not unserved else "partial",
        "distance_km": sum(r["distance_km"] for r in routes),
        "routes": routes,
        "unserved": [{"stop": stops[n - 1]["id"], "reason": why} for n, why in sorted(unserved)],
        "engine": solution.engine,
        "solve_s": solution.solve_s,
    }


def _parse(data: Any) -> tuple[dict, list[dict], list[dict]]:
    if not isinstance(data, dict):
        raise PickupInputError("NOT_AN_OBJECT", "$", "a JSON object is required")
    depot = dict(data.get("depot") or {})
    _point(depot, "$.depot")
    depot["open"], depot["close"] = (
        _time(depot, "open", "$.depot"),
        _time(depot, "close", "$.depot"),
    )
    stops = []
    for i, raw in enumerate(data.get("stops") or []):
        path = f"$.stops[{i}]"
        stop = dict(raw)
        _point(stop, path)
        window = stop.get("window") or [raw.get("open"), raw.get("close")]
        if not isinstance(window, list) or len(window) != 2:
            raise PickupInputError("INVALID_WINDOW", f"{path}.window", "[open, close] times")
        stop["open"], stop["close"] = _ts(window[0], path), _ts(window[1], path)
        if stop["close"] < stop["open"]:
            raise PickupInputError("INVALID_WINDOW", f"{path}.window", "closes before it opens")
        stops.append(stop)
    vehicles = list(data.get("vehicles") or [])
    if not vehicles:
        raise PickupInputError("NO_VEHICLES", "$.vehicles", "at least one vehicle")
    return depot, stops, vehicles


def _point(obj: dict, path: str) -> None:
    for key in ("id", "lat", "lon"):
        if key not in obj:
            raise PickupInputError("MISSING_FIELD", f"{path}.{key}", "required")


def _time(obj: dict, key: str, path: str) -> datetime:
    return _ts(obj.get(key), f"{path}.{key}")


def _ts(value: Any, path: str) -> datetime:
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
    except ValueError as exc:
        raise PickupInputError("INVALID_TIME", path, "an RFC 3339 time") from exc


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 2 * EARTH_KM * math.asin(math.sqrt(h))


def _secs(t: datetime, origin: datetime) -> int:
    return int((t - origin).total_seconds())


def _vrp_data(points, vehicles, km, speed, origin) -> VrpData:
    def demand(p: dict) -> tuple[int, int]:
        return math.ceil(p.get("demand_kg", 0) * KG), math.ceil(p.get("demand_m3", 0) * M3)

    def capacity(v: dict) -> tuple[int, int]:
        return (
            math.floor(v.get("capacity_kg", 1e9) * KG),
            math.floor(v.get("capacity_m3", 1e6) * M3),
        )

    return VrpData(
        distance=tuple(tuple(round(d * 1000) for d in row) for row in km),
        duration=tuple(tuple(math.ceil(d / speed * 3600) for d in row) for row in km),
        demand=((0, 0), *(demand(p) for p in points[1:])),
        window=tuple((_secs(p["open"], origin), _secs(p["close"], origin)) for p in points),
        service=(0, *(round(p.get("service_min", 0) * 60) for p in points[1:])),
        capacity=tuple(capacity(v) for v in vehicles),
        drop_penalty=DROP_PENALTY,
    )


def _hopeless(vrp: VrpData, stops: list[dict]) -> list[tuple[int, str]]:
    out = []
    for n in range(1, vrp.num_nodes):
        if not any(
            all(d <= c for d, c in zip(vrp.demand[n], cap, strict=True)) for cap in vrp.capacity
        ):
            out.append((n, "CAPACITY"))
            continue
        try:
            schedule(vrp, [n])
        except ValueError:
            out.append((n, "TIME_WINDOW"))
    return out


class _Sub:
    def __init__(self, data: VrpData, nodes: list[int]) -> None:
        self.data, self.nodes = data, nodes


def _without(vrp: VrpData, drop: list[int]) -> _Sub:
    keep = [n for n in range(vrp.num_nodes) if n not in set(drop)]

    def pick(seq):
        return tuple(seq[n] for n in keep)

    data = VrpData(
        distance=tuple(pick(vrp.distance[a]) for a in keep),
        duration=tuple(pick(vrp.duration[a]) for a in keep),
        demand=pick(vrp.demand),
        window=pick(vrp.window),
        service=pick(vrp.service),
        capacity=vrp.capacity,
        drop_penalty=vrp.drop_penalty,
    )
    return _Sub(data, keep)


def _route_out(sub: _Sub, vehicle: int, route: tuple[int, ...], km, vehicles, stops, origin):
    data = sub.data
    starts = schedule(data, route)
    path = [0, *route, 0]
    t, visits = data.window[0][0], []
    for prev, node, start in zip(path, route, starts, strict=False):
        arrive = t + data.duration[prev][node]
        t = start + data.service[node]
        visits.append(
            {
                "stop": stops[sub.nodes[node] - 1]["id"],
                "arrive": _iso(origin, arrive),
                "start": _iso(origin, start),
                "depart": _iso(origin, t),
            }
        )
    back = t + data.duration[path[-2]][0]
    nodes = [sub.nodes[n] for n in path]
    return {
        "vehicle": vehicles[vehicle].get("id", str(vehicle)),
        "depart": _iso(origin, data.window[0][0]),
        "return": _iso(origin, back),
        "distance_km": sum(km[a][b] for a, b in itertools.pairwise(nodes)),
        "load_kg": sum(stops[sub.nodes[n] - 1].get("demand_kg", 0) for n in route),
        "load_m3": sum(stops[sub.nodes[n] - 1].get("demand_m3", 0) for n in route),
        "stops": visits,
    }


def _iso(origin: datetime, secs: int) -> str:
    return (origin + timedelta(seconds=secs)).strftime("%Y-%m-%dT%H:%M:%SZ")
