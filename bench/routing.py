"""Benchmark of the route planner on generated instances of the seed network.

    python bench/routing.py --sizes 100,500,2000 --congestion 0,1.5 --time-limit 30

Prints one table: n, congestion, solve time, objective, lower bound, gap, the greedy
baseline's objective measured in the same run, the savings against it, and whether the
independent checker accepted the plan. Congestion c > 0 (routing.generate) lets the rail and
sea services carry only 1 / c of the demand their cheapest routes would bring them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

# This file is named routing.py: drop its folder from the path so `routing` is the package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing import timeexpanded as tx  # noqa: E402
from routing.check import check_plan  # noqa: E402
from routing.colgen import routes_objective  # noqa: E402
from routing.generate import generate  # noqa: E402
from routing.greedy import greedy_routes  # noqa: E402
from routing.network import network_to_dict, parse_network  # noqa: E402
from routing.optimizer import solve  # noqa: E402
from routing.plan import plan_to_dict  # noqa: E402
from routing.shipments import shipments_to_dict  # noqa: E402

SEED = Path(__file__).resolve().parents[1] / "config" / "network" / "seed.json"


def default_limit(n: int) -> float:
    return 10.0 if n <= 500 else 30.0 if n <= 2000 else 300.0


def run(n: int, congestion: float, limit: float | None, seed: int) -> dict[str, float | str]:
    base = parse_network(json.loads(SEED.read_text(encoding="utf-8")))
    network, demand = generate(base, n, congestion=congestion, seed=seed)
    te = tx.build(network)
    b = tx.batch(te, demand.shipments, demand.objective)
    co2e = demand.objective.co2e_cost_per_kg
    started = time.monotonic()
    greedy = routes_objective(te, b, greedy_routes(te, b, co2e), co2e)
    greedy_s = time.monotonic() - started
    plan = solve(network, demand, time_limit_s=limit or default_limit(n), seed=seed)
    broken = check_plan(network_to_dict(network), shipments_to_dict(demand), plan_to_dict(plan))
    return {
        "n": n,
        "congestion": congestion,
        "time_s": plan.solve_s,
        "objective": plan.objective,
        "bound": plan.lower_bound,
        "gap": plan.gap,
        "greedy": greedy,
        "greedy_s": greedy_s,
        "savings": 1 - plan.objective / greedy,
        "status": plan.status,
        "check": "ok" if not broken else f"{len(broken)} broken",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,500,2000")
    parser.add_argument("--congestion", default="0,1.5")
    parser.add_argument(
        "--time-limit",
        type=float,
        default=None,
        help="seconds per instance (default: 10 / 30 / 300 by size)",
    )
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    header = (
        f"{'n':>6} {'cong':>5} {'time_s':>7} {'objective':>14} {'bound':>14} {'gap':>8} "
        f"{'greedy':>14} {'greedy_s':>8} {'savings':>8} {'status':>9} check"
    )
    print(header)
    for n in (int(x) for x in args.sizes.split(",")):
        for c in (float(x) for x in args.congestion.split(",")):
            r = run(n, c, args.time_limit, args.seed)
            print(
                f"{r['n']:>6} {r['congestion']:>5.1f} {r['time_s']:>7.1f} "
                f"{r['objective']:>14.1f} {r['bound']:>14.1f} {r['gap']:>8.3%} "
                f"{r['greedy']:>14.1f} "
                f"{r['greedy_s']:>8.1f} {r['savings']:>8.2%} {r['status']:>9} "
                f"{r['check']}",
                flush=True,
            )


if __name__ == "__main__":
    main()
