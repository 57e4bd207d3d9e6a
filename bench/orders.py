# ruff: noqa: E402  (the path fix below must run before the imports)
"""Benchmark: N retail orders from receipt to write-off through the service layer.

Runs on PostgreSQL and on SQLite, one transaction per use case as the API does, and reports
orders/s, the client's CPU time, p50/p99 and SQL statements per order for each step (counted
on the engine, savepoints included), and the ratio to bare inserts of the same rows (the rows
the flow created, copied into an empty twin database with Core executemany, one commit per
order).
Operations that batch in real life run as batch use cases, one transaction per batch of
``--batch`` orders, each order in its own savepoint: declaring manifests, applying customs
receipts, the gate scans of a wave. Their per-step figure is the batch's time per order.

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
from typing import Any

from sqlalchemy import Engine, Integer, Table, create_engine, event, insert, select, text
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every table on the metadata)
from config.settings import Policy
from warehouse.access.audit import Actor
from warehouse.bonded import check, demo
from warehouse.customs import orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.db import Base, make_engine
from warehouse.fulfilment import gate, packing, picking, waves
from warehouse.fulfilment.models import Parcel
from warehouse.masterdata import service as md

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


def flow(engine: Engine, plan: demo.Demo, count: int, seed: int, size: int = 100) -> Meter:
    """Run the orders, a fresh session per use case (or batch) as a request has."""
    rng = random.Random(seed)
    meter = Meter(engine)
    ctx = orders.Context(POLICY)
    with Session(engine) as s:
        wh = md.warehouse(s, demo.WAREHOUSE).id
    docs = [demo.make_order(rng, plan, n, POLICY, max_units=2) for n in range(count)]
    for start in range(0, count, size):
        part = docs[start : start + size]
        nos = [order.order_no for order, _p, _w in part]
        for order, payment, waybill in part:
            step(engine, meter, "documents", partial(documents, order, payment, waybill))
        batch(engine, meter, "declare", nos, partial(declare, ctx))
        batch(engine, meter, "release", nos, release)
    _fulfil(engine, wh, count, meter, size)
    return meter


def documents(order: Any, payment: Any, waybill: Any, s: Session) -> None:
    orders.receive_order(s, ACTOR, demo.WAREHOUSE, order)
    orders.receive_payment(s, ACTOR, payment)
    orders.receive_waybill(s, ACTOR, waybill)


def declare(ctx: orders.Context, s: Session, nos: list[str]) -> list[object]:
    return list(orders.declare_batch(s, ACTOR, nos, ctx))


def release(s: Session, nos: list[str]) -> list[object]:
    return list(receipts.apply_receipts(s, ACTOR, [Receipt(no, "I" + no, "800") for no in nos]))


def pick_all(mine: list[tuple[int, int]], s: Session) -> None:
    for task_id, qty in mine:
        picking.pick(s, ACTOR, task_id, qty)


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
    keys: list[str],
    action: Callable[[Session, list[str]], list[object]],
) -> None:
    """A batch use case in one session and transaction, measured per order."""
    with meter.measure(name, len(keys)), Session(engine) as session:
        results = action(session, keys)
        session.commit()
    refused = [r for r in results if isinstance(r, Exception)]
    assert not refused, f"refused in a batch: {refused[:3]}"


def _fulfil(engine: Engine, wh: int, count: int, meter: Meter, size: int) -> None:
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
        for order_id, mine in tasks.items():
            step(engine, meter, "pick", partial(pick_all, mine))
            step(engine, meter, "pack", partial(_pack, codes[order_id]))
        batch(engine, meter, "gate", [codes[o] for o in tasks], gate_out)
    assert len(meter.times["gate"]) == count, "every order must reach the gate"


def _pack(code: str, s: Session) -> None:
    parcel = packing.present(s, ACTOR, "PACK-01", code)
    packing.weigh(s, ACTOR, "PACK-01", parcel.expected_g, 0, POLICY)


def new_rows(engine: Engine, before: dict[str, int]) -> dict[str, list[dict[str, object]]]:
    rows: dict[str, list[dict[str, object]]] = {}
    with engine.connect() as conn:
        for table in _counted():
            found = conn.execute(select(table).where(table.c.id > before[table.name])).mappings()
            rows[table.name] = [dict(r) for r in found]
    return rows


def _counted() -> list[Table]:
    """Tables with integer ids (the flow's own and the audit trail)."""
    return [
        t for t in Base.metadata.sorted_tables if "id" in t.c and isinstance(t.c.id.type, Integer)
    ]


def max_ids(engine: Engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {
            t.name: int(conn.scalar(text(f"SELECT COALESCE(MAX(id), 0) FROM {t.name}")) or 0)
            for t in _counted()
        }


def bare_inserts(twin: Engine, rows: dict[str, list[dict[str, object]]], count: int) -> float:
    """Insert the flow's rows (no constraints, no logic), one commit per order's share."""
    Base.metadata.create_all(twin)
    with twin.begin() as conn:  # no foreign keys to satisfy: drop the constraints' effect
        if twin.dialect.name == "postgresql":
            conn.execute(text("SET session_replication_role = replica"))
    chunks: list[list[tuple[str, list[dict[str, object]]]]] = [[] for _ in range(count)]
    for name, found in rows.items():
        for i in range(count):
            part = found[i::count]
            if part:
                chunks[i].append((name, part))
    tables = Base.metadata.tables
    started = time.perf_counter()
    with twin.connect() as conn:
        if twin.dialect.name == "postgresql":
            conn.execute(text("SET session_replication_role = replica"))
        else:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
        conn.commit()
        for chunk in chunks:
            for name, part in chunk:
                conn.execute(insert(tables[name]), part)
            conn.commit()
    return time.perf_counter() - started


def run(
    backend: str, url: str, twin_url: str, count: int, seed: int, size: int = 100
) -> dict[str, object]:
    engine = make_engine(url)
    plan = prepare(engine, count)
    before = max_ids(engine)
    started, cpu = time.perf_counter(), time.process_time()
    meter = flow(engine, plan, count, seed, size)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    with Session(engine) as s:
        assert check.differences(s) == [], "ledger != stock after the benchmark"
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
    args = parser.parse_args()
    results = []
    for backend in args.backends.split(","):
        make = postgres if backend == "postgresql" else sqlite
        with make() as url, make() as twin:
            results.append(run(backend, url, twin, args.orders, args.seed, args.batch))
    print(report(results))


if __name__ == "__main__":
    main()
