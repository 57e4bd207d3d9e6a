"""Two workers picking or moving the same stock never oversell and never lose an update (racing
reservations: test_batch_race.py).

Runs on both databases; on PostgreSQL the threads truly run in parallel transactions (on
SQLite the write lock serialises them), so the PostgreSQL run is the one that matters.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from apiflask import APIFlask
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from warehouse.access.audit import SYSTEM
from warehouse.bonded import check, demo
from warehouse.bonded.stock import Status, Stock, put, take
from warehouse.customs.models import RetailOrder
from warehouse.errors import DomainError
from warehouse.fulfilment import picking
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.masterdata.models import Sku

WORKERS = 8


def race(app: APIFlask, work: Callable[[Session, int], None]) -> list[str]:
    """Run ``work`` in WORKERS threads at once, each in its own session and transaction."""
    outcomes: list[str] = []
    start = threading.Barrier(WORKERS)

    def worker(n: int) -> None:
        with app.app_context(), Session(db.engine) as session:
            start.wait()
            try:
                work(session, n)
                session.commit()
                outcomes.append("ok")
            except DomainError as exc:
                session.rollback()
                outcomes.append(exc.code)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


def _orders(app: APIFlask) -> tuple[int, int, list[int]]:
    with app.app_context():
        made = demo.seed_masterdata(db.session)
        demo.stock_up(db.session, made, 10)
        wh = db.session.scalar(select(Stock.warehouse_id).limit(1))
        sku = db.session.scalar(select(Sku.id).where(Sku.code == made.skus[1].code))
        ids = []
        for n in range(WORKERS):
            order = RetailOrder(
                order_no=f"R{n}",
                warehouse_id=wh,
                ebp_code="x",
                ebc_code="y",
                buyer_name="b",
                buyer_id_number="i",
                goods_fen=1,
                freight_fen=0,
                discount_fen=0,
            )
            db.session.add(order)
            db.session.flush()
            ids.append(order.id)
        db.session.commit()
        return int(wh or 0), int(sku or 0), ids


def test_parallel_moves_lose_no_update(app: APIFlask) -> None:
    """8 workers each move 1 unit shelf -> staging at once: 8 moved, nothing lost or doubled."""
    wh, sku, _ids = _orders(app)
    with app.app_context():
        row = db.session.scalar(
            select(Stock).where(Stock.sku_id == sku, Stock.status == Status.AVAILABLE.value)
        )
        row_id, staging = row.id, row.bin_id

    def move(session: Session, _n: int) -> None:
        if not take(session, row_id, 1, reserved=False):
            raise DomainError("E_STOCK_CHANGED", "gone")
        put(
            session,
            warehouse_id=wh,
            bin_id=staging,
            sku_id=sku,
            quantity=1,
            status=Status.RECEIVED,
            lot="MOVED",
        )

    assert race(app, move) == ["ok"] * WORKERS
    with app.app_context():
        moved = db.session.scalar(
            select(func.sum(Stock.quantity)).where(Stock.sku_id == sku, Stock.lot == "MOVED")
        )
        assert moved == WORKERS and check.differences(db.session) == []


@pytest.mark.postgres_only
def test_pickers_finishing_one_parcel_at_once_mark_it_picked(app: APIFlask) -> None:
    """8 pickers scan the 4 two-unit tasks of one order at once: every unit picked once, each
    task done, and the parcel picked (the last picker sees the others' work)."""
    wh, sku, order_ids = _orders(app)
    with app.app_context():
        row = db.session.scalar(
            select(Stock).where(Stock.sku_id == sku, Stock.status == Status.AVAILABLE.value)
        )
        row.reserved = 8
        parcel = Parcel(order_id=order_ids[0], warehouse_id=wh, code="PX", status="picking")
        tasks = [
            PickTask(
                order_id=order_ids[0],
                sku_id=sku,
                stock_id=row.id,
                bin_id=row.bin_id,
                qty=2,
                picked=0,
                status="open",
            )
            for _ in range(4)
        ]
        db.session.add_all([parcel, *tasks])
        db.session.commit()
        task_ids = [t.id for t in tasks]

    def pick_one(session: Session, n: int) -> None:
        picking.pick(session, SYSTEM, task_ids[n // 2], 1)

    assert race(app, pick_one) == ["ok"] * WORKERS
    with app.app_context():
        done = db.session.scalars(select(PickTask).where(PickTask.id.in_(task_ids))).all()
        assert [(t.picked, t.status) for t in done] == [(2, "done")] * 4
        assert db.session.scalar(select(Parcel.status).where(Parcel.code == "PX")) == "picked"
        in_parcel = db.session.scalar(
            select(func.sum(Stock.quantity)).where(Stock.parcel_id.is_not(None))
        )
        assert in_parcel == 8 and check.differences(db.session) == []
