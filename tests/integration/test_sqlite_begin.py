"""How SQLite transactions begin (warehouse.db): with the write lock by default, deferred on
an engine made by ``reading``, so a long read there never holds up the gateway's writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from warehouse.db import make_engine, reading


def test_a_reading_transaction_runs_while_a_writer_holds_the_lock(tmp_path: Path) -> None:
    """While one transaction holds SQLite's write lock, a transaction on the reading engine
    begins and reads at once (the last committed rows), and the writer's rows appear to it
    once committed."""
    engine = make_engine(f"sqlite:///{tmp_path / 'begin.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
        conn.execute(text("INSERT INTO t (id) VALUES (1)"))
    reader = reading(engine)
    with engine.connect() as writer:
        writer.execute(text("INSERT INTO t (id) VALUES (2)"))
        with reader.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 1
        writer.commit()
    with reader.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM t")).scalar_one() == 2
    engine.dispose()


def test_a_default_transaction_takes_the_write_lock_when_it_begins(tmp_path: Path) -> None:
    """A transaction on the default engine holds the write lock from its first statement,
    a read included: a second writer asking not to wait is refused until it ends."""
    engine = make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
    impatient = make_engine(f"sqlite:///{tmp_path / 'lock.db'}")
    with engine.connect() as holder:
        holder.execute(text("SELECT count(*) FROM t"))
        with impatient.connect() as other:
            driver = other.connection.driver_connection
            assert driver is not None
            driver.execute("PRAGMA busy_timeout=0")
            with pytest.raises(OperationalError, match="locked"):
                other.execute(text("SELECT 1"))
    engine.dispose()
    impatient.dispose()
