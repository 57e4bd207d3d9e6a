"""Quick quote for one shipment: the Pareto set over cost, arrival and CO2e.

Multi-criteria label setting on the time-expanded network: a node's time is fixed, so a label
only carries (cost, co2e) and a label is dropped when another at the same node is no worse in
both, or when an option already found arrives no later with no more cost and co2e. Costs are
freight plus transfer handling plus a departure's cost_fixed pro rata to capacity
(cost_fixed * chargeable / capacity_kg, as if the departure were full: the real share depends on
who else travels on it, which only the planner knows). Capacities are the services' own, as if
the departure were empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from routing import costs
from routing import timeexpanded as tx
from routing.network import Network
from routing.plan import Leg
from routing.shipments import Shipment

_Legs = tuple[int, "_Legs"] | None
_Label = tuple[float, float, _Legs]


@dataclass(frozen=True)
class QuoteOption:
    cost: float
    arrive: datetime
    transit_h: float
    co2e_kg: float
    late_h: float
    legs: tuple[Leg, ...]


def quote(
    network: Network, shipment: Shipment, te: tx.TimeExpanded | None = None
) -> list[QuoteOption]:
    """Non-dominated options (cost, arrival, co2e), cheapest first; [] when none exists."""
    te = te or tx.build(network)
    source = te.first_departure(shipment.origin, shipment.ready)
    if source < 0:
        return []
    n = te.n
    charge = {
        m: costs.chargeable_kg(m, shipment.weight_kg, shipment.volume_m3)
        for m in ("air", "rail", "sea", "road")
    }
    bit = 1 << tx.CARGO_INDEX[shipment.cargo]
    dest = te.hub_ids.index(shipment.destination)
    labels: dict[int, list[_Label]] = {source: [(0.0, 0.0, None)]}
    finals: list[tuple[float, float, float, _Legs]] = []
    for node in te.order.tolist():
        here = labels.pop(node, None)
        if not here:
            continue
        if node < n:
            dep = te.departures[node]
            if finals:
                here = [lb for lb in here if not _beaten(finals, lb, te.dep_s[node])]
            nxt = int(te.next_at_hub[node])
            if nxt >= 0:
                for lb in here:
                    _insert(labels, nxt, lb)
            fits = (
                te.cargo_mask[node] & bit
                and shipment.weight_kg <= te.cap_kg[node]
                and shipment.volume_m3 <= te.cap_m3[node]
            )
            if fits:
                price = charge[dep.service.mode] * (te.cost_per_kg[node] + _fixed_per_kg(te, node))
                co2 = shipment.weight_kg * te.co2_per_kg[node]
                for c, e, legs in here:
                    _insert(labels, n + node, (c + price, e + co2, (node, legs)))
            continue
        d = node - n
        if te.arr_hub[d] == dest:
            for c, e, legs in here:
                finals.append((c, float(te.arr_s[d]), e, legs))
            continue
        target = int(te.transfer_to[d])
        if target >= 0:
            fee = shipment.weight_kg * te.handling_per_kg[te.arr_hub[d]]
            for c, e, legs in here:
                _insert(labels, target, (c + fee, e, legs))
    return [_option(te, shipment, f) for f in _pareto(finals)]


def _fixed_per_kg(te: tx.TimeExpanded, d: int) -> float:
    fixed, cap = float(te.fixed[d]), float(te.cap_kg[d])
    if not fixed:
        return 0.0
    return fixed / cap if 0 < cap < float("inf") else fixed


def _beaten(finals: list, label: _Label, at_s: float) -> bool:
    return any(f[0] <= label[0] and f[1] <= at_s and f[2] <= label[1] for f in finals)


def _insert(labels: dict[int, list[_Label]], node: int, label: _Label) -> None:
    bucket = labels.setdefault(node, [])
    for other in bucket:
        if other[0] <= label[0] and other[1] <= label[1]:
            return
    bucket[:] = [o for o in bucket if not (label[0] <= o[0] and label[1] <= o[1])]
    bucket.append(label)


def _pareto(finals: list) -> list:
    finals = sorted(finals, key=lambda f: (f[0], f[1], f[2]))
    kept: list = []
    for f in finals:
        if not any(k[0] <= f[0] and k[1] <= f[1] and k[2] <= f[2] for k in kept):
            kept.append(f)
    return kept


def _option(te: tx.TimeExpanded, shipment: Shipment, final: tuple) -> QuoteOption:
    cost, _, co2e, chain = final
    deps = []
    while chain is not None:
        deps.append(te.departures[chain[0]])
        chain = chain[1]
    deps.reverse()
    index = te.index()
    legs = tuple(
        Leg(
            d.service.id,
            d.service.mode,
            d.service.origin,
            d.service.destination,
            d.depart,
            d.arrive,
            costs.freight(d.service, shipment)
            + _fixed_per_kg(te, index[d.key])
            * costs.chargeable_kg(d.service.mode, shipment.weight_kg, shipment.volume_m3),
            costs.co2e_kg(d.service, shipment),
        )
        for d in deps
    )
    arrive = deps[-1].arrive
    return QuoteOption(
        cost,
        arrive,
        (arrive - shipment.ready).total_seconds() / 3600,
        co2e,
        costs.late_h(arrive, shipment.due),
        legs,
    )
