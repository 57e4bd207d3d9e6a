"""Concurrent waves on a file-based SQLite database (the demo's): every transaction begins
``BEGIN IMMEDIATE`` (``warehouse.db``), so a second wave waits for the first and reads what it
left, as ``FOR UPDATE SKIP LOCKED`` gives on PostgreSQL."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every table on the metadata)
from config.settings import Policy
from warehouse.access.audit import SYSTEM
from warehouse.access.audit_chain import load_chain, verify_chain
from warehouse.bonded import check, demo
from warehouse.customs import intake, orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.customs.models import RetailOrder
from warehouse.db import Base, make_engine
from warehouse.errors import DomainError
from warehouse.fulfilment import waves
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.masterdata import service as md

POLICY = Policy()
ORDERS = 12
WAVE_SIZE = 4
WAVERS = 2
SEEDS = (1, 2, 3)
MAX_JITTER_S = 0.003


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path / 'waves.db'}")
    Base.metadata.create_all(made)
    yield made
    made.dispose()


def _released_orders(engine: Engine, seed: int) -> tuple[int, list[str]]:
    """ORDERS orders received, declared and released by customs: (warehouse id, order numbers)."""
    with Session(engine) as s:
        plan = demo.seed_masterdata(s, bins=12)
        demo.stock_up(s, plan, 30)
        s.commit()
    rng = random.Random(seed)
    docs = [demo.make_order(rng, plan, n, POLICY, max_units=2) for n in range(ORDERS)]
    nos = [order.order_no for order, _payment, _waybill in docs]
    with Session(engine) as s:
        received = intake.receive_batch(s, SYSTEM, demo.WAREHOUSE, docs)
        declared = orders.declare_batch(s, SYSTEM, nos, orders.Context(POLICY))
        released = receipts.apply_receipts(s, SYSTEM, [Receipt(n, "I" + n, "800") for n in nos])
        s.commit()
        wh = md.warehouse(s, demo.WAREHOUSE).id
    refused = [r for r in [*received, *declared, *released] if isinstance(r, DomainError)]
    assert refused == []
    return wh, nos


def _wave_until_none(engine: Engine, wh: int, jitter: float, start: threading.Barrier) -> int:
    """Waves of WAVE_SIZE, each in its own transaction, until none is left: how many."""
    start.wait()
    time.sleep(jitter)
    made = 0
    while True:
        with Session(engine) as s:
            wave = waves.create_wave(s, SYSTEM, wh, WAVE_SIZE)
            s.commit()
        if wave is None:
            return made
        made += 1


@pytest.mark.parametrize("seed", SEEDS)
def test_concurrent_waves_on_sqlite_take_each_order_once(engine: Engine, seed: int) -> None:
    """Two wavers creating waves at once on one SQLite file: no error (the second waits for
    the first), every released order in exactly one wave, one parcel an order, every task
    of it in that wave; the ledger balances and the audit chain is whole."""
    wh, nos = _released_orders(engine, seed)
    rng = random.Random(seed)
    start = threading.Barrier(WAVERS)
    errors: list[Exception] = []
    counts: list[int] = []

    def waver(jitter: float) -> None:
        try:
            counts.append(_wave_until_none(engine, wh, jitter, start))
        except Exception as exc:  # the thread's failure is the test's
            errors.append(exc)

    threads = [
        threading.Thread(target=waver, args=(rng.uniform(0, MAX_JITTER_S),)) for _ in range(WAVERS)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert sum(counts) == ORDERS // WAVE_SIZE
    with Session(engine) as s:
        statuses = {
            no: st for no, st in s.execute(select(RetailOrder.order_no, RetailOrder.status))
        }
        assert statuses == dict.fromkeys(nos, "picking")
        parcels = Counter(s.scalars(select(Parcel.order_id)))
        assert len(parcels) == ORDERS and set(parcels.values()) == {1}
        task_waves = s.execute(
            select(PickTask.order_id, func.count(func.distinct(PickTask.wave_id)))
            .where(PickTask.wave_id.is_not(None))
            .group_by(PickTask.order_id)
        ).all()
        assert len(task_waves) == ORDERS and {n for _o, n in task_waves} == {1}
        assert s.scalar(select(func.count(PickTask.id)).where(PickTask.wave_id.is_(None))) == 0
        assert check.differences(s) == []
        assert verify_chain(load_chain(s)) == []
