"""CP-SAT assignment of boxes to containers by volume, weight and incompatibility.

The only module of routing.loadplan that imports ortools. It solves the relaxation of the
load plan that forgets geometry except pairwise "cannot share a container" conflicts:
every box to one container, volume and payload per container, dg never with cold.
The proven objective bound is a valid lower bound on the containers any load plan needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from ortools.sat.python import cp_model

MAX_LITERALS = 60_000  # beyond this the model is not built (the simple bounds stand)


@dataclass(frozen=True)
class Item:
    volume: int  # rounded down
    weight: int  # rounded down
    cargo: str
    types: frozenset[int]  # container types it fits


@dataclass(frozen=True)
class Bin:
    type: int
    volume: int  # rounded up
    payload: int | None  # rounded up; None when unlimited


def min_containers(
    items: list[Item],
    bins: list[Bin],
    conflicts: dict[int, list[tuple[int, int]]],
    time_limit_s: float,
) -> tuple[int, list[int] | None]:
    """Proven lower bound on the containers used, and an assignment (bin per item) if found."""
    if not items:
        return 0, []
    literals = sum(1 for it in items for b in bins if b.type in it.types)
    if literals > MAX_LITERALS or time_limit_s <= 0:
        return 0, None
    model = cp_model.CpModel()
    used = [model.new_bool_var(f"u{b}") for b in range(len(bins))]
    x = {
        (i, b): model.new_bool_var(f"x{i}_{b}")
        for i, it in enumerate(items)
        for b, spec in enumerate(bins)
        if spec.type in it.types
    }
    per_item: list[list[cp_model.IntVar]] = [[] for _ in items]
    per_bin: list[list[tuple[int, cp_model.IntVar]]] = [[] for _ in bins]
    for (i, b), v in x.items():
        per_item[i].append(v)
        per_bin[b].append((i, v))
    for vs in per_item:
        model.add_exactly_one(vs)
    for b, spec in enumerate(bins):
        mine = per_bin[b]
        model.add(sum(items[i].volume * v for i, v in mine) <= spec.volume * used[b])
        if spec.payload is not None:
            model.add(sum(items[i].weight * v for i, v in mine) <= spec.payload * used[b])
        _cargo_rule(model, items, mine)
        for i, j in conflicts.get(spec.type, ()):
            if (i, b) in x and (j, b) in x:
                model.add(x[i, b] + x[j, b] <= 1)
        if b + 1 < len(bins) and bins[b + 1].type == spec.type:
            model.add(used[b] >= used[b + 1])
    model.minimize(sum(used))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return 0, None
    bound = math.ceil(solver.best_objective_bound - 1e-6)
    assignment = [
        next(b for b in range(len(bins)) if (i, b) in x and solver.value(x[i, b]))
        for i in range(len(items))
    ]
    return bound, assignment


def _cargo_rule(model: cp_model.CpModel, items: list[Item], mine: list) -> None:
    dg = [v for i, v in mine if items[i].cargo == "dg"]
    cold = [v for i, v in mine if items[i].cargo == "cold"]
    if dg and cold:
        has_dg, has_cold = model.new_bool_var(""), model.new_bool_var("")
        for v in dg:
            model.add_implication(v, has_dg)
        for v in cold:
            model.add_implication(v, has_cold)
        model.add(has_dg + has_cold <= 1)
