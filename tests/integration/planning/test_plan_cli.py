"""`silkhub plan load|vrp|pickups` read files, write the contract's output, refuse bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apiflask import APIFlask

from routing.loadplan.check import check_plan
from tests.integration.conftest import make_app

SOLOMON = Path(__file__).resolve().parents[3] / "bench" / "data" / "solomon"


@pytest.fixture(scope="module")
def cli_app(tmp_path_factory: pytest.TempPathFactory) -> APIFlask:
    folder = tmp_path_factory.mktemp("plan-cli")
    return make_app(f"sqlite:///{folder / 'silkhub.db'}", folder)


def load_input() -> dict:
    boxes = [
        {
            "id": f"B-{i:03}",
            "dims_cm": [60, 40, 40],
            "weight_kg": 12.5,
            "cargo": "general",
            "status": "transshipment",
            "rotate": True,
        }
        for i in range(120)
    ]
    boxes.append({"id": "HUGE", "dims_cm": [2000, 100, 100], "weight_kg": 50})
    return {
        "containers": [
            {"type": "20GP", "inner_cm": [589, 235, 239], "payload_kg": 28000, "count": 2}
        ],
        "boxes": boxes,
    }


def test_plan_load_writes_a_plan_that_passes_the_checker(cli_app: APIFlask, tmp_path: Path) -> None:
    """The written plan passes the independent checker; a box too large is listed unplaced."""
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(load_input()))
    result = cli_app.test_cli_runner().invoke(
        args=["plan", "load", str(source), "-o", str(target), "--time-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(target.read_text())
    assert check_plan(load_input(), plan) == []
    assert {"box": "HUGE", "reason": plan["unplaced"][0]["reason"]} in plan["unplaced"]
    assert sum(len(c["placements"]) for c in plan["containers"]) == 120


def test_plan_load_refuses_a_broken_file_with_the_place(cli_app: APIFlask, tmp_path: Path) -> None:
    """A file that breaks the contract exits 2 naming the field, and writes nothing."""
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps({"containers": [], "boxes": [{"id": "X", "dims_cm": [1, 2]}]}))
    result = cli_app.test_cli_runner().invoke(args=["plan", "load", str(source), "-o", str(target)])
    assert result.exit_code == 2
    assert not target.exists()


def test_plan_vrp_prints_distance_and_routes(cli_app: APIFlask) -> None:
    """A Solomon file gives {"distance", "routes"} visiting every customer exactly once."""
    result = cli_app.test_cli_runner().invoke(
        args=["plan", "vrp", str(SOLOMON / "C101.txt"), "--time-limit", "2"]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    visited = sorted(c for route in answer["routes"] for c in route)
    assert visited == list(range(1, 101))
    assert answer["distance"] >= 827.3 - 1e-6
