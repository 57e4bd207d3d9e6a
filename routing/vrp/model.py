"""The solver-neutral VRPTW model: integer matrices, windows, demands and vehicles.

Node 0 is the depot; every other node is a stop. All quantities are integers in the
caller's scaled units (the caller chooses the scale and converts back).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Matrix = tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class VrpData:
    """A VRPTW instance. ``demand[i]`` and ``capacity[v]`` are vectors of equal length."""

    distance: Matrix
    duration: Matrix
    demand: tuple[tuple[int, ...], ...]
    window: tuple[tuple[int, int], ...]
    service: tuple[int, ...]
    capacity: tuple[tuple[int, ...], ...]
    drop_penalty: int | None = None  # None: every stop must be served

    def __post_init__(self) -> None:
        n = len(self.distance)
        if n < 1:
            raise ValueError("Need at least the depot.")
        for name in ("duration", "demand", "window", "service"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} must have one entry per node ({n}).")
        for matrix in (self.distance, self.duration):
            if any(len(row) != n for row in matrix):
                raise ValueError("Matrices must be square.")
            if any(v < 0 for row in matrix for v in row):
                raise ValueError("Cannot have negative edge distance or duration.")
        if not self.capacity:
            raise ValueError("Need at least one vehicle.")
        dims = len(self.capacity[0])
        if any(len(c) != dims for c in self.capacity) or any(len(d) != dims for d in self.demand):
            raise ValueError("Demands and capacities must have the same dimensions.")
        if any(early > late for early, late in self.window):
            raise ValueError("A time window must not close before it opens.")
        if any(s < 0 for s in self.service):
            raise ValueError("Service durations must be non-negative.")

    @property
    def num_nodes(self) -> int:
        return len(self.distance)

    @property
    def num_vehicles(self) -> int:
        return len(self.capacity)

    @property
    def horizon(self) -> int:
        return self.window[0][1]


@dataclass(frozen=True)
class Route:
    """One vehicle's stops in visiting order (depot excluded) and their service starts."""

    vehicle: int
    stops: tuple[int, ...]
    starts: tuple[int, ...] = ()


@dataclass
class VrpSolution:
    routes: list[Route]
    distance: int
    dropped: list[int] = field(default_factory=list)
    engine: str = ""
    solve_s: float = 0.0
    feasible: bool = True

    def summary(self) -> str:
        return (
            f"{self.engine}: distance {self.distance}, {len(self.routes)} routes, "
            f"{len(self.dropped)} dropped, {self.solve_s:.1f} s"
        )
