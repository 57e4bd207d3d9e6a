"""File entry point for ``silkhub plan load INPUT -o OUTPUT --time-limit S``."""

from __future__ import annotations

import json
from pathlib import Path

from routing.loadplan.planner import plan_load


def plan_load_file(
    input_path: str | Path, output_path: str | Path | None, time_limit_s: float, seed: int = 0
) -> dict:
    """Read the input document, plan, write the plan (when ``output_path`` is given)."""
    data = json.loads(Path(input_path).read_text(encoding="utf-8"))
    plan = plan_load(data, time_limit_s, seed)
    if output_path is not None:
        Path(output_path).write_text(json.dumps(plan, indent=1) + "\n", encoding="utf-8")
    return plan
