"""An independent checker of a container load plan, written from the contract text only.

It shares no code with the planner: it reads the input and output documents as plain JSON
and recomputes everything in centimetres with a small tolerance. Rules checked: each box
placed once or listed unplaced; allowed orientation; inside the container; no overlap;
support (floor, or >= 80% of the base on tops exactly at its bottom height); stack:false
boxes carry nothing; payload; dg never with cold; CoG within the middle third of the
length; the loading order (supporters first, nothing loaded earlier stands between a box
and the door); container counts; weight and fill as reported; the container bound.
"""

from __future__ import annotations

import math
from itertools import permutations

EPS = 1e-6
SUPPORT = 0.8


def check_plan(inp: dict, plan: dict) -> list[str]:
    """Every rule the plan breaks, as readable messages; an empty list means valid."""
    boxes = {b["id"]: b for b in inp["boxes"]}
    types = {c["type"]: c for c in inp["containers"]}
    errors: list[str] = []
    seen: dict[str, int] = {}
    used: dict[str, int] = {}
    for cont in plan["containers"]:
        ctype = types.get(cont["type"])
        if ctype is None:
            errors.append(f"container {cont['index']}: unknown type {cont['type']!r}")
            continue
        if cont["placements"]:
            used[cont["type"]] = used.get(cont["type"], 0) + 1
        for p in cont["placements"]:
            seen[p["box"]] = seen.get(p["box"], 0) + 1
        errors += _container_errors(cont, ctype, boxes)
    for u in plan["unplaced"]:
        seen[u["box"]] = seen.get(u["box"], 0) + 1
        if not isinstance(u.get("reason"), str) or not u["reason"]:
            errors.append(f"unplaced {u['box']}: no reason code")
    errors += [f"box {b}: listed {n} times" for b, n in seen.items() if n != 1]
    errors += [f"box {b}: unknown id" for b in seen if b not in boxes]
    errors += [f"box {b}: neither placed nor unplaced" for b in boxes if b not in seen]
    errors += [
        f"type {t}: {n} used, {types[t].get('count', 1)} available"
        for t, n in used.items()
        if n > types[t].get("count", 1)
    ]
    return errors + _bound_errors(inp, plan, sum(used.values()))


def _container_errors(cont: dict, ctype: dict, boxes: dict) -> list[str]:
    tag = f"container {cont['index']}"
    ps = [p for p in cont["placements"] if p["box"] in boxes]
    errors = []
    for p in ps:
        errors += _box_errors(tag, p, boxes[p["box"]], ctype["inner_cm"])
    errors += _overlaps(tag, ps)
    errors += _support(tag, ps, boxes)
    errors += _order(tag, ps)
    weight = sum(boxes[p["box"]]["weight_kg"] for p in ps)
    if weight > ctype.get("payload_kg", math.inf) * (1 + EPS):
        errors.append(f"{tag}: {weight} kg over payload {ctype['payload_kg']}")
    if abs(weight - cont["weight_kg"]) > EPS * max(1.0, weight):
        errors.append(f"{tag}: weight_kg {cont['weight_kg']} but boxes weigh {weight}")
    fill = sum(_vol(p["dims_cm"]) for p in ps) / _vol(ctype["inner_cm"])
    if abs(fill - cont["fill"]) > EPS:
        errors.append(f"{tag}: fill {cont['fill']} but boxes fill {fill}")
    cargo = {boxes[p["box"]].get("cargo", "general") for p in ps}
    if {"dg", "cold"} <= cargo:
        errors.append(f"{tag}: dg and cold cargo together")
    if ps:
        errors += _cog(tag, ps, boxes, ctype["inner_cm"][0])
    return errors


