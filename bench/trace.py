"""Trace benchmark: N EPCIS events in PostgreSQL, then trace latency next to a bare lookup.

    .venv/bin/python bench/trace.py --events 100000
    .venv/bin/python bench/trace.py --events 1000000 --samples 500
    .venv/bin/python bench/trace.py --reuse          # measure again without reloading
    TRACE_BENCH_DB=other_name .venv/bin/python bench/trace.py --events 20000   # another database

Loads synthetic shipments (bench/trace_data.py) with COPY into a database of its own
(``silkhub_bench_trace`` on TEST_POSTGRES_URL's server), hash-chained per site exactly as the
store does, then measures p50/p99 of: a bare indexed lookup (the events naming one parcel, one
query), trace() of a parcel's QR text and of a container's SSCC in the service, the same over
HTTP (auth, JSON), and an EPCIS MATCH_anyEPC query. Ratios are against the bare lookup's p50.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask_migrate import upgrade
from sqlalchemy import create_engine, func, select, text

from app import create_app
from app.extensions import db
from bench.trace_data import (
    EVENTS_PER_CONTAINER,
    Row,
    check_row,
    fast_row,
    generate,
    parcel_codes,
)
from config.settings import Environment, load_settings
from warehouse.access import service
from warehouse.access.audit import SYSTEM
from warehouse.access.roles import Role
from warehouse.trace.epcis.chain import chain_hash, genesis_hash
from warehouse.trace.epcis.events import format_time
from warehouse.trace.epcis.index import canonical_id
from warehouse.trace.models import EpcisEvent, EventIdentifier
from warehouse.trace.tracing import trace

ADMIN = os.environ.get("TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
NAME = os.environ.get("TRACE_BENCH_DB", "silkhub_bench_trace")
CHUNK = 50_000
CHECK_EVERY = 97
EVENT_COLUMNS = (
    "id",
    "event_id",
    "site",
    "chain_seq",
    "prev_hash",
    "hash",
    "event_type",
    "action",
    "event_time",
    "record_time",
    "biz_step",
    "disposition",
    "read_point",
    "biz_location",
    "body",
)


def fresh_database() -> str:
    admin = create_engine(ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{NAME}"'))
    admin.dispose()
    return database_url()


def database_url() -> str:
    return ADMIN.rsplit("/", 1)[0] + f"/{NAME}"


def make_app(url: str):  # type: ignore[no-untyped-def]
    env = {
        "SILKHUB_ENV": Environment.DEVELOPMENT.value,  # as served: the heap is settled
        "DATABASE_URL": url,
        "LOG_FORMAT": "console",
    }
    settings = load_settings(env, instance_path=Path("/tmp/silkhub-bench-trace"))
    return create_app(settings.with_overrides(mqtt_url=None, log_json=False))


def load(app, total: int) -> int:  # type: ignore[no-untyped-def]
    """COPY ``total`` events (rounded up to whole containers); returns how many.

    Rows come from ``fast_row``; the whole first container and every CHECK_EVERY-th event
    after it are compared with the store's own ``prepare_event``. Secondary indexes are
    dropped for the load and built afterwards, and the foreign key is not checked row by row
    (``session_replication_role = replica``): both are bulk-load settings of this database
    only. VACUUM ANALYZE then does what autovacuum would do on a live database (statistics,
    and the visibility map that index-only scans need).
    """
    heads: dict[str, tuple[int, str, dt.datetime | None]] = {}
    record_time = dt.datetime.now(dt.UTC)
    stamp = format_time(record_time)[0]
    started, pk = time.monotonic(), 0
    with app.app_context():
        raw = db.engine.raw_connection()
        cur = raw.cursor()
        cur.execute("SET session_replication_role = replica")
        indexes = _drop_secondary_indexes(cur)
        events: list[tuple[object, ...]] = []
        ids: list[tuple[str, str, int]] = []
        for item in generate(total):
            pk += 1
            row = fast_row(item.event, stamp)
            seq, prev, latest = heads.get(item.site, (0, genesis_hash(item.site), None))
            digest = hashlib.sha256(f"{prev}\n{row.text}".encode()).hexdigest()
            if pk <= EVENTS_PER_CONTAINER or pk % CHECK_EVERY == 0:
                check_row(item.event, row, record_time)
                assert digest == chain_hash(prev, json.loads(row.text)), row.event_id
            events.append(
                (pk, row.event_id, item.site, seq + 1, prev, digest, *_columns(row, record_time))
            )
            ids += [(value, role, pk) for value, role in row.index]
            latest = max(latest, row.event_time) if latest else row.event_time
            heads[item.site] = (seq + 1, digest, latest)
            if pk % CHUNK == 0:
                _copy(cur, events, ids)
                print(f"  {pk:>9,} events  {time.monotonic() - started:6.1f} s", flush=True)
        _copy(cur, events, ids)
        for site, (seq, digest, latest) in heads.items():
            cur.execute(
                "INSERT INTO epcis_chain_heads VALUES (%s, %s, %s, %s)", (site, seq, digest, latest)
            )
        cur.execute(f"SELECT setval('epcis_events_id_seq', {pk})")
        print(f"  copied in {time.monotonic() - started:.1f} s; building indexes", flush=True)
        for statement in indexes:
            cur.execute(statement)
        raw.commit()
        print(f"  indexes built at {time.monotonic() - started:.1f} s", flush=True)
        raw.driver_connection.autocommit = True  # VACUUM runs outside a transaction
        cur.execute("VACUUM (ANALYZE) epcis_events, epcis_event_ids")
        raw.close()
    print(f"loaded {pk:,} events in {time.monotonic() - started:.1f} s", flush=True)
    return pk


def _columns(row: Row, record_time: dt.datetime) -> tuple[object, ...]:
    return (row.type, row.action, row.event_time, record_time, row.biz_step, row.disposition,
            row.read_point, row.biz_location, row.text)  # fmt: skip


def _drop_secondary_indexes(cur) -> list[str]:  # type: ignore[no-untyped-def]
    """Drop the indexes of the event tables that back no constraint; their CREATE statements."""
    cur.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename IN "
        "('epcis_events', 'epcis_event_ids') AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
        "WHERE c.conname = i.indexname)"
    )
    found = cur.fetchall()
    for name, _ in found:
        cur.execute(f'DROP INDEX "{name}"')
    return [definition for _, definition in found]


def _copy(cur, events: list, ids: list) -> None:  # type: ignore[no-untyped-def]
    """COPY one chunk (one COPY at a time per connection), then empty the buffers."""
    with cur.copy(f"COPY epcis_events ({', '.join(EVENT_COLUMNS)}) FROM STDIN") as copy:
        for row in events:
            copy.write_row(row)
    with cur.copy("COPY epcis_event_ids (value, role, event_pk) FROM STDIN") as copy:
        for row in ids:
            copy.write_row(row)
    events.clear()
    ids.clear()


def measure(call: Callable[[str], object], codes: list[str], warmup: int = 10) -> list[float]:
    for code in codes[:warmup]:
        call(code)
    out = []
    for code in codes:
        t = time.perf_counter()
        call(code)
        out.append((time.perf_counter() - t) * 1000)
    return out


def pct(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--samples", type=int, default=300)
    ap.add_argument("--reuse", action="store_true", help="measure the loaded database again")
    args = ap.parse_args()
    app = make_app(database_url() if args.reuse else fresh_database())
    with app.app_context():
        if not args.reuse:
            upgrade(revision="heads")
        service.create_user(
            db.session,
            SYSTEM,
            service.NewUser(f"bench{time.time_ns()}", "bench", Role.ADMIN, "bench-password-1"),
        )
        db.session.commit()
    total = args.events if args.reuse else load(app, args.events)
    rows = run(app, total, args.samples)
    show(total, rows)


def run(app, total: int, samples: int) -> list[tuple[str, list[float]]]:  # type: ignore[no-untyped-def]
    rng = random.Random(20261121)
    parcels, containers = parcel_codes(total)
    parcel_sample = rng.sample(parcels, min(samples, len(parcels)))
    container_sample = [rng.choice(containers) for _ in range(min(samples, 100))]
    with app.app_context():
        user = db.session.scalars(select(service.User).order_by(service.User.id.desc())).first()
        token = service.create_token(db.session, SYSTEM, user.username)
        db.session.commit()
        stored = db.session.scalar(select(func.count()).select_from(EpcisEvent))
        index = db.session.scalar(select(func.count()).select_from(EventIdentifier))
        print(f"{stored:,} events, {index:,} index rows")

        def bare(code: str) -> object:
            touched = select(EventIdentifier.event_pk).where(
                EventIdentifier.value == canonical_id(code)
            )
            return db.session.execute(
                select(EpcisEvent.id, EpcisEvent.body).where(EpcisEvent.id.in_(touched))
            ).all()

        def service_trace(code: str) -> object:
            return trace(db.session, code)

        rows = [
            ("bare indexed lookup (parcel)", measure(bare, parcel_sample)),
            ("trace parcel QR (service)", measure(service_trace, parcel_sample)),
            ("trace container SSCC (service)", measure(service_trace, container_sample)),
        ]
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}

    def http(path: str) -> Callable[[str], object]:
        def call(code: str) -> object:
            response = client.get(path.format(quote(code, safe="")), headers=headers)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return response

        return call

    rows += [
        ("trace parcel QR (HTTP)", measure(http("/api/v1/trace/{}"), parcel_sample)),
        ("trace container SSCC (HTTP)", measure(http("/api/v1/trace/{}"), container_sample)),
        (
            "EPCIS MATCH_anyEPC parcel (HTTP)",
            measure(http("/api/v1/epcis/events?MATCH_anyEPC={}"), parcel_sample),
        ),
    ]
    return rows


def show(total: int, rows: list[tuple[str, list[float]]]) -> None:
    base = pct(rows[0][1], 50)
    print(f"\n{total:,} events in PostgreSQL")
    print(f"| {'measure':<34} | {'n':>4} | {'p50 ms':>7} | {'p99 ms':>7} | {'p50 / bare':>10} |")
    print(f"|{'-' * 36}|{'-' * 6}|{'-' * 9}|{'-' * 9}|{'-' * 12}|")
    for name, values in rows:
        p50, p99 = pct(values, 50), pct(values, 99)
        print(f"| {name:<34} | {len(values):>4} | {p50:7.2f} | {p99:7.2f} | {p50 / base:10.1f} |")


if __name__ == "__main__":
    main()
