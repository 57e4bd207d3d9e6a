"""Audit records written once per transaction, and batch use cases with savepoints."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

import app.models  # noqa: F401  (every table on the metadata)
from config.settings import Policy
from warehouse.access.audit import SYSTEM, record
from warehouse.access.audit_chain import AuditHead, AuditRecord, load_chain, verify_chain
from warehouse.bonded import check, demo
from warehouse.customs import orders, receipts
from warehouse.customs.documents import Receipt
from warehouse.customs.models import RetailOrder
from warehouse.db import Base, make_engine
from warehouse.errors import DomainError
from warehouse.fulfilment import gate, packing, picking, waves
from warehouse.masterdata import service as md

POLICY = Policy()


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    made = make_engine(f"sqlite:///{tmp_path / 'batch.db'}")
    Base.metadata.create_all(made)
    yield made
    made.dispose()


def actions(session: Session) -> list[str]:
    return [r.action for r in load_chain(session)]


def test_a_transaction_writes_its_records_in_order_at_commit(engine: Engine) -> None:
    """Records wait in the session, then go in one INSERT under one head update, in order."""
    with Session(engine) as s:
        for n in range(5):
            record(s, SYSTEM, f"test.{n}", "test", n)
        assert s.scalar(select(func.count()).select_from(AuditRecord)) == 5  # a read sees them
        record(s, SYSTEM, "test.5", "test", 5)
        s.commit()
    with Session(engine) as s:
        chain = load_chain(s)
        assert [r.action for r in chain] == [f"test.{n}" for n in range(6)]
        assert [r.seq for r in chain] == list(range(1, 7))
        assert verify_chain(chain) == []
        head = s.get_one(AuditHead, 1)
        assert (head.seq, head.hash) == (6, chain[-1].hash)


def test_rolled_back_work_leaves_no_record(engine: Engine) -> None:
    """A savepoint rolled back drops its records; a released one keeps them; rollback drops all."""
    with Session(engine) as s:
        record(s, SYSTEM, "kept.before", "test", 1)
        try:
            with s.begin_nested():
                record(s, SYSTEM, "dropped", "test", 2)
                raise DomainError("E_TEST", "refused")
        except DomainError:
            pass
        with s.begin_nested():
            record(s, SYSTEM, "kept.released", "test", 3)
        s.commit()
    with Session(engine) as s:
        record(s, SYSTEM, "never", "test", 4)
        s.rollback()
        record(s, SYSTEM, "kept.after", "test", 5)
        s.commit()
    with Session(engine) as s:
        assert actions(s) == ["kept.before", "kept.released", "kept.after"]
        assert verify_chain(load_chain(s)) == []


def test_batches_declare_release_and_write_off_with_one_refusal(engine: Engine) -> None:
    """A refused order in a batch changes nothing; the others go through to the gate."""
    with Session(engine) as s:
        plan = demo.seed_masterdata(s, bins=12)
        demo.stock_up(s, plan, 20)
        s.commit()
    rng = random.Random(7)
    docs = [demo.make_order(rng, plan, n, POLICY, max_units=2) for n in range(6)]
    nos = [d[0].order_no for d in docs]
    for order, payment, waybill in docs:
        with Session(engine) as s:
            orders.receive_order(s, SYSTEM, demo.WAREHOUSE, order)
            orders.receive_payment(s, SYSTEM, payment)
            orders.receive_waybill(s, SYSTEM, waybill)
            s.commit()
    ctx = orders.Context(POLICY)
    with Session(engine) as s:
        done = orders.declare_batch(s, SYSTEM, [*nos[:3], "NO-SUCH-ORDER", *nos[3:]], ctx)
        s.commit()
    assert [isinstance(d, DomainError) for d in done] == [False] * 3 + [True] + [False] * 3
    with Session(engine) as s:
        again = orders.declare_batch(s, SYSTEM, nos[:1], ctx)
        s.commit()
    assert isinstance(again[0], DomainError) and again[0].code == "E_ALREADY_DECLARED"
    with Session(engine) as s:
        applied = receipts.apply_receipts(s, SYSTEM, [Receipt(no, "I" + no, "800") for no in nos])
        s.commit()
    assert not [a for a in applied if isinstance(a, DomainError)]
    with Session(engine, expire_on_commit=False) as s:
        wh = md.warehouse(s, demo.WAREHOUSE).id
        wave = waves.create_wave(s, SYSTEM, wh, 10)
        assert wave is not None
        tasks = waves.tasks_of(s, wave.id)
        for task, _bin in tasks:
            picking.pick(s, SYSTEM, task.id, task.qty)
        s.commit()
        codes = []
        for no in nos:
            parcel = packing.present(s, SYSTEM, "PACK-01", no)
            packing.weigh(s, SYSTEM, "PACK-01", parcel.expected_g, 0, POLICY)
            codes.append(parcel.code)
        s.commit()
        shipped = gate.gate_out_batch(s, SYSTEM, [*codes, codes[0]])
        s.commit()
    assert [isinstance(p, DomainError) for p in shipped] == [False] * 6 + [True]
    with Session(engine) as s:
        assert check.differences(s) == []
        assert verify_chain(load_chain(s)) == []
        statuses = set(s.scalars(select(RetailOrder.status)))
        assert statuses == {"shipped"}
        assert actions(s).count("order.declare") == 6
        assert actions(s).count("parcel.gate") == 6