def _box_errors(tag: str, p: dict, box: dict, inner: list[float]) -> list[str]:
    d, pos, listed = p["dims_cm"], p["pos_cm"], box["dims_cm"]
    errors = []
    if box.get("any_side_up", False):
        allowed = [list(o) for o in permutations(listed)]
    elif box.get("rotate", False):
        allowed = [list(listed), [listed[1], listed[0], listed[2]]]
    else:
        allowed = [list(listed)]
    if not any(all(abs(a - b) <= EPS for a, b in zip(d, o, strict=True)) for o in allowed):
        errors.append(f"{tag}: {p['box']} dims {d} not an allowed orientation of {listed}")
    for k in range(3):
        if pos[k] < -EPS or pos[k] + d[k] > inner[k] + EPS:
            errors.append(f"{tag}: {p['box']} sticks out along axis {k}")
    return errors


def _overlaps(tag: str, ps: list[dict]) -> list[str]:
    errors = []
    for i, a in enumerate(ps):
        for b in ps[i + 1 :]:
            if all(_ov(a, b, k) > EPS for k in range(3)):
                errors.append(f"{tag}: {a['box']} and {b['box']} overlap")
    return errors


def _support(tag: str, ps: list[dict], boxes: dict) -> list[str]:
    errors = []
    for b in ps:
        z = b["pos_cm"][2]
        if z <= EPS:
            continue
        under = [a for a in ps if a is not b and abs(_top(a) - z) <= EPS and _area(a, b) > EPS]
        area = sum(_area(a, b) for a in under)
        base = b["dims_cm"][0] * b["dims_cm"][1]
        if area < SUPPORT * base - EPS:
            errors.append(f"{tag}: {b['box']} supported on {area / base:.0%} of its base")
        for a in under:
            if not boxes[a["box"]].get("stack", True):
                errors.append(f"{tag}: {a['box']} is stack:false but carries {b['box']}")
    return errors


def _order(tag: str, ps: list[dict]) -> list[str]:
    errors = []
    for n, b in enumerate(ps):
        for a in ps[n + 1 :]:
            if abs(_top(a) - b["pos_cm"][2]) <= EPS and _area(a, b) > EPS:
                errors.append(f"{tag}: {b['box']} loaded before {a['box']} which carries it")
        for a in ps[:n]:
            door_side = a["pos_cm"][0] >= b["pos_cm"][0] + b["dims_cm"][0] - EPS
            if door_side and _ov(a, b, 1) > EPS and _ov(a, b, 2) > EPS:
                errors.append(f"{tag}: {a['box']} loaded earlier blocks the way to {b['box']}")
    return errors


def _cog(tag: str, ps: list[dict], boxes: dict, length: float) -> list[str]:
    weights = [boxes[p["box"]]["weight_kg"] for p in ps]
    if sum(weights) <= 0:
        weights = [_vol(p["dims_cm"]) for p in ps]
    c = sum(w * (p["pos_cm"][0] + p["dims_cm"][0] / 2) for w, p in zip(weights, ps, strict=True))
    c /= sum(weights)
    if not length / 3 - EPS <= c <= 2 * length / 3 + EPS:
        return [f"{tag}: centre of gravity at x={c:.1f} cm, outside the middle third"]
    return []


def _bound_errors(inp: dict, plan: dict, used: int) -> list[str]:
    lb = plan.get("lower_bound_containers")
    if not isinstance(lb, int) or lb < 0:
        return ["lower_bound_containers missing or not a non-negative integer"]
    reasons = {u["reason"] for u in plan["unplaced"]}
    if lb > used and not reasons - {"TOO_LARGE", "TOO_HEAVY"}:
        return [f"lower bound {lb} above the {used} containers of a complete plan"]
    return []


def _ov(a: dict, b: dict, k: int) -> float:
    lo = max(a["pos_cm"][k], b["pos_cm"][k])
    hi = min(a["pos_cm"][k] + a["dims_cm"][k], b["pos_cm"][k] + b["dims_cm"][k])
    return max(0.0, hi - lo)


def _area(a: dict, b: dict) -> float:
    return _ov(a, b, 0) * _ov(a, b, 1)


def _top(a: dict) -> float:
    return a["pos_cm"][2] + a["dims_cm"][2]


def _vol(d: list[float]) -> float:
    return d[0] * d[1] * d[2]
