"""The planner's inputs as the API gets them: the contract's documents, or "seed" for the network.

Every contract issue of both documents is reported at once, with its path inside the request
body (``network.services[3].departures[1]``), as a 422 ``E_CONTRACT``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from config.settings import PROJECT_ROOT
from routing import timeexpanded as tx
from routing.errors import ContractError, Issue
from routing.network import Network, parse_network
from routing.shipments import Demand, parse_shipments
from warehouse.errors import Invalid

SEED_NAME = "seed"
SEED_PATH = PROJECT_ROOT / "config" / "network" / "seed.json"
E_CONTRACT = "E_CONTRACT"


@dataclass(frozen=True)
class Inputs:
    network_doc: dict[str, Any]
    network_source: str
    network: Network
    shipments_doc: dict[str, Any]
    demand: Demand


def issue_dicts(issues: tuple[Issue, ...] | list[Issue], prefix: str = "") -> list[dict[str, str]]:
    return [
        {
            "code": i.code,
            "path": f"{prefix}.{i.path}" if prefix and i.path else prefix or i.path,
            "message": i.message,
        }
        for i in issues
    ]


def contract_error(issues: list[dict[str, str]]) -> Invalid:
    return Invalid(E_CONTRACT, "The input breaks the planning contract.", issues=issues)


@lru_cache(maxsize=2)
def _seed_doc(path: Path, mtime: float) -> dict[str, Any]:
    return dict(json.loads(path.read_text(encoding="utf-8")))


def seed_document() -> dict[str, Any]:
    """The seed network's contract document (cached while the file is unchanged)."""
    return _seed_doc(SEED_PATH, SEED_PATH.stat().st_mtime)


@lru_cache(maxsize=2)
def _seed_parsed(path: Path, mtime: float) -> tuple[Network, tx.TimeExpanded]:
    network = parse_network(_seed_doc(path, mtime))
    return network, tx.build(network)


def seed_network() -> tuple[Network, tx.TimeExpanded]:
    """The parsed seed network and its time-expanded graph, built once per process."""
    return _seed_parsed(SEED_PATH, SEED_PATH.stat().st_mtime)


def network_document(raw: Any) -> tuple[dict[str, Any], str]:
    """The network document and where it came from ("seed" or "upload")."""
    if raw == SEED_NAME:
        return seed_document(), SEED_NAME
    if isinstance(raw, dict):
        return raw, "upload"
    raise contract_error(
        [
            {
                "code": "BAD_NETWORK",
                "path": "network",
                "message": "'network' must be a network document or \"seed\"",
            }
        ]
    )


def parse_network_field(raw: Any) -> tuple[dict[str, Any], str, Network]:
    doc, source = network_document(raw)
    if source == SEED_NAME:
        return doc, source, seed_network()[0]
    try:
        return doc, source, parse_network(doc)
    except ContractError as exc:
        raise contract_error(issue_dicts(exc.issues, "network")) from None


def parse_inputs(network_raw: Any, shipments_raw: Any) -> Inputs:
    """Both documents parsed; a ContractError of either (or both) becomes one 422."""
    issues: list[dict[str, str]] = []
    network: Network | None = None
    doc: dict[str, Any] = {}
    source = "upload"
    try:
        doc, source, network = parse_network_field(network_raw)
    except Invalid as exc:
        issues += exc.details["issues"]
    demand: Demand | None = None
    try:
        demand = parse_shipments(shipments_raw, network)
    except ContractError as exc:
        issues += issue_dicts(exc.issues, "shipments")
    if issues or network is None or demand is None:
        raise contract_error(issues)
    return Inputs(doc, source, network, dict(shipments_raw), demand)
