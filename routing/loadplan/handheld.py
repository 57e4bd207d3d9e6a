"""The handheld's load step: which box goes next, and where."""

from __future__ import annotations

from collections.abc import Iterable


def next_placement(plan: dict, loaded: Iterable[str], container: int | None = None) -> dict | None:
    """The first placement in loading order whose box is not yet loaded.

    Looks in container ``container`` (its ``index``) or, when None, in the containers in
    plan order. Returns ``{"container", "box", "pos_cm", "dims_cm", "step", "of"}`` with a
    1-based ``step``, or None when everything there is loaded.
    """
    done = set(loaded)
    for cont in plan["containers"]:
        if container is not None and cont["index"] != container:
            continue
        for step, p in enumerate(cont["placements"], start=1):
            if p["box"] not in done:
                return {
                    "container": cont["index"],
                    "box": p["box"],
                    "pos_cm": list(p["pos_cm"]),
                    "dims_cm": list(p["dims_cm"]),
                    "step": step,
                    "of": len(cont["placements"]),
                }
    return None
