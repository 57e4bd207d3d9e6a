"""Any sequence of floor and customs operations keeps ledger == stock, and nothing unreleased
is ever written off (Hypothesis stateful test through the service layer)."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from apiflask import APIFlask
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.extensions import db
from config.settings import Policy
from warehouse.access.audit import Actor
from warehouse.bonded import check, demo, holds
from warehouse.bonded.ledger import LedgerEntry
from warehouse.customs import cancellation, orders, receipts
from warehouse.customs.documents import (
    CancelReceipt,
    OrderDoc,
    OrderLine,
    PaymentDoc,
    Receipt,
    WaybillDoc,
)
from warehouse.customs.manifest import OPEN, Manifest
from warehouse.customs.money import rate
from warehouse.customs.signing import NoSigner
from warehouse.customs.tax import Goods, order_tax
from warehouse.db import Base
from warehouse.errors import DomainError
from warehouse.fulfilment import gate, packing, picking, refused, waves
from warehouse.fulfilment.models import Parcel, PickTask
from warehouse.inbound import entries, putaway, receiving
from warehouse.masterdata import service as md

ACTOR = Actor("machine")
POLICY = Policy()
SKUS = 3
REACHED: set[str] = set()


def empty(session: Session) -> None:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        names = ", ".join(t.name for t in Base.metadata.sorted_tables)
        session.execute(__import__("sqlalchemy").text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in reversed(Base.metadata.sorted_tables):
            session.execute(delete(table))
    session.commit()


def docs_for(
    plan: demo.Demo, n: int, sku: int, qty: int
) -> tuple[OrderDoc, PaymentDoc, WaybillDoc]:
    spec = plan.skus[sku]
    id_no, name = plan.buyers[n % len(plan.buyers)]
    line = OrderLine(1, spec.code, qty, spec.price)
    owed = order_tax(
        [Goods(line.total, rate(spec.vat_bp), rate(spec.ct_bp))],
        Decimal(0),
        Decimal(0),
        False,
        Decimal("0.7"),
    )
    paid = line.total + owed.total
    no = f"M{n:06d}"
    order = OrderDoc(
        no,
        demo.EBP,
        spec.owner,
        line.total,
        Decimal(0),
        Decimal(0),
        owed.total,
        paid,
        name,
        id_no,
        "1",
        name,
        "addr",
        "1",
        (line,),
    )
    return (
        order,
        PaymentDoc(demo.PAY, f"P{n}", no, demo.EBP, name, id_no, paid),
        WaybillDoc(demo.LOGISTICS, f"W{n:06d}", no, name, "addr", "1", Decimal(0), Decimal(1)),
    )


class LedgerMachine(RuleBasedStateMachine):
    app: APIFlask

    @initialize()
    def setup(self) -> None:
        self.ctx = self.app.app_context()
        self.ctx.push()
        self.s = db.session
        empty(self.s)
        self.plan = demo.plan()
        self.plan.skus = self.plan.skus[:SKUS]
        demo.seed_masterdata(self.s, bins=4)
        demo.stock_up(self.s, self.plan, 6)
        self.wh = md.warehouse(self.s, demo.WAREHOUSE).id
        self.s.commit()
        self.counter = itertools.count()

    def teardown(self) -> None:
        self.s.rollback()
        REACHED.update(self.s.scalars(select(LedgerEntry.kind)).all())
        REACHED.update(self.s.scalars(select(Parcel.status)).all())
        db.session.remove()
        self.ctx.pop()

    def attempt(self, action: object, *args: object) -> None:
        """Run a use case; a refusal must leave everything as it was (rolled back)."""
        try:
            action(self.s, ACTOR, *args)  # type: ignore[operator]
            self.s.commit()
        except DomainError:
            self.s.rollback()

    @rule(
        sku=st.integers(0, SKUS - 1),
        qty=st.integers(1, 8),
        damaged=st.booleans(),
        shelve=st.booleans(),
    )
    def receive(self, sku: int, qty: int, damaged: bool, shelve: bool) -> None:
        spec, no = self.plan.skus[sku], f"E{next(self.counter)}"
        entries.declare(
            self.s,
            ACTOR,
            entries.NewEntry(
                no,
                demo.WAREHOUSE,
                demo.OPERATOR,
                [entries.NewLine(spec.code, qty, "L1", __import__("datetime").date(2030, 1, 1))],
            ),
        )
        self.s.commit()
        self.attempt(receiving.receive, no, spec.gtin, qty, damaged)
        if shelve:
            self.put_away(sku)

    @rule(sku=st.integers(0, SKUS - 1))
    def put_away(self, sku: int) -> None:
        spec = self.plan.skus[sku]
        try:
            target, _qty = putaway.suggestion_for(self.s, self.wh, spec.gtin)
        except DomainError:
            return
        self.attempt(putaway.putaway, self.wh, spec.gtin, target.code)

    @rule(
        sku=st.integers(0, SKUS - 1),
        qty=st.integers(1, 3),
        answer=st.sampled_from(["800", "800", "500", "100", None]),
    )
    def order(self, sku: int, qty: int, answer: str | None) -> None:
        n = next(self.counter)
        order, payment, waybill = docs_for(self.plan, n, sku, qty)
        orders.receive_order(self.s, ACTOR, demo.WAREHOUSE, order)
        orders.receive_payment(self.s, ACTOR, payment)
        orders.receive_waybill(self.s, ACTOR, waybill)
        self.s.commit()
        self.attempt(orders.declare, order.order_no, orders.Context(POLICY))
        if answer is not None and self.s.scalar(
            select(Manifest.id).where(Manifest.cop_no == order.order_no)
        ):
            self.attempt(
                receipts.apply_receipt, Receipt(order.order_no, "I" + order.order_no, answer)
            )

    @rule(pick=st.integers(0, 50), status=st.sampled_from(["800", "500", "100", "120"]))
    def customs(self, pick: int, status: str) -> None:
        found = self.s.scalars(select(Manifest).order_by(Manifest.id)).all()
        if found:
            target = found[pick % len(found)]
            self.attempt(
                receipts.apply_receipt, Receipt(target.cop_no, "I" + target.cop_no, status)
            )

    @rule()
    def wave_and_pick(self) -> None:
        self.attempt(waves.create_wave, self.wh)
        for task in self.s.scalars(select(PickTask).where(PickTask.status == "open")).all():
            self.attempt(picking.pick, task.id, task.qty - task.picked)

    @rule(pick=st.integers(0, 50), off=st.sampled_from([0, 0, 5000]))
    def pack(self, pick: int, off: int) -> None:
        found = self.s.scalars(select(Parcel).where(Parcel.status == "picked")).all()
        if found:
            parcel = found[pick % len(found)]
            self.attempt(packing.present, "ST", parcel.code)
            self.attempt(packing.weigh, "ST", parcel.expected_g + off, 0, POLICY)

    @rule(pick=st.integers(0, 50))
    def release_a_hold(self, pick: int) -> None:
        found = self.s.scalars(select(holds.Hold).where(holds.Hold.active)).all()
        if found:
            self.attempt(holds.release, found[pick % len(found)].id)

    @rule(
        pick=st.integers(0, 50),
        kind=st.sampled_from(["destroy", "return_abroad", "restock"]),
        document=st.sampled_from(["DOC-1", "DOC-1", ""]),
    )
    def refuse_and_dispose(self, pick: int, kind: str, document: str) -> None:
        """Customs inspects an open manifest (500), the floor picks and packs it, customs
        refuses it (100) and decides on the goods."""
        found = self.s.scalars(
            select(Manifest).where(Manifest.status.in_(OPEN)).order_by(Manifest.id)
        ).all()
        if not found:
            return
        manifest = found[pick % len(found)]
        cop_no, order_id = manifest.cop_no, manifest.order_id
        self.attempt(receipts.apply_receipt, Receipt(cop_no, "I" + cop_no, "500"))
        self.fulfil(0)
        self.attempt(receipts.apply_receipt, Receipt(cop_no, "I" + cop_no, "100"))
        parcel = self.s.scalar(select(Parcel.code).where(Parcel.order_id == order_id))
        if parcel is not None:
            self.attempt(refused.dispose, parcel, refused.Decision(kind, document))

    @rule(
        pick=st.integers(0, 50),
        status=st.sampled_from(["399", "399", "100"]),
        on_floor=st.booleans(),
    )
    def withdraw(self, pick: int, status: str, on_floor: bool) -> None:
        """A supervisor withdraws an open order, after customs inspected it and the floor
        picked it (``on_floor``) or not; customs answers."""
        found = self.s.scalars(
            select(Manifest).where(Manifest.status.in_(OPEN)).order_by(Manifest.id)
        ).all()
        if not found:
            return
        cop_no = found[pick % len(found)].cop_no
        if on_floor:
            self.attempt(receipts.apply_receipt, Receipt(cop_no, "I" + cop_no, "500"))
            self.wave_and_pick()
        self.attempt(cancellation.request_cancellation, cop_no, "buyer", NoSigner())
        self.attempt(receipts.apply_receipt, CancelReceipt(cop_no, "I" + cop_no, status))

    @rule()
    def inspect_an_entry(self) -> None:
        found = self.s.scalars(select(entries.EntryDeclaration)).first()
        if found is not None:
            self.attempt(entries.select_for_inspection, found.no)

    @rule(off=st.sampled_from([0, 0, 5000]))
    def fulfil(self, off: int) -> None:
        """Wave and pick, pack every picked parcel, then try every packed one at the gate."""
        self.wave_and_pick()
        for n in range(len(self.s.scalars(select(Parcel.id)).all())):
            self.pack(n, off)
        for parcel in self.s.scalars(select(Parcel).where(Parcel.status == "packed")).all():
            self.attempt(gate.gate_out, parcel.code)

    @rule(pick=st.integers(0, 50))
    def gate(self, pick: int) -> None:
        found = self.s.scalars(select(Parcel).order_by(Parcel.id)).all()
        if found:
            self.attempt(gate.gate_out, found[pick % len(found)].code)

    @invariant()
    def ledger_equals_stock(self) -> None:
        if hasattr(self, "s"):
            assert check.differences(self.s) == []

    @invariant()
    def nothing_unreleased_written_off(self) -> None:
        if not hasattr(self, "s"):
            return
        docs = set(
            self.s.scalars(select(LedgerEntry.doc_no).where(LedgerEntry.kind == "write_off"))
        )
        released = {m.invt_no or m.cop_no: m for m in self.s.scalars(select(Manifest))}
        for doc in docs:
            assert released[doc].released_at is not None
            assert released[doc].status == "written_off"


def test_any_sequence_keeps_ledger_equal_to_stock(app: APIFlask) -> None:
    """Receive, put away, order, customs answers, pick, pack, holds, gate, withdrawals and the
    disposal of refused parcels in any order."""
    LedgerMachine.app = app
    run = settings(
        max_examples=10,
        stateful_step_count=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    LedgerMachine.TestCase.settings = run
    LedgerMachine.TestCase().runTest()
    assert {"entry", "write_off"} <= REACHED, "the machine never got goods through the gate"
    assert REACHED & {"destroyed", "returned_abroad", "restocked"}, "no refused parcel disposed of"


pytestmark = pytest.mark.slow
