"""A Hypothesis state machine over the returns services (derandomized): any interleaving of
applications, receipts, grades, dispositions, CEB625 sends, customs answers (the simulator's
desk and arbitrary, repeated or out-of-order CEB626s) and the passing of days keeps:

- the bonded ledger balanced: every item's balance == bonded stock on the floor;
- a parcel restocked at most once: its ``return_in`` entries never exceed its returned lines;
- refunds within the tax paid: per order, refunded tax <= duty + consumption tax + VAT;
- the buyer's year restored exactly once per return customs approved, and only then.

Parcels are sold once through the API; every example then runs on one connection inside an
outer transaction that is rolled back, so each starts from the same sold parcels.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from apiflask import APIFlask
from flask.testing import FlaskClient
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.extensions import db
from config.settings import Policy
from simulators.customs_returns import ReturnDesk
from tests.integration.bonded.conftest import ReleaseAll
from tests.integration.returns.conftest import H, sell
from warehouse.access.audit import Actor
from warehouse.bonded import check, demo
from warehouse.bonded.ledger import LedgerEntry
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import BuyerYear, RetailOrder
from warehouse.customs.returns_port import ReturnReceipt, parse
from warehouse.db import make_engine, utcnow
from warehouse.errors import DomainError
from warehouse.masterdata.models import Warehouse
from warehouse.returns import declaration, disposition, grading, requests
from warehouse.returns.models import ReturnPhoto, ReturnRequest, TaxRefund
from warehouse.returns.receiving import receive

GRADES = ("resaleable", "resaleable", "repack", "damaged")  # repeats: reach restocks more often
KINDS = ("restock", "restock", *disposition.KINDS)
CLERK, CUSTOMS = Actor("returns", "machine-clerk"), Actor("customs", "machine-customs")
PARCELS = 3
SEEN: Counter[str] = Counter()  # answers applied over all examples: the machine reached them


@dataclass(frozen=True)
class SoldParcel:
    waybill: str
    order_id: int
    cop_no: str
    invt_no: str


@dataclass(frozen=True)
class World:
    engine: Engine
    parcels: tuple[SoldParcel, ...]
    warehouse_id: int
    policy: Policy
    start: datetime


def rollback_engine(url: str) -> Engine:
    """An engine whose transactions really begin on SQLite too (``warehouse.db`` sees to it for
    every engine), so savepoints nest in them."""
    return make_engine(url)


@contextmanager
def rolled_back(engine: Engine) -> Iterator[Session]:
    """A session whose commits are savepoints of one outer transaction, rolled back at the end."""
    with engine.connect() as conn:
        outer = conn.begin()
        session = Session(bind=conn, join_transaction_mode="create_savepoint")
        try:
            yield session
        finally:
            session.close()
            outer.rollback()


class Returns(RuleBasedStateMachine):
    world: World

    def __init__(self) -> None:
        super().__init__()
        self._ctx = rolled_back(self.world.engine)
        self.s = self._ctx.__enter__()
        self.now = self.world.start
        self.desk = ReturnDesk(seed=7, refusal_rates={"ordinary": 0.3, "advanced": 0.3})
        self.approved: set[str] = set()
        self.initial = {
            (b.id_number, b.year): b.total_fen for b in self.s.scalars(select(BuyerYear))
        }

    def teardown(self) -> None:
        self._ctx.__exit__(None, None, None)

    def _do(self, step: Any) -> Any:
        """One request's worth: committed when it succeeds, nothing left when refused."""
        try:
            done = step()
        except DomainError:
            self.s.rollback()
            return None
        self.s.commit()
        return done

    def _no(self, i: int) -> str | None:
        ret = requests.of_order(self.s, self.world.parcels[i].order_id)
        return ret.no if ret else None

    def _in(self, *statuses: str) -> list[int]:
        """The parcels whose return is in one of ``statuses``."""
        found = set(
            self.s.scalars(select(ReturnRequest.order_id).where(ReturnRequest.status.in_(statuses)))
        )
        return [i for i, p in enumerate(self.world.parcels) if p.order_id in found]

    def _answer(self, receipt: ReturnReceipt) -> None:
        ret = self._do(lambda: declaration.apply_answer(self.s, CUSTOMS, receipt, self.now))
        if ret is not None and ret.status in ("restocked", "customs_refused"):
            SEEN[ret.status] += 1
        if ret is not None and ret.status == "restocked":
            self.approved.add(ret.no)

    parcel = st.integers(0, PARCELS - 1)

    @rule(i=parcel, part=st.booleans())
    def apply(self, i: int, part: bool) -> None:
        lines = ((1, 1),) if part else ()
        new = requests.NewReturn(self.world.parcels[i].waybill, "platform", "machine", lines)
        self._do(lambda: requests.open_return(self.s, CLERK, new, self.world.policy, self.now))

    @rule(i=parcel)
    def receive(self, i: int) -> None:
        w = self.world
        self._do(
            lambda: receive(self.s, CLERK, w.parcels[i].waybill, w.warehouse_id, w.policy, self.now)
        )

    @precondition(lambda self: bool(self._in("received", "graded")))
    @rule(data=st.data(), grade=st.sampled_from(GRADES), seal=st.sampled_from([True, True, False]))
    def grade(self, data: st.DataObject, grade: str, seal: bool) -> None:
        i = data.draw(st.sampled_from(self._in("received", "graded")))
        no, how = self._no(i), grading.Grading(grade, seal_intact=seal)
        assert no is not None
        self._do(lambda: grading.grade(self.s, CLERK, no, how, self.world.policy, self.now))

    @precondition(lambda self: bool(self._in(*disposition.OPEN)))
    @rule(
        data=st.data(),
        kind=st.sampled_from(KINDS),
        evidence=st.sampled_from([{}, {"certificate": "C-1", "waybill": "EXP-1"}]),
    )
    def dispose(self, data: st.DataObject, kind: str, evidence: dict[str, str]) -> None:
        i = data.draw(st.sampled_from(self._in(*disposition.OPEN)))
        no, decision, policy = self._no(i), disposition.Decision(kind, evidence), self.world.policy
        assert no is not None
        self._do(lambda: disposition.dispose(self.s, CLERK, no, decision, policy, self.now))

    @precondition(lambda self: bool(self._in(declaration.DECLARED)))
    @rule()
    def customs_desk(self) -> None:
        """The CEB625s pending go through a port to the simulator's desk; its answers apply."""
        answers: list[str] = []
        desk = self.desk

        class Port:
            def declare(self, message: str) -> None:
                answers.extend(desk.handle(message, "ordinary"))

        self._do(lambda: declaration.send_pending(self.s, Port(), self.now))
        for message in answers:
            self._answer(parse(message))

    @rule(i=parcel, status=st.sampled_from(["120", "800", "100"]))
    def customs_answers(self, i: int, status: str) -> None:
        """Any CEB626, in or out of order, repeated, for a declared return or not."""
        p = self.world.parcels[i]
        self._answer(ReturnReceipt(p.cop_no, p.invt_no, status, "machine"))

    @rule(days=st.sampled_from([1, 2, 5, 40]))
    def days_pass(self, days: int) -> None:
        self.now += timedelta(days=days)

    @invariant()
    def ledger_balances(self) -> None:
        assert check.differences(self.s) == []

    @invariant()
    def restocked_at_most_once(self) -> None:
        for ret in self.s.scalars(select(ReturnRequest)):
            entered = self.s.scalar(
                select(func.coalesce(func.sum(LedgerEntry.quantity), 0)).where(
                    LedgerEntry.doc_no == ret.no, LedgerEntry.kind == "return_in"
                )
            )
            expected = sum(q for _, q in ret.lines)
            done = ret.status in ("restocked", "destroyed", "returned_abroad")
            assert entered == (expected if done else 0), (ret.no, ret.status, entered)
            assert (ret.status == "restocked") == (ret.customs_status == "approved")

    @invariant()
    def refunds_within_the_tax_paid(self) -> None:
        for order_id, refunded in self.s.execute(
            select(ReturnRequest.order_id, func.sum(TaxRefund.total_fen))
            .join(TaxRefund, TaxRefund.return_id == ReturnRequest.id)
            .group_by(ReturnRequest.order_id)
        ):
            order = self.s.get_one(RetailOrder, order_id)
            assert refunded <= order.duty_fen + order.ct_fen + order.vat_fen

    @invariant()
    def quota_restored_once_per_approval(self) -> None:
        restocked = set(
            self.s.scalars(select(ReturnRequest.no).where(ReturnRequest.status == "restocked"))
        )
        assert restocked == self.approved
        assert self.s.scalar(select(func.count(TaxRefund.id))) == len(self.approved)
        expected = dict(self.initial)
        for ret in self.s.scalars(select(ReturnRequest).where(ReturnRequest.no.in_(restocked))):
            order = self.s.get_one(RetailOrder, ret.order_id)
            expected[order.buyer_id_number.upper(), order.year] -= ret.value_fen
        now = {(b.id_number, b.year): b.total_fen for b in self.s.scalars(select(BuyerYear))}
        assert now == expected


