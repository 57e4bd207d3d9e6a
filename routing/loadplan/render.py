"""Plan output in the contract's shape (centimetres, loading order kept)."""

from __future__ import annotations

from routing.loadplan.geometry import Placed
from routing.loadplan.model import ContainerType, LoadInput, to_cm


def render_plan(
    inp: LoadInput,
    loaded: list[tuple[ContainerType, list[Placed]]],
    unplaced: list[tuple[int, str]],
    bound: int,
    solve_s: float,
) -> dict:
    containers = []
    for index, (ctype, placed) in enumerate(loaded):
        volume = sum(p.l * p.w * p.h for p in placed)
        containers.append(
            {
                "index": index,
                "type": ctype.type,
                "seal": None,
                "weight_kg": sum(inp.boxes[p.box].weight_kg for p in placed),
                "fill": volume / ctype.volume,
                "placements": [_placement(inp, p) for p in placed],
            }
        )
    return {
        "containers": containers,
        "unplaced": [{"box": inp.boxes[i].id, "reason": r} for i, r in sorted(unplaced)],
        "lower_bound_containers": bound,
        "solve_s": solve_s,
    }


def _placement(inp: LoadInput, p: Placed) -> dict:
    return {
        "box": inp.boxes[p.box].id,
        "pos_cm": [to_cm(p.x), to_cm(p.y), to_cm(p.z)],
        "dims_cm": [to_cm(p.l), to_cm(p.w), to_cm(p.h)],
    }
