"""`python -m routing NETWORK SHIPMENTS -o PLAN [--time-limit S]` (the CLI's twin, for us)."""

from __future__ import annotations

import argparse
import sys

from routing.io import plan_routes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m routing", description=__doc__)
    parser.add_argument("network")
    parser.add_argument("shipments")
    parser.add_argument("-o", "--out", required=True)
    parser.add_argument("--time-limit", type=float, default=30.0)
    args = parser.parse_args(argv)
    plan = plan_routes(args.network, args.shipments, args.out, args.time_limit)
    for issue in plan.errors:
        print(issue, file=sys.stderr)
    print(
        f"{plan.status}: objective {plan.objective:.2f}, bound {plan.lower_bound:.2f}, "
        f"gap {plan.gap:.4%}, {plan.solve_s:.1f}s"
    )
    return 1 if plan.errors else 0


if __name__ == "__main__":
    sys.exit(main())
