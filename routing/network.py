"""Hubs and scheduled services of the multimodal network, parsed and validated from the contract."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import networkx as nx

from routing import fields
from routing.errors import Issues

HUB_KINDS = frozenset({"seaport", "airport", "rail", "road", "warehouse", "bonded"})
MODES = ("air", "rail", "sea", "road")
CARGO_CLASSES = frozenset({"general", "cold", "dg"})


@dataclass(frozen=True)
class Hub:
    id: str
    name: str
    kind: str
    lat: float
    lon: float
    country: str
    handling_h: float
    handling_cost_per_kg: float


@dataclass(frozen=True)
class Service:
    """A point-to-point scheduled service; capacities are per departure (None = unlimited)."""

    id: str
    mode: str
    origin: str
    destination: str
    departures: tuple[datetime, ...]
    transit_h: float
    capacity_kg: float | None
    capacity_m3: float | None
    cost_per_kg: float
    cost_fixed: float
    distance_km: float
    co2e_g_per_tkm: float
    cargo: frozenset[str]

    def arrival(self, depart: datetime) -> datetime:
        return depart + timedelta(hours=self.transit_h)


@dataclass(frozen=True)
class Departure:
    """One departure of a service: the unit that capacity and cost_fixed apply to."""

    service: Service
    depart: datetime

    @property
    def arrive(self) -> datetime:
        return self.service.arrival(self.depart)

    @property
    def key(self) -> tuple[str, datetime]:
        return (self.service.id, self.depart)


@dataclass(frozen=True)
class Network:
    hubs: Mapping[str, Hub]
    services: Mapping[str, Service]

    def departures(self) -> list[Departure]:
        return [Departure(s, t) for s in self.services.values() for t in s.departures]

    def graph(self) -> nx.MultiDiGraph:
        """Hubs as nodes, services as keyed edges (attributes: the Service)."""
        g = nx.MultiDiGraph()
        for hub in self.hubs.values():
            g.add_node(hub.id, hub=hub)
        for s in self.services.values():
            g.add_edge(s.origin, s.destination, key=s.id, service=s)
        return g

    def replace_services(self, services: Mapping[str, Service]) -> Network:
        return Network(self.hubs, dict(services))


def parse_network(doc: Any) -> Network:
    """Parse the contract's network JSON; raises ContractError listing every issue."""
    issues = Issues()
    hubs: dict[str, Hub] = {}
    for i, raw in enumerate(fields.items(doc, "hubs", issues)):
        hub = _parse_hub(raw, f"hubs[{i}]", issues)
        if hub is not None:
            if hub.id in hubs:
                issues.add("DUPLICATE_ID", f"hubs[{i}].id", f"hub {hub.id} is listed twice")
            hubs[hub.id] = hub
    services: dict[str, Service] = {}
    for i, raw in enumerate(fields.items(doc, "services", issues)):
        service = _parse_service(raw, f"services[{i}]", hubs, issues)
        if service is not None:
            if service.id in services:
                issues.add("DUPLICATE_ID", f"services[{i}].id", f"service {service.id} twice")
            services[service.id] = service
    issues.raise_if_any()
    return Network(hubs, services)


def _parse_hub(raw: Any, path: str, issues: Issues) -> Hub | None:
    if not isinstance(raw, dict):
        issues.add("BAD_TYPE", path, "a hub must be an object")
        return None
    before = len(issues.items)
    hub_id = fields.text(raw, "id", path, issues)
    kind = fields.text(raw, "kind", path, issues)
    if kind is not None and kind not in HUB_KINDS:
        issues.add("BAD_VALUE", f"{path}.kind", f"unknown hub kind {kind!r}")
    lat = fields.number(raw, "lat", path, issues, minimum=-90.0)
    lon = fields.number(raw, "lon", path, issues, minimum=-180.0)
    handling_h = fields.number(raw, "handling_h", path, issues, required=False, default=0.0)
    per_kg = fields.number(raw, "handling_cost_per_kg", path, issues, required=False, default=0.0)
    if len(issues.items) > before or hub_id is None:
        return None
    assert lat is not None and lon is not None and handling_h is not None and per_kg is not None
    return Hub(
        hub_id,
        str(raw.get("name", hub_id)),
        str(kind),
        lat,
        lon,
        str(raw.get("country", "")),
        handling_h,
        per_kg,
    )


