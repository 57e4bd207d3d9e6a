"""Fault knobs of the simulators, drawn from one seeded random source (reproducible runs)."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from typing import Any

PRINTER_FAULTS = ("paper_out", "ribbon_out", "head_open", "jam")


@dataclass(frozen=True)
class Knobs:
    """Probabilities per message (``disconnects``: per message sent, of a dropped link)."""

    duplicates: float = 0.0
    malformed: float = 0.0
    disconnects: float = 0.0
    out_of_order: float = 0.0
    noise_g: float = 0.0
    settle_readings: int = 3
    printer_faults: float = 0.0
    fault_kinds: tuple[str, ...] = PRINTER_FAULTS


@dataclass
class Faults:
    knobs: Knobs = field(default_factory=Knobs)
    seed: int = 0

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def chance(self, p: float) -> bool:
        return p > 0 and self.rng.random() < p

    def duplicate(self) -> bool:
        return self.chance(self.knobs.duplicates)

    def malformed(self) -> bool:
        return self.chance(self.knobs.malformed)

    def disconnect(self) -> bool:
        return self.chance(self.knobs.disconnects)

    def out_of_order(self) -> bool:
        return self.chance(self.knobs.out_of_order)

    def printer_fault(self) -> str | None:
        if not self.chance(self.knobs.printer_faults):
            return None
        return self.rng.choice(self.knobs.fault_kinds)

    def noisy(self, grams: int, step: int, steps: int) -> int:
        """A settling reading: the further from settled, the larger the wobble."""
        spread = self.knobs.noise_g + grams * 0.05 * (steps - step) / max(steps, 1)
        return max(0, round(grams + self.rng.uniform(-spread, spread)))


def malform(payload: dict[str, Any], rng: random.Random) -> tuple[bytes, str]:
    """A broken version of ``payload`` and what is broken about it."""
    kind = rng.choice(("not_json", "missing_field", "wrong_version", "too_large"))
    if kind == "not_json":
        return json.dumps(payload).encode()[:-3] + b"#!", kind
    if kind == "missing_field":
        return json.dumps({k: v for k, v in payload.items() if k != "msg_id"}).encode(), kind
    if kind == "wrong_version":
        return json.dumps({**payload, "v": 2}).encode(), kind
    return json.dumps({**payload, "pad": "x" * (65 * 1024)}).encode(), kind
