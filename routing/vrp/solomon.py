"""Solomon VRPTW files and the DIMACS distance convention.

Distances are Euclidean, truncated to one decimal: floor(10 d) / 10. Internally every
distance and time is kept in tenths (an integer), travel time equals distance, and a
vehicle must be back at the depot by the depot's due date.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from routing.vrp.model import VrpData

SCALE = 10  # integer units per distance unit (tenths)


@dataclass(frozen=True)
class SolomonInstance:
    name: str
    vehicles: int
    capacity: int
    coords: tuple[tuple[float, float], ...]
    demand: tuple[int, ...]
    ready: tuple[int, ...]
    due: tuple[int, ...]
    service: tuple[int, ...]


def truncated_tenths(a: tuple[float, float], b: tuple[float, float]) -> int:
    """floor(10 * euclidean distance), exact for integer coordinates."""
    dx, dy = a[0] - b[0], a[1] - b[1]
    if float(dx).is_integer() and float(dy).is_integer():
        return math.isqrt(int(100 * (dx * dx + dy * dy)))
    return math.floor(10 * math.hypot(dx, dy) + 1e-9)


def read_instance(path: str | Path) -> SolomonInstance:
    lines = [ln.split() for ln in Path(path).read_text().splitlines()]
    name = lines[0][0] if lines and lines[0] else Path(path).stem
    rows = [r for r in lines if r and all(_is_number(t) for t in r)]
    vehicles, capacity = int(rows[0][0]), int(rows[0][1])
    nodes = [r for r in rows[1:] if len(r) == 7]
    if not nodes or int(float(nodes[0][0])) != 0:
        raise ValueError(f"{path}: no depot row (customer 0)")
    coords = tuple((float(r[1]), float(r[2])) for r in nodes)
    return SolomonInstance(
        name=name,
        vehicles=vehicles,
        capacity=capacity,
        coords=coords,
        demand=tuple(int(float(r[3])) for r in nodes),
        ready=tuple(int(float(r[4])) for r in nodes),
        due=tuple(int(float(r[5])) for r in nodes),
        service=tuple(int(float(r[6])) for r in nodes),
    )


def _is_number(token: str) -> bool:
    try:
        float(token)
    except ValueError:
        return False
    return True


def to_vrp_data(inst: SolomonInstance) -> VrpData:
    dist = tuple(tuple(truncated_tenths(a, b) for b in inst.coords) for a in inst.coords)
    return VrpData(
        distance=dist,
        duration=dist,
        demand=tuple((d,) for d in inst.demand),
        window=tuple((r * SCALE, d * SCALE) for r, d in zip(inst.ready, inst.due, strict=True)),
        service=tuple(s * SCALE for s in inst.service),
        capacity=tuple((inst.capacity,) for _ in range(inst.vehicles)),
    )


def read_solution(path: str | Path) -> tuple[list[list[int]], float | None]:
    """Routes (customer numbers) and the stated cost of a .sol file."""
    routes: list[list[int]] = []
    cost = None
    for line in Path(path).read_text().splitlines():
        if line.lower().startswith("route"):
            routes.append([int(t) for t in line.split(":", 1)[1].split()])
        elif line.lower().startswith("cost"):
            cost = float(line.split()[1])
    return routes, cost
