"""Random carton sets for multi-container benchmarks and tests (seeded)."""

from __future__ import annotations

import random

FORTY_HC = {"type": "40HC", "inner_cm": [1203, 235, 269], "payload_kg": 26500}
RANGES = ((55, 160), (45, 125), (40, 110))


def random_cartons(
    n: int, seed: int, count: int = 20, ranges: tuple = RANGES, cargo_mix: bool = False
) -> dict:
    """``n`` cartons with dims uniform in ``ranges`` (cm), rotatable, a third any side up,
    a twentieth stack:false, 100-300 kg/m3; with ``cargo_mix`` some dg and cold too."""
    rng = random.Random(seed)
    boxes = []
    for i in range(n):
        dims = [rng.randint(lo, hi) for lo, hi in ranges]
        density = rng.uniform(100, 300)
        box = {
            "id": f"C{seed}-{i:04d}",
            "dims_cm": dims,
            "weight_kg": round(dims[0] * dims[1] * dims[2] / 1e6 * density, 2),
            "cargo": "general",
            "rotate": True,
            "any_side_up": rng.random() < 1 / 3,
            "stack": rng.random() >= 0.05,
        }
        if cargo_mix:
            box["cargo"] = rng.choices(["general", "dg", "cold"], [8, 1, 1])[0]
        boxes.append(box)
    return {"containers": [{**FORTY_HC, "count": count}], "boxes": boxes}