def _parse_departures(raw: Any, path: str, issues: Issues) -> tuple[datetime, ...]:
    if not isinstance(raw.get("departures"), list):
        issues.add("MISSING_FIELD", f"{path}.departures", "'departures' must be a list")
        return ()
    times: list[datetime] = []
    for j, text in enumerate(raw["departures"]):
        moment = fields.parse_time(text)
        if moment is None:
            issues.add("BAD_TIME", f"{path}.departures[{j}]", f"not an RFC 3339 time: {text!r}")
            continue
        if times and moment <= times[-1]:
            issues.add(
                "DEPARTURES_NOT_SORTED",
                f"{path}.departures[{j}]",
                "departures must be strictly increasing",
            )
        times.append(moment)
    return tuple(times)


def _parse_cargo(raw: Any, path: str, issues: Issues) -> frozenset[str]:
    cargo = raw.get("cargo", ["general"])
    if not isinstance(cargo, list) or not all(isinstance(c, str) for c in cargo):
        issues.add("BAD_TYPE", f"{path}.cargo", "'cargo' must be a list of cargo classes")
        return frozenset()
    for c in cargo:
        if c not in CARGO_CLASSES:
            issues.add("BAD_VALUE", f"{path}.cargo", f"unknown cargo class {c!r}")
    return frozenset(cargo)


def _parse_service(raw: Any, path: str, hubs: Mapping[str, Hub], issues: Issues) -> Service | None:
    if not isinstance(raw, dict):
        issues.add("BAD_TYPE", path, "a service must be an object")
        return None
    before = len(issues.items)
    service_id = fields.text(raw, "id", path, issues)
    mode = fields.text(raw, "mode", path, issues)
    if mode is not None and mode not in MODES:
        issues.add("BAD_VALUE", f"{path}.mode", f"unknown mode {mode!r}")
    ends = [fields.text(raw, key, path, issues) for key in ("from", "to")]
    for key, hub in zip(("from", "to"), ends, strict=True):
        if hub is not None and hub not in hubs:
            issues.add("UNKNOWN_HUB", f"{path}.{key}", f"unknown hub {hub}")
    if ends[0] is not None and ends[0] == ends[1]:
        issues.add("SAME_ORIGIN_DESTINATION", path, "a service must connect two different hubs")
    departures = _parse_departures(raw, path, issues)
    transit = fields.number(raw, "transit_h", path, issues, positive=True)
    cap_kg = fields.number(raw, "capacity_kg", path, issues, required=False)
    cap_m3 = fields.number(raw, "capacity_m3", path, issues, required=False)
    per_kg = fields.number(raw, "cost_per_kg", path, issues)
    fixed = fields.number(raw, "cost_fixed", path, issues, required=False, default=0.0)
    distance = fields.number(raw, "distance_km", path, issues)
    co2 = fields.number(raw, "co2e_g_per_tkm", path, issues)
    cargo = _parse_cargo(raw, path, issues)
    if len(issues.items) > before:
        return None
    assert service_id and mode and ends[0] and ends[1]
    assert transit is not None and per_kg is not None and fixed is not None
    assert distance is not None and co2 is not None
    return Service(
        service_id,
        mode,
        ends[0],
        ends[1],
        departures,
        transit,
        cap_kg,
        cap_m3,
        per_kg,
        fixed,
        distance,
        co2,
        cargo,
    )


def network_to_dict(network: Network) -> dict[str, Any]:
    """The contract JSON of a network (used by the generator and disruption tests)."""
    hubs = [
        {
            "id": h.id,
            "name": h.name,
            "kind": h.kind,
            "lat": h.lat,
            "lon": h.lon,
            "country": h.country,
            "handling_h": h.handling_h,
            "handling_cost_per_kg": h.handling_cost_per_kg,
        }
        for h in network.hubs.values()
    ]
    services = []
    for s in network.services.values():
        item: dict[str, Any] = {
            "id": s.id,
            "mode": s.mode,
            "from": s.origin,
            "to": s.destination,
            "departures": [fields.format_time(t) for t in s.departures],
            "transit_h": s.transit_h,
            "cost_per_kg": s.cost_per_kg,
            "cost_fixed": s.cost_fixed,
            "distance_km": s.distance_km,
            "co2e_g_per_tkm": s.co2e_g_per_tkm,
            "cargo": sorted(s.cargo),
        }
        if s.capacity_kg is not None:
            item["capacity_kg"] = s.capacity_kg
        if s.capacity_m3 is not None:
            item["capacity_m3"] = s.capacity_m3
        services.append(item)
    return {"hubs": hubs, "services": services}
