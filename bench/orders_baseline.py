"""The baseline of ``bench/orders.py``: the rows a run created, inserted bare into a twin."""

from __future__ import annotations

import time

from sqlalchemy import Engine, Integer, Table, insert, select, text

from warehouse.db import Base


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
            conn.commit()
        else:  # a no-op inside a transaction, so on the driver's connection before any begins
            driver = conn.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA foreign_keys=OFF")
        for chunk in chunks:
            for name, part in chunk:
                conn.execute(insert(tables[name]), part)
            conn.commit()
    return time.perf_counter() - started
