"""Files in and out: the contract's JSON documents, and the `plan routes` entry point."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from routing.errors import ContractError
from routing.network import Network, parse_network
from routing.plan import INFEASIBLE, Plan, plan_to_dict
from routing.shipments import Demand, parse_shipments


def read_json(path: str | Path) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ContractError("BAD_JSON", str(path), f"not JSON: {exc}") from exc


def load_network(path: str | Path) -> Network:
    return parse_network(read_json(path))


def load_shipments(path: str | Path, network: Network | None = None) -> Demand:
    return parse_shipments(read_json(path), network)


def write_plan(plan: Plan, path: str | Path) -> None:
    Path(path).write_text(json.dumps(plan_to_dict(plan), indent=1) + "\n", encoding="utf-8")


def plan_routes(
    network_path: str | Path,
    shipments_path: str | Path,
    out_path: str | Path,
    time_limit_s: float = 30.0,
    seed: int = 0,
) -> Plan:
    """Plan the shipments file on the network file and write the plan.

    Input that breaks the contract gives a plan with status `infeasible`, no shipments and an
    `errors` list (code, path, message), written too, so the caller can show every problem.
    """
    from routing.optimizer import solve

    start = time.monotonic()
    try:
        network = load_network(network_path)
        demand = load_shipments(shipments_path, network)
    except ContractError as exc:
        plan = Plan(INFEASIBLE, 0.0, 0.0, time.monotonic() - start, (), exc.issues)
    else:
        plan = solve(network, demand, time_limit_s=time_limit_s, seed=seed)
    write_plan(plan, out_path)
    return plan
