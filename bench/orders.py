# ruff: noqa: E402  (the path fix below must run before the imports)
"""Benchmark: N retail orders from receipt to write-off through the service layer.

Runs on PostgreSQL and on SQLite through the service layer, and reports
orders/s, the client's CPU time, p50/p99 and SQL statements per order for each step (counted
on the engine, savepoints included), and the ratio to bare inserts of the same rows (the rows
the flow created, copied into an empty twin database with Core executemany, one commit per
order).
Every step runs as a batch use case, one transaction per batch of ``--batch`` orders (a wave),
each order answered on its own: the platform's push of orders with their payments and
waybills, declaring manifests, applying customs receipts, a wave's pick scans uploaded
together, the pack line weighing the wave's parcels, the gate scans of the wave. A step's
figure is the batch's time per order. ``--scans``: documents, picks and packing one order a
transaction instead, as single requests and scans at a station do.

    .venv/bin/python bench/orders.py --orders 1000
    BENCH_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/postgres
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if sys.path[0] == str(ROOT / "bench"):  # run as a script: bench/ must not shadow packages
    sys.path[0] = str(ROOT)

import argparse
import os
import random
import statistics
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from typing import TypeVar

from sqlalchemy import Engine, create_engine, event, select, text
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every table on the metadata)
from bench.orders_baseline import bare_inserts, max_ids, new_rows
from config.settings import Policy
from warehouse.access.audit import Actor, load_chain, verify_chain
from warehouse.bonded import check, demo
from warehouse.customs import intake, orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.db import Base, make_engine
from warehouse.fulfilment import gate, packing, packline, pickbatch, picking, waves
from warehouse.fulfilment.models import Parcel
from warehouse.masterdata import service as md

K = TypeVar("K")
ACTOR = Actor("bench")
POLICY = Policy()
STEPS = ("documents", "declare", "release", "wave", "pick", "pack", "gate")
ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def postgres() -> Iterator[str]:
    name = f"silkhub_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def sqlite() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.db'}"


def prepare(engine: Engine, count: int) -> demo.Demo:
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        plan = demo.seed_masterdata(session, bins=24)
        demo.stock_up(session, plan, count // 3 + 60)
        session.commit()
    return plan


class Meter:
    """Seconds per order and SQL statements per step, counted on the engine."""

    def __init__(self, engine: Engine) -> None:
        self.times: dict[str, list[float]] = defaultdict(list)
        self.statements: Counter[str] = Counter()
        self._count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: object) -> None:
        self._count += 1

    @contextmanager
    def measure(self, name: str, orders: int = 1) -> Iterator[None]:
        """Time a block and count its statements; its time is spread over ``orders``."""
        started, before = time.perf_counter(), self._count
        yield
        self.times[name] += [(time.perf_counter() - started) / orders] * orders
        self.statements[name] += self._count - before


def flow(
    engine: Engine, plan: demo.Demo, count: int, seed: int, size: int = 100, scans: bool = False
) -> Meter:
    """Run the orders, a fresh session per batch (or use case) as a request has.

    ``scans``: documents, picks and packing one order at a time, as single scans and requests.
    """
    rng = random.Random(seed)
    meter = Meter(engine)
    ctx = orders.Context(POLICY)
    with Session(engine) as s:
        wh = md.warehouse(s, demo.WAREHOUSE).id
    docs = [demo.make_order(rng, plan, n, POLICY, max_units=2) for n in range(count)]
    for start in range(0, count, size):
        part = docs[start : start + size]
        nos = [order.order_no for order, _p, _w in part]
        if scans:
            for trio in part:
                step(engine, meter, "documents", partial(documents_one, trio))
        else:
            batch(engine, meter, "documents", part, documents)
        batch(engine, meter, "declare", nos, partial(declare, ctx))
        batch(engine, meter, "release", nos, release)
    _fulfil(engine, wh, count, meter, size, scans)
    return meter


def documents_one(trio: intake.Trio, s: Session) -> None:
    orders.receive_order(s, ACTOR, demo.WAREHOUSE, trio[0])
    orders.receive_payment(s, ACTOR, trio[1])
    orders.receive_waybill(s, ACTOR, trio[2])


def documents(s: Session, trios: list[intake.Trio]) -> list[object]:
    return list(intake.receive_batch(s, ACTOR, demo.WAREHOUSE, trios))


def declare(ctx: orders.Context, s: Session, nos: list[str]) -> list[object]:
    return list(orders.declare_batch(s, ACTOR, nos, ctx))


def release(s: Session, nos: list[str]) -> list[object]:
    return list(receipts.apply_receipts(s, ACTOR, [Receipt(no, "I" + no, "800") for no in nos]))


def pick(s: Session, scans: list[pickbatch.PickScan]) -> list[object]:
    return list(pickbatch.pick_batch(s, ACTOR, scans))


def gate_out(s: Session, codes: list[str]) -> list[object]:
    return list(gate.gate_out_batch(s, ACTOR, codes))


def step(engine: Engine, meter: Meter, name: str, action: Callable[[Session], object]) -> None:
    """One use case in its own session and transaction, measured."""
    with meter.measure(name), Session(engine) as session:
        action(session)
        session.commit()


def batch(
    engine: Engine,
    meter: Meter,
    name: str,
    keys: list[K],
    action: Callable[[Session, list[K]], list[object]],
    orders: int | None = None,
) -> None:
    """A batch use case in one session and transaction, measured per order (``orders``, by
    default one a key)."""
    with meter.measure(name, orders or len(keys)), Session(engine) as session:
        results = action(session, keys)
        session.commit()
    refused = [r for r in results if isinstance(r, Exception)]
    assert not refused, f"refused in a batch: {refused[:3]}"


def _fulfil(engine: Engine, wh: int, count: int, meter: Meter, size: int, scans: bool) -> None:
    while True:
        with Session(engine, expire_on_commit=False) as s:
            with meter.measure("wave-", 1):
                wave = waves.create_wave(s, ACTOR, wh, size)
                s.commit()
            if wave is None:
                break
            tasks: dict[int, list[tuple[int, int]]] = defaultdict(list)
            for task, _bin in waves.tasks_of(s, wave.id):
                tasks[task.order_id].append((task.id, task.qty))
            codes = dict(
                s.execute(
                    select(Parcel.order_id, Parcel.code).where(Parcel.order_id.in_(list(tasks)))
                ).all()
            )
        spent = meter.times.pop("wave-")[-1]
        meter.times["wave"] += [spent / len(tasks)] * len(tasks)
        meter.statements["wave"] += meter.statements.pop("wave-")
        if scans:
            for order_id, mine in tasks.items():
                step(engine, meter, "pick", partial(pick_one_order, mine))
                step(engine, meter, "pack", partial(pack_at_station, codes[order_id]))
        else:
            picks = [pickbatch.PickScan(t, q) for mine in tasks.values() for t, q in mine]
            batch(engine, meter, "pick", picks, pick, len(tasks))
            batch(engine, meter, "pack", [codes[o] for o in tasks], pack)
        batch(engine, meter, "gate", [codes[o] for o in tasks], gate_out)
    assert len(meter.times["gate"]) == count, "every order must reach the gate"


def pick_one_order(mine: list[tuple[int, int]], s: Session) -> None:
    for task_id, qty in mine:
        picking.pick(s, ACTOR, task_id, qty)


def pack_at_station(code: str, s: Session) -> None:
    parcel = packing.present(s, ACTOR, "PACK-01", code)
    packing.weigh(s, ACTOR, "PACK-01", parcel.expected_g, 0, POLICY)


def pack(s: Session, codes: list[str]) -> list[object]:
    found = s.execute(select(Parcel.code, Parcel.expected_g).where(Parcel.code.in_(codes)))
    expected = {code: grams for code, grams in found}
    weighings = [packline.LineWeighing(code, expected[code]) for code in codes]
    return list(packline.pack_batch(s, ACTOR, "LINE-01", weighings, POLICY))


def run(
    backend: str,
    url: str,
    twin_url: str,
    count: int,
    seed: int,
    size: int = 100,
    scans: bool = False,
) -> dict[str, object]:
    engine = make_engine(url)
    plan = prepare(engine, count)
    before = max_ids(engine)
    started, cpu = time.perf_counter(), time.process_time()
    meter = flow(engine, plan, count, seed, size, scans)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    with Session(engine) as s:
        assert check.differences(s) == [], "ledger != stock after the benchmark"
        assert verify_chain(load_chain(s)) == [], "the audit chain is broken"
    rows = new_rows(engine, before)
    twin = make_engine(twin_url)
    bare = bare_inserts(twin, rows, count)
    engine.dispose()
    twin.dispose()
    return {
        "backend": backend,
        "orders": count,
        "seconds": elapsed,
        "rate": count / elapsed,
        "rows": sum(len(r) for r in rows.values()),
        "bare": bare,
        "cpu": cpu,
        "steps": {k: _pcts(v) for k, v in meter.times.items()},
        "statements": {k: n / count for k, n in meter.statements.items()},
    }


def _pcts(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def report(results: list[dict[str, object]]) -> str:
    lines = [
        "| backend | orders | s | orders/s | client CPU s | rows | bare inserts s | flow / bare "
        "| SQL statements / order |",
        "|" + "---|" * 9,
    ]
    for r in results:
        statements = r["statements"]
        assert isinstance(statements, dict)
        lines.append(
            f"| {r['backend']} | {r['orders']} | {r['seconds']:.1f} | {r['rate']:.0f} | "
            f"{r['cpu']:.1f} | {r['rows']} | {r['bare']:.2f} | "
            f"{r['seconds'] / r['bare']:.1f}x | {sum(statements.values()):.1f} |"  # type: ignore[operator]
        )
    lines += [
        "",
        "| backend | step | p50 ms | p99 ms | SQL statements / order |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        steps, statements = r["steps"], r["statements"]
        assert isinstance(steps, dict) and isinstance(statements, dict)
        lines += [
            f"| {r['backend']} | {s} | {steps[s][0]:.2f} | {steps[s][1]:.2f} | "
            f"{statements.get(s, 0):.1f} |"
            for s in STEPS
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--backends", default="postgresql,sqlite")
    parser.add_argument("--batch", type=int, default=100, help="orders per batch and wave")
    parser.add_argument(
        "--scans", action="store_true", help="documents, picks and packing one order at a time"
    )
    args = parser.parse_args()
    results = []
    for backend in args.backends.split(","):
        make = postgres if backend == "postgresql" else sqlite
        with make() as url, make() as twin:
            results.append(run(backend, url, twin, args.orders, args.seed, args.batch, args.scans))
    print(report(results))


if __name__ == "__main__":
    main()
