"""Load planner benchmark: BR1-BR7 and random carton sets, side by side with py3dbp.

    .venv/bin/python bench/loading.py --br 2 --random 3 --time-limit 10

BR instances ask for the most volume in one 20 ft container (fill); random sets of 300
(or ``--cartons``) cartons ask for the fewest 40HC containers (used vs lower bound);
hub-like sets (``--hub N``: N seeds of ``--packages`` sample packages) check the time
limit on large inputs. Each row ends with the 1-minute load average when it finished.
py3dbp gets the same boxes (it ignores orientation rules, support, stack, CoG and
dg/cold, which favours it); the last column is our fill over py3dbp's (BR) or py3dbp's
containers over ours (random).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from py3dbp import Bin, Item, Packer

# bench/routing.py would shadow the `routing` package: drop this folder from the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from routing.loadplan.brgen import br_instance  # noqa: E402
from routing.loadplan.check import check_plan  # noqa: E402
from routing.loadplan.planner import plan_load  # noqa: E402
from routing.loadplan.randgen import FORTY_HC, random_cartons  # noqa: E402
from warehouse.hub.sample import sample_manifest  # noqa: E402


def py3dbp_run(data: dict, bins: int) -> tuple[int, float, float]:
    """Containers used, mean fill of the used ones, seconds."""
    cont = data["containers"][0]
    length, width, height = cont["inner_cm"]
    packer = Packer()
    for k in range(bins):
        packer.add_bin(Bin(f"C{k}", width, height, length, cont.get("payload_kg", 1e12)))
    for b in data["boxes"]:
        d = b["dims_cm"]
        packer.add_item(Item(b["id"], d[1], d[2], d[0], b["weight_kg"]))
    started = time.monotonic()
    packer.pack(bigger_first=True, distribute_items=bins > 1)
    seconds = time.monotonic() - started
    used = [b for b in packer.bins if b.items]
    vol = length * width * height
    fills = [sum(float(i.get_volume()) for i in b.items) / vol for b in used]
    return len(used), sum(fills) / max(1, len(fills)), seconds


def ours(data: dict, limit: float) -> tuple[dict, float, int]:
    started = time.monotonic()
    plan = plan_load(data, limit, seed=0)
    seconds = time.monotonic() - started
    return plan, seconds, len(check_plan(data, plan))


def row(name: str, data: dict, limit: float, bins: int) -> tuple:
    """One instance; ``bins`` = 0 skips py3dbp (too slow on a thousand boxes)."""
    plan, secs, errors = ours(data, limit)
    used = len(plan["containers"])
    fill = sum(c["fill"] for c in plan["containers"]) / max(1, used)
    p_used, p_fill, p_secs = py3dbp_run(data, bins) if bins else (0, 0.0, 0.0)
    ratio = fill / max(p_fill, 1e-9) if bins == 1 else p_used / max(1, used)
    return (
        name,
        len(data["boxes"]),
        plan["lower_bound_containers"],
        used,
        p_used,
        fill,
        p_fill,
        secs,
        p_secs,
        ratio,
        len(plan["unplaced"]),
        errors,
        os.getloadavg()[0],
    )


HEAD = (
    "instance",
    "boxes",
    "LB",
    "used",
    "py3dbp",
    "fill",
    "py3dbp_fill",
    "s",
    "py3dbp_s",
    "ratio",
    "unplaced",
    "check_err",
    "load1",
)


def show(rows: list[tuple]) -> None:
    print(" ".join(f"{h:>11}" for h in HEAD))
    for r in rows:
        cells = [f"{v:11.3f}" if isinstance(v, float) else f"{v!s:>11}" for v in r]
        print(" ".join(cells), flush=True)


def hub_set(n: int, seed: int) -> dict:
    """``n`` sample hub packages (six lengths, five widths, four heights) for 40HC."""
    keys = ("dims_cm", "weight_kg", "cargo", "rotate", "stack")
    boxes = [
        {"id": f"P{seed}-{i:04d}", **{k: p[k] for k in keys}}
        for i, p in enumerate(sample_manifest(n, seed))
    ]
    return {"containers": [{**FORTY_HC, "count": 20}], "boxes": boxes}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--br", type=int, default=2, help="instances per BR class (0: none)")
    ap.add_argument("--classes", default="1,2,3,4,5,6,7")
    ap.add_argument("--random", type=int, default=2, help="random carton sets per size")
    ap.add_argument("--cartons", default="300", help="sizes of the random sets, e.g. 300,260")
    ap.add_argument("--hub", type=int, default=0, help="hub-like sets (seeds 0..N-1)")
    ap.add_argument("--packages", type=int, default=1150, help="packages per hub-like set")
    ap.add_argument("--time-limit", type=float, default=10.0)
    args = ap.parse_args()
    rows = []
    for cls in (int(c) for c in args.classes.split(",")):
        for k in range(args.br):
            rows.append(row(f"BR{cls}-{k}", br_instance(cls, k), args.time_limit, 1))
            print(rows[-1], flush=True)
    for n in (int(c) for c in args.cartons.split(",")):
        for seed in range(args.random):
            rows.append(row(f"rand{n}-{seed}", random_cartons(n, seed), args.time_limit, 6))
            print(rows[-1], flush=True)
    for seed in range(args.hub):
        name = f"hub{args.packages}-{seed}"
        rows.append(row(name, hub_set(args.packages, seed), args.time_limit, 0))
        print(rows[-1], flush=True)
    print()
    show(rows)
    br = [r for r in rows if r[0].startswith("BR")]
    if br:
        print(
            f"BR mean fill {sum(r[5] for r in br) / len(br):.4f}, "
            f"py3dbp {sum(r[6] for r in br) / len(br):.4f}"
        )
    rand = [r for r in rows if r[0].startswith("rand")]
    if rand:
        print(
            f"random sets: bound reached on {sum(r[3] == r[2] for r in rand)}/{len(rand)}, "
            f"py3dbp on {sum(r[4] == r[2] for r in rand)}/{len(rand)}; containers "
            f"{sum(r[3] for r in rand)} vs py3dbp {sum(r[4] for r in rand)} "
            f"(bound {sum(r[2] for r in rand)})"
        )
    hub = [r for r in rows if r[0].startswith("hub")]
    if hub:
        print(
            f"hub-like sets: bound reached on {sum(r[3] == r[2] for r in hub)}/{len(hub)}; "
            f"seconds {min(r[7] for r in hub):.2f}-{max(r[7] for r in hub):.2f} "
            f"for a limit of {args.time_limit}"
        )


if __name__ == "__main__":
    main()
