"""Sample hub data for tests, the demo and ``silkhub simulate hub``: a manifest drawn from a seed.

Packages of one inbound container: about 60% transshipment and 40% export, general cargo
with one dangerous-goods package, most for one outbound service; every seventh has only a
waybill. SSCCs use a foreign company prefix (the shipper's labels).
"""

from __future__ import annotations

import random
from typing import Any

from warehouse.trace.sscc import build_sscc

SHIPPER_PREFIX = "4012345"
MAIN_SERVICE, OTHER_SERVICE = "QD-BUSAN-SEA", "QD-OSAKA-SEA"
DESTINATIONS = {MAIN_SERVICE: "KRPUS", OTHER_SERVICE: "JPOSA"}


def sample_package(rng: random.Random, i: int, service: str, status: str) -> dict[str, Any]:
    dims = [rng.choice((40, 50, 60, 80, 100, 120)), rng.choice((30, 40, 50, 60, 80)),
            rng.choice((30, 40, 50, 60))]  # fmt: skip
    out: dict[str, Any] = {
        "dims_cm": dims, "weight_kg": round(rng.uniform(5, 60), 1), "cargo": "general",
        "customs_status": status, "service": service, "destination": DESTINATIONS[service],
        "rotate": True, "stack": True,
    }  # fmt: skip
    if i % 7 == 6:
        out["waybill"] = f"WB{rng.randrange(10**9, 10**10)}"
    else:
        out["sscc"] = build_sscc(0, SHIPPER_PREFIX, rng.randrange(10**7) * 100 + i)
    return out


def sample_manifest(n: int, seed: int, other_share: float = 0.1) -> list[dict[str, Any]]:
    """``n`` packages; the first of the main service is dangerous goods (not stackable)."""
    rng = random.Random(seed)
    packages = []
    for i in range(n):
        service = OTHER_SERVICE if rng.random() < other_share else MAIN_SERVICE
        status = "transshipment" if rng.random() < 0.6 else "export"
        packages.append(sample_package(rng, i, service, status))
    first = next(p for p in packages if p["service"] == MAIN_SERVICE)
    first.update(cargo="dg", stack=False)
    return packages
