"""Quick quote: one shipment on the seed network (or a given one) -> the Pareto options.

Each option is not dominated in (cost, arrival, CO2e) by another; the cheapest, fastest and
greenest are tagged. The seed network and its time-expanded graph are built once per process,
so a quote on it costs only the label-setting search (routing.quote).
"""

from __future__ import annotations

from typing import Any

from routing import timeexpanded as tx
from routing.errors import ContractError
from routing.fields import format_time
from routing.plan import Leg
from routing.quote import QuoteOption, quote
from routing.shipments import Shipment, parse_shipments
from warehouse.multimodal.inputs import (
    SEED_NAME,
    contract_error,
    issue_dicts,
    parse_network_field,
    seed_network,
)

QUOTE_ID = "QUOTE"
_OBJECTIVE = {"late_cost_per_kg_h": 0, "co2e_cost_per_kg": 0, "unplanned_cost_per_kg": 0}


def _shipment(raw: Any, network: Any) -> Shipment:
    doc = {**raw, "id": raw.get("id") or QUOTE_ID} if isinstance(raw, dict) else raw
    try:
        return parse_shipments({"shipments": [doc], "objective": _OBJECTIVE}, network).shipments[0]
    except ContractError as exc:
        issues = issue_dicts(exc.issues)
        for issue in issues:
            issue["path"] = issue["path"].replace("shipments[0]", "shipment", 1)
        raise contract_error(issues) from None


def leg_doc(leg: Leg) -> dict[str, Any]:
    return {
        "service": leg.service,
        "mode": leg.mode,
        "from": leg.origin,
        "to": leg.destination,
        "depart": format_time(leg.depart),
        "arrive": format_time(leg.arrive),
        "cost": leg.cost,
        "co2e_kg": leg.co2e_kg,
    }


def _tags(options: list[QuoteOption]) -> list[list[str]]:
    tags: list[list[str]] = [[] for _ in options]
    for name, key in (
        ("cheapest", lambda o: (o.cost, o.arrive)),
        ("fastest", lambda o: (o.arrive, o.cost)),
        ("greenest", lambda o: (o.co2e_kg, o.cost)),
    ):
        if options:
            tags[options.index(min(options, key=key))].append(name)
    return tags


def option_doc(option: QuoteOption, tags: list[str]) -> dict[str, Any]:
    return {
        "cost": option.cost,
        "arrive": format_time(option.arrive),
        "transit_h": option.transit_h,
        "co2e_kg": option.co2e_kg,
        "late_h": option.late_h,
        "tags": tags,
        "legs": [leg_doc(g) for g in option.legs],
    }


def quick_quote(network_raw: Any, shipment_raw: Any) -> dict[str, Any]:
    """The quote document: {"shipment", "options": [...], "reason"} (reason when none)."""
    _, source, network = parse_network_field(network_raw)
    te: tx.TimeExpanded | None = seed_network()[1] if source == SEED_NAME else None
    shipment = _shipment(shipment_raw, network)
    options = quote(network, shipment, te)
    doc: dict[str, Any] = {
        "shipment": shipment.id,
        "network": source,
        "options": [option_doc(o, t) for o, t in zip(options, _tags(options), strict=True)],
    }
    if not options:
        doc["reason"] = "NO_ROUTE"
    return doc
