"""Batches racing on the same orders, stock and parcels (PostgreSQL, parallel transactions):
the rows a batch locks up front keep every order declared once, no stock oversold, and every
parcel written off once."""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Callable

import pytest
from apiflask import APIFlask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from config.settings import Policy
from warehouse.access.audit import SYSTEM
from warehouse.access.audit_chain import load_chain, verify_chain
from warehouse.bonded import check, demo
from warehouse.bonded.stock import Stock
from warehouse.customs import intake, orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.customs.manifest import Manifest
from warehouse.errors import DomainError
from warehouse.fulfilment import gate, packline, pickbatch, waves
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.masterdata import service as md

POLICY = Policy()
WORKERS = 4
ORDERS = 24


def race(app: APIFlask, work: Callable[[Session, int], list[object]]) -> list[str]:
    """``work`` in WORKERS threads at once, each batch in its own transaction: every answer."""
    answers: list[str] = []
    start = threading.Barrier(WORKERS)

    def worker(n: int) -> None:
        with app.app_context(), Session(db.engine) as session:
            start.wait()
            done = work(session, n)
            session.commit()
            answers.extend(d.code if isinstance(d, DomainError) else "ok" for d in done)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return answers


@pytest.mark.postgres_only
def test_racing_batches_declare_once_never_oversell_and_write_off_once(app: APIFlask) -> None:
    """4 workers declare 6 orders each at once on 3 units of every SKU, then race gate batches
    over the same parcels: the reservations fit the stock and match the pick tasks, each
    parcel leaves once, and ledger == stock throughout."""
    with app.app_context(), Session(db.engine) as s:
        plan = demo.seed_masterdata(s)
        demo.stock_up(s, plan, 3)
        rng = random.Random(5)
        trios = [demo.make_order(rng, plan, n, POLICY, max_units=2) for n in range(ORDERS)]
        intake.receive_batch(s, SYSTEM, demo.WAREHOUSE, trios)
        s.commit()
    nos = [t[0].order_no for t in trios]

    def declare(session: Session, n: int) -> list[object]:
        return list(orders.declare_batch(session, SYSTEM, nos[n::WORKERS], orders.Context(POLICY)))

    declared = Counter(race(app, declare))
    with app.app_context(), Session(db.engine) as s:
        manifests = s.scalar(select(func.count()).select_from(Manifest))
        assert declared["ok"] == manifests and 0 < manifests < ORDERS
        assert declared["E_OUT_OF_STOCK"] > 0
        assert s.scalar(select(func.count()).where(Stock.reserved > Stock.quantity)) == 0
        per_task = select(PickTask.stock_id, func.sum(PickTask.qty)).group_by(PickTask.stock_id)
        tasks = {stock_id: qty for stock_id, qty in s.execute(per_task)}
        held = select(Stock.id, Stock.reserved).where(Stock.reserved > 0)
        reserved = {stock_id: qty for stock_id, qty in s.execute(held)}
        assert reserved == tasks
        assert check.differences(s) == []
        codes = _released_and_packed(s, manifests)

    def ship(session: Session, _n: int) -> list[object]:
        return list(gate.gate_out_batch(session, SYSTEM, codes))

    shipped = Counter(race(app, ship))
    assert shipped == {"ok": len(codes), "E_ALREADY_WRITTEN_OFF": len(codes) * (WORKERS - 1)}
    with app.app_context(), Session(db.engine) as s:
        assert set(s.scalars(select(Parcel.status))) == {"shipped"}
        assert check.differences(s) == []
        assert verify_chain(load_chain(s)) == []


def _released_and_packed(s: Session, count: int) -> list[str]:
    """The declared orders released, waved, picked and packed: their parcel codes."""
    cops = list(s.scalars(select(Manifest.cop_no)))
    receipts.apply_receipts(s, SYSTEM, [Receipt(c, "I" + c, "800") for c in cops])
    wave = waves.create_wave(s, SYSTEM, md.warehouse(s, demo.WAREHOUSE).id, count)
    assert wave is not None
    scans = [pickbatch.PickScan(t.id, t.qty) for t, _bin in waves.tasks_of(s, wave.id)]
    pickbatch.pick_batch(s, SYSTEM, scans)
    parcels = list(s.scalars(select(Parcel)))
    weighings = [packline.LineWeighing(p.code, p.expected_g) for p in parcels]
    packline.pack_batch(s, SYSTEM, "LINE-01", weighings, POLICY)
    s.commit()
    return [p.code for p in parcels]
