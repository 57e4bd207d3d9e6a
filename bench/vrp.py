"""VRPTW benchmark on the Solomon instances: both engines against the best-known distance.

    .venv/bin/python bench/vrp.py --only R101,RC101 --time-limit 10

Distances follow the .sol convention (Euclidean truncated to one decimal). Gaps are in %
over the best-known distance; '-' when an engine found no solution serving everyone.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

# bench/routing.py would shadow the `routing` package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing.vrp.solomon import read_solution  # noqa: E402
from routing.vrp.solve import solve_vrp_file  # noqa: E402

DATA = Path(__file__).resolve().parent / "data" / "solomon"


def gap(dist: float | None, best: float) -> str:
    return "-" if dist is None else f"{100 * (dist / best - 1):.2f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated names; default all")
    ap.add_argument("--time-limit", type=float, default=10.0)
    ap.add_argument("--data", default=str(DATA))
    args = ap.parse_args()
    names = (
        args.only.split(",") if args.only else sorted(p.stem for p in Path(args.data).glob("*.txt"))
    )
    head = ("inst", "best", "ortools", "gap%", "veh", "pyvrp", "gap%", "veh", "or_s", "py_s")
    print(" ".join(f"{h:>8}" for h in head), flush=True)
    gaps: dict[str, list[float]] = {"ortools": [], "pyvrp": []}
    for name in names:
        _, best = read_solution(Path(args.data) / f"{name}.sol")
        assert best is not None
        res = {
            e: solve_vrp_file(Path(args.data) / f"{name}.txt", args.time_limit, e)
            for e in ("ortools", "pyvrp")
        }
        for e, r in res.items():
            gaps[e].append(100 * (r["distance"] / best - 1) if r["feasible"] else float("nan"))
        o, p = res["ortools"], res["pyvrp"]
        cells = (
            name,
            f"{best:.1f}",
            o["distance"],
            gap(o["distance"], best),
            o["vehicles"],
            p["distance"],
            gap(p["distance"], best),
            p["vehicles"],
            f"{o['solve_s']:.1f}",
            f"{p['solve_s']:.1f}",
        )
        print(" ".join(f"{c!s:>8}" for c in cells), flush=True)
    for e, g in gaps.items():
        ok = [x for x in g if x == x]
        mean = sum(ok) / len(ok) if ok else float("nan")
        print(
            f"{e}: solved {len(ok)}/{len(g)}, mean gap {mean:.2f}%, max "
            f"{max(ok) if ok else float('nan'):.2f}%"
        )


if __name__ == "__main__":
    main()
