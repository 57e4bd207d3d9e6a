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

``--workers N`` (default 2) runs batches of different orders at once in N processes, each
with its own connection (``bench/orders_flow.py``); on SQLite, whose transactions begin
``BEGIN IMMEDIATE`` (``warehouse.db``), a batch waits for the one writing, and one that still
finds the database locked is rolled back and run again, and the retries are reported.

    .venv/bin/python bench/orders.py --orders 1000
    .venv/bin/python bench/orders.py --orders 1000 --backends sqlite --workers 1
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
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every table on the metadata)
from bench.orders_baseline import bare_inserts, max_ids, new_rows
from bench.orders_flow import run_workers
from warehouse.access.audit_chain import load_chain, verify_chain
from warehouse.bonded import check, demo
from warehouse.db import Base, make_engine

STEPS = ("documents", "declare", "release", "wave", "pick", "pack", "gate")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "silkhub_bench_")  # names of the bench's databases
ADMIN_URL = os.environ.get(
    "BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@contextmanager
def postgres() -> Iterator[str]:
    name = f"{PREFIX}{uuid.uuid4().hex[:8]}"
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


def run(
    backend: str,
    url: str,
    twin_url: str,
    count: int,
    seed: int,
    size: int = 100,
    scans: bool = False,
    workers: int = 1,
) -> dict[str, object]:
    engine = make_engine(url)
    plan = prepare(engine, count)
    before = max_ids(engine)
    engine.dispose()  # the workers fork: no pooled connection may be shared with them
    started = time.perf_counter()
    tally = run_workers(url, plan, count, seed, size, scans, workers)
    elapsed = time.perf_counter() - started
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
        "workers": workers,
        "retries": tally.retries,
        "orders": count,
        "seconds": elapsed,
        "rate": count / elapsed,
        "rows": sum(len(r) for r in rows.values()),
        "bare": bare,
        "cpu": tally.cpu,
        "steps": {k: _pcts(v) for k, v in tally.times.items()},
        "statements": {k: n / count for k, n in tally.statements.items()},
    }


def _pcts(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return statistics.median(ordered) * 1000, p99 * 1000


def report(results: list[dict[str, object]]) -> str:
    lines = [
        "| backend | workers | orders | s | orders/s | client CPU s | rows | bare inserts s "
        "| flow / bare | SQL statements / order | batches retried |",
        "|" + "---|" * 11,
    ]
    for r in results:
        statements = r["statements"]
        assert isinstance(statements, dict)
        lines.append(
            f"| {r['backend']} | {r['workers']} | {r['orders']} | {r['seconds']:.1f} | "
            f"{r['rate']:.0f} | "
            f"{r['cpu']:.1f} | {r['rows']} | {r['bare']:.2f} | "
            f"{r['seconds'] / r['bare']:.1f}x | {sum(statements.values()):.1f} | "  # type: ignore[operator]
            f"{r['retries']} |"
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
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="worker processes running batches at once (SQLite: retried when locked)",
    )
    args = parser.parse_args()
    results = []
    for backend in args.backends.split(","):
        make = postgres if backend == "postgresql" else sqlite
        with make() as url, make() as twin:
            results.append(
                run(
                    backend,
                    url,
                    twin,
                    args.orders,
                    args.seed,
                    args.batch,
                    args.scans,
                    args.workers,
                )
            )
    print(report(results))


if __name__ == "__main__":
    main()
