"""Benchmark: how fast a dispatcher's quote answers on the seed network.

    python bench/quote.py --shipments 200 --seed 3

A quote is the Pareto set (cost, arrival, CO2e) over timed departures. The baseline measured in
the same run is networkx's Dijkstra on the static hub graph (cheapest hop chain, no timetable,
no capacities): the least work any quote must do. The table gives p50, p99 and max per quote
and the ratio of the quote's p50 to the baseline's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

# This folder holds routing.py: drop it from the path so `routing` is the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import networkx as nx  # noqa: E402

from routing import timeexpanded as tx  # noqa: E402
from routing.generate import generate  # noqa: E402
from routing.network import Network, parse_network  # noqa: E402
from routing.quote import quote  # noqa: E402
from routing.shipments import Shipment  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "config" / "network" / "seed.json"


def static_graph(network: Network) -> nx.DiGraph:
    """Hubs and their cheapest service per pair, weighted by cost per kg."""
    g = nx.DiGraph()
    for s in network.services.values():
        w = s.cost_per_kg
        if not g.has_edge(s.origin, s.destination) or g[s.origin][s.destination]["w"] > w:
            g.add_edge(s.origin, s.destination, w=w)
    return g


def timings(run: Callable[[Shipment], object], shipments: list[Shipment]) -> list[float]:
    out = []
    for ship in shipments:
        started = time.perf_counter()
        run(ship)
        out.append((time.perf_counter() - started) * 1000)
    return out


def row(name: str, ms: list[float]) -> str:
    p99 = statistics.quantiles(ms, n=100)[98] if len(ms) >= 2 else ms[0]
    return f"| {name:26} | {statistics.median(ms):8.2f} | {p99:8.2f} | {max(ms):8.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shipments", type=int, default=200)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    network = parse_network(json.loads(SEED.read_text(encoding="utf-8")))
    _, demand = generate(network, args.shipments, seed=args.seed)
    shipments = list(demand.shipments)
    started = time.perf_counter()
    te = tx.build(network)
    build_ms = (time.perf_counter() - started) * 1000
    graph = static_graph(network)
    base = timings(lambda s: nx.dijkstra_path(graph, s.origin, s.destination, "w"), shipments)
    quoted = timings(lambda s: quote(network, s, te), shipments)
    print(f"seed network, {len(shipments)} shipments, time-expanded build {build_ms:.0f} ms")
    print("| what                       |  p50 ms  |  p99 ms  |  max ms  |")
    print("| -------------------------- | -------- | -------- | -------- |")
    print(row("baseline: static Dijkstra", base))
    print(row("quote (Pareto, timetable)", quoted))
    ratio = statistics.median(quoted) / statistics.median(base)
    print(f"ratio of p50s (quote / baseline): {ratio:.0f}")


if __name__ == "__main__":
    main()
