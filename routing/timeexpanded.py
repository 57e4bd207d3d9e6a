"""The time-expanded network: departure and arrival events in one topological order.

Node d (0 <= d < n) is departure d leaving its hub; node n + d is its arrival. Arcs: a
departure node waits for the next departure at the same hub (`next_at_hub`), or boards
(to its arrival node); an arrival node transfers to the first departure at its hub that leaves
no earlier than arrival + handling_h (`transfer_to`), or ends there. Every arc goes forward in
(time, arrivals before departures, position at the hub), so `order` is a topological order.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from routing.costs import VOLUMETRIC_KG_PER_M3, co2e_per_kg
from routing.network import CARGO_CLASSES, MODES, Departure, Network
from routing.shipments import Objective, Shipment

CARGO_INDEX = {c: i for i, c in enumerate(sorted(CARGO_CLASSES))}
MODE_INDEX = {m: i for i, m in enumerate(MODES)}


@dataclass(frozen=True)
class TimeExpanded:
    network: Network
    t0: datetime
    departures: tuple[Departure, ...]
    hub_ids: tuple[str, ...]
    dep_hub: np.ndarray
    arr_hub: np.ndarray
    dep_s: np.ndarray
    arr_s: np.ndarray
    mode: np.ndarray
    cost_per_kg: np.ndarray
    co2_per_kg: np.ndarray
    fixed: np.ndarray
    cap_kg: np.ndarray
    cap_m3: np.ndarray
    cargo_mask: np.ndarray
    handling_per_kg: np.ndarray
    next_at_hub: np.ndarray
    transfer_to: np.ndarray
    order: np.ndarray
    chains: dict[int, tuple[list[datetime], list[int]]]

    @property
    def n(self) -> int:
        return len(self.departures)

    def index(self) -> dict[tuple[str, datetime], int]:
        return {d.key: i for i, d in enumerate(self.departures)}

    def first_departure(self, hub: str, earliest: datetime) -> int:
        """The first departure leaving `hub` at or after `earliest`, or -1."""
        chain = self.chains.get(self.hub_ids.index(hub) if hub in self.hub_ids else -1)
        if chain is None:
            return -1
        pos = bisect.bisect_left(chain[0], earliest)
        return chain[1][pos] if pos < len(chain[1]) else -1

    def seconds(self, moment: datetime) -> float:
        return (moment - self.t0).total_seconds()


def build(network: Network, departures: Iterable[Departure] | None = None) -> TimeExpanded:
    deps = tuple(network.departures() if departures is None else departures)
    hub_ids = tuple(network.hubs)
    hub_of = {h: i for i, h in enumerate(hub_ids)}
    t0 = min((d.depart for d in deps), default=datetime(2026, 1, 1).astimezone())
    n = len(deps)
    chains = _chains(deps, hub_of)
    next_at_hub = np.full(n, -1, dtype=np.int64)
    for _, members in chains.values():
        for a, b in itertools.pairwise(members):
            next_at_hub[a] = b
    handling = [timedelta(hours=h.handling_h) for h in network.hubs.values()]
    transfer_to = np.full(n, -1, dtype=np.int64)
    for i, d in enumerate(deps):
        chain = chains.get(hub_of[d.service.destination])
        if chain is not None:
            pos = bisect.bisect_left(chain[0], d.arrive + handling[hub_of[d.service.destination]])
            transfer_to[i] = chain[1][pos] if pos < len(chain[1]) else -1
    return TimeExpanded(
        network=network,
        t0=t0,
        departures=deps,
        hub_ids=hub_ids,
        dep_hub=np.array([hub_of[d.service.origin] for d in deps], dtype=np.int64),
        arr_hub=np.array([hub_of[d.service.destination] for d in deps], dtype=np.int64),
        dep_s=np.array([(d.depart - t0).total_seconds() for d in deps]),
        arr_s=np.array([(d.arrive - t0).total_seconds() for d in deps]),
        mode=np.array([MODE_INDEX[d.service.mode] for d in deps], dtype=np.int64),
        cost_per_kg=np.array([d.service.cost_per_kg for d in deps]),
        co2_per_kg=np.array([co2e_per_kg(d.service) for d in deps]),
        fixed=np.array([d.service.cost_fixed for d in deps]),
        cap_kg=_caps([d.service.capacity_kg for d in deps]),
        cap_m3=_caps([d.service.capacity_m3 for d in deps]),
        cargo_mask=np.array([_cargo_bits(d.service.cargo) for d in deps], dtype=np.int64),
        handling_per_kg=np.array([h.handling_cost_per_kg for h in network.hubs.values()]),
        next_at_hub=next_at_hub,
        transfer_to=transfer_to,
        order=_topological_order(deps, chains),
        chains=chains,
    )


def _caps(values: Sequence[float | None]) -> np.ndarray:
    return np.array([np.inf if v is None else v for v in values], dtype=float)


def _cargo_bits(cargo: Iterable[str]) -> int:
    return sum(1 << CARGO_INDEX[c] for c in cargo)


def _chains(
    deps: Sequence[Departure], hub_of: dict[str, int]
) -> dict[int, tuple[list[datetime], list[int]]]:
    by_hub: dict[int, list[int]] = {}
    for i, d in enumerate(deps):
        by_hub.setdefault(hub_of[d.service.origin], []).append(i)
    chains = {}
    for hub, members in by_hub.items():
        members.sort(key=lambda i: (deps[i].depart, i))
        chains[hub] = ([deps[i].depart for i in members], members)
    return chains


def _topological_order(
    deps: Sequence[Departure], chains: dict[int, tuple[list[datetime], list[int]]]
) -> np.ndarray:
    n = len(deps)
    position = [0] * n
    for _, members in chains.values():
        for k, i in enumerate(members):
            position[i] = k
    keys = [(d.depart, 1, position[i], i) for i, d in enumerate(deps)]
    keys += [(d.arrive, 0, 0, n + i) for i, d in enumerate(deps)]
    keys.sort()
    return np.array([k[3] for k in keys], dtype=np.int64)


@dataclass(frozen=True)
class Batch:
    """Shipments as arrays for vectorised path sweeps (index i = position in `shipments`)."""

    shipments: tuple[Shipment, ...]
    source: np.ndarray
    dest: np.ndarray
    due_s: np.ndarray
    weight: np.ndarray
    volume: np.ndarray
    charge: np.ndarray
    cargo_bit: np.ndarray
    late_per_s: np.ndarray
    unplanned: np.ndarray


def batch(te: TimeExpanded, shipments: Sequence[Shipment], objective: Objective) -> Batch:
    hub_of = {h: i for i, h in enumerate(te.hub_ids)}
    weight = np.array([s.weight_kg for s in shipments], dtype=float)
    volume = np.array([s.volume_m3 for s in shipments], dtype=float)
    charge = np.empty((len(shipments), len(MODES)))
    for mode, k in MODE_INDEX.items():
        factor = VOLUMETRIC_KG_PER_M3.get(mode)
        charge[:, k] = weight if factor is None else np.maximum(weight, volume * factor)
    return Batch(
        shipments=tuple(shipments),
        source=np.array([te.first_departure(s.origin, s.ready) for s in shipments], dtype=int),
        dest=np.array([hub_of[s.destination] for s in shipments], dtype=np.int64),
        due_s=np.array([te.seconds(s.due) for s in shipments], dtype=float),
        weight=weight,
        volume=volume,
        charge=charge,
        cargo_bit=np.array([1 << CARGO_INDEX[s.cargo] for s in shipments], dtype=np.int64),
        late_per_s=objective.late_cost_per_kg_h * weight / 3600,
        unplanned=objective.unplanned_cost_per_kg * weight,
    )


def subset(b: Batch, members: Sequence[int]) -> Batch:
    """The batch restricted to `members` (in that order)."""
    idx = np.asarray(members, dtype=int)
    return Batch(
        shipments=tuple(b.shipments[i] for i in idx),
        source=b.source[idx],
        dest=b.dest[idx],
        due_s=b.due_s[idx],
        weight=b.weight[idx],
        volume=b.volume[idx],
        charge=b.charge[idx],
        cargo_bit=b.cargo_bit[idx],
        late_per_s=b.late_per_s[idx],
        unplanned=b.unplanned[idx],
    )
