"""Engine choice and the Solomon-file entry point used by ``silkhub plan vrp``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from routing.vrp import ortools_engine, pyvrp_engine
from routing.vrp.evaluate import RouteInfeasible, with_schedule
from routing.vrp.model import VrpData, VrpSolution
from routing.vrp.solomon import SCALE, read_instance, to_vrp_data

Engine = Literal["ortools", "pyvrp"]
ENGINES: dict[str, Callable[[VrpData, float, int], VrpSolution]] = {
    "ortools": ortools_engine.solve,
    "pyvrp": pyvrp_engine.solve,
}
# Chosen from bench/vrp.py on the 56 Solomon instances (see docs/loadplan-vrp.md).
DEFAULT_ENGINE: Engine = "pyvrp"


def solve(
    data: VrpData, time_limit_s: float, engine: str = DEFAULT_ENGINE, seed: int = 0
) -> VrpSolution:
    """Solve with the chosen engine and re-check the result independently.

    The returned routes carry their earliest service starts; ``feasible`` is False when
    the engine found nothing or its routes break a rule.
    """
    if engine not in ENGINES:
        raise ValueError(f"Unknown engine {engine!r}; use one of {sorted(ENGINES)}.")
    if time_limit_s <= 0:
        raise ValueError("The time limit must be positive.")
    solution = ENGINES[engine](data, time_limit_s, seed)
    if not solution.routes:
        return solution
    try:
        routes, distance = with_schedule(data, solution.routes)
    except RouteInfeasible:
        solution.feasible = False
        return solution
    solution.routes, solution.distance = routes, distance
    return solution


def solve_vrp_file(
    path: str | Path, time_limit_s: float, engine: str = DEFAULT_ENGINE, seed: int = 0
) -> dict:
    """Solve a Solomon VRPTW file: ``{"distance": D, "routes": [[customer, ...], ...]}``.

    D is the total distance under the truncated-tenths convention of the best-known .sol
    files; routes list customer numbers in visiting order. ``feasible`` is false (and the
    routes empty) when no solution serving every customer was found.
    """
    data = to_vrp_data(read_instance(path))
    solution = solve(data, time_limit_s, engine, seed)
    ok = solution.feasible and not solution.dropped and bool(solution.routes)
    return {
        "distance": round(solution.distance / SCALE, 1) if ok else None,
        "routes": [list(r.stops) for r in solution.routes] if ok else [],
        "vehicles": len(solution.routes) if ok else 0,
        "feasible": ok,
        "engine": solution.engine,
        "solve_s": solution.solve_s,
    }