def sold_world(app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo) -> World:
    orders = [sell(client, headers, plan, 70 + i)[0].order_no for i in range(PARCELS)]
    with app.app_context():
        s = db.session
        parcels = []
        for order_no in orders:
            order = s.scalar(select(RetailOrder).where(RetailOrder.order_no == order_no))
            assert order is not None
            manifest = s.scalar(select(Manifest).where(Manifest.order_id == order.id))
            assert manifest is not None
            parcels.append(
                SoldParcel(manifest.logistics_no, order.id, manifest.cop_no, manifest.invt_no or "")
            )
        here = s.scalar(select(Warehouse.id).where(Warehouse.code == demo.WAREHOUSE))
        assert here is not None and s.scalar(select(func.count(ReturnPhoto.id))) == 0
        url = db.engine.url.render_as_string(hide_password=False)
    policy = app.extensions["silkhub.settings"].policy
    return World(rollback_engine(url), tuple(parcels), here, policy, utcnow())


def test_returns_keep_ledger_refund_and_quota_invariants_under_any_sequence(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo, port: ReleaseAll
) -> None:
    """Whatever the order of returns steps and customs answers (derandomized examples): the
    ledger balances, no parcel is restocked twice, refunds stay within the tax paid, and the
    buyer's year is restored once per return customs approved."""
    world = sold_world(app, client, headers, plan)
    machine = type("SoldReturns", (Returns,), {"world": world})
    SEEN.clear()
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(max_examples=30, stateful_step_count=30, derandomize=True),
        )
    finally:
        world.engine.dispose()
    assert SEEN["restocked"] and SEEN["customs_refused"], SEEN  # the machine got that far
