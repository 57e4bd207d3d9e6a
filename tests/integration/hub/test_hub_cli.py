"""``silkhub simulate hub`` runs a whole hub day through the service layer."""

from __future__ import annotations

import json

from apiflask import APIFlask


def test_simulate_hub_runs_a_clean_day(app: APIFlask) -> None:
    """The day ends with every load passing the checker, nothing unplaced, one short, one
    damaged, one over, and a hub ledger without findings."""
    runner = app.test_cli_runner()
    args = ["simulate", "hub", "--packages", "15", "--seed", "2", "--time-limit", "0.5", "--json"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    day = json.loads(result.output[result.output.index("{") :])
    assert day["findings"] == [] and all(load["check"] == [] for load in day["loads"])
    assert sum(load["boxes"] for load in day["loads"]) == 13
    assert day["answers"]["unload:E_NOT_ON_MANIFEST"] == 1
    assert {k: len(v) for k, v in day["discrepancies"].items()} == {
        "short": 1,
        "damaged": 1,
        "over": 1,
    }
