"""`silkhub plan routes NETWORK SHIPMENTS -o PLAN`: a checked plan, or exit 2 with the places."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from apiflask import APIFlask

from routing.check import check_plan
from tests.integration.conftest import make_app
from tests.integration.planning.multimodal_data import network, shipments


@pytest.fixture(scope="module")
def cli_app(tmp_path_factory: pytest.TempPathFactory) -> APIFlask:
    folder = tmp_path_factory.mktemp("routes-cli")
    return make_app(f"sqlite:///{folder / 'silkhub.db'}", folder)


def write(folder: Path, net: dict, ships: dict) -> tuple[Path, Path, Path]:
    paths = folder / "network.json", folder / "shipments.json", folder / "plan.json"
    paths[0].write_text(json.dumps(net))
    paths[1].write_text(json.dumps(ships))
    return paths


def test_plan_routes_writes_a_plan_that_passes_the_checker(
    cli_app: APIFlask, tmp_path: Path
) -> None:
    """The written plan keeps the contract (routing.check) and lists SH-4 unplanned NO_ROUTE."""
    net, ships, out = write(tmp_path, network(), shipments())
    result = cli_app.test_cli_runner().invoke(
        args=["plan", "routes", str(net), str(ships), "-o", str(out), "--time-limit", "1"]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_text())
    assert check_plan(network(), shipments(), plan) == []
    unplanned = {s["id"]: s["reason"] for s in plan["shipments"] if s["status"] == "unplanned"}
    assert unplanned == {"SH-4": "NO_ROUTE"}


def test_plan_routes_refuses_broken_files_with_place_and_reason(
    cli_app: APIFlask, tmp_path: Path
) -> None:
    """Unknown hubs, unsorted departures, negative capacities, or a file that is not JSON:
    exit 2 naming each place and reason; the plan written is `infeasible` with the errors."""
    broken = network()
    broken["services"][0]["to"] = "NOWHERE"
    broken["services"][1]["departures"].reverse()
    broken["services"][2]["capacity_m3"] = -1
    net, ships, out = write(tmp_path, broken, shipments())
    result = cli_app.test_cli_runner().invoke(
        args=["plan", "routes", str(net), str(ships), "-o", str(out)]
    )
    assert result.exit_code == 2
    assert "UNKNOWN_HUB: services[0].to" in result.output
    assert "DEPARTURES_NOT_SORTED: services[1].departures[1]" in result.output
    assert "services[2].capacity_m3" in result.output
    assert json.loads(out.read_text())["status"] == "infeasible"
    ships.write_text("{not json")
    net.write_text(json.dumps(network()))
    junk = cli_app.test_cli_runner().invoke(
        args=["plan", "routes", str(net), str(ships), "-o", str(out)]
    )
    assert junk.exit_code == 2 and "BAD_JSON" in junk.output
