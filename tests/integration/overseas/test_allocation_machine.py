"""A Hypothesis state machine over local orders abroad (derandomized): any interleaving of
orders, cancellations, picks, packs, ships, transfers and restocks keeps every stock row with
0 <= reserved <= quantity, the reservations equal to what open orders hold, and the units
shipped equal to what the shipped orders asked for: stock is never oversold."""

from __future__ import annotations

from collections import Counter
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
from sqlalchemy import func, select

from app.extensions import db
from tests.integration.overseas.test_replenishment import WH, H, _warehouse
from tests.integration.returns.test_return_machine import rollback_engine, rolled_back
from warehouse.access.audit import Actor
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.errors import DomainError
from warehouse.masterdata.models import Sku
from warehouse.overseas import orders, transfers
from warehouse.overseas.models import LocalOrder, OverseasMovement, OverseasStock
from warehouse.overseas.setup import create_bin
from warehouse.overseas.stock import bin_of, put, warehouse

CLERK = Actor("warehouse", "machine-clerk")
OTHER = "OW-KZ-MACH"
HELD = ("open", "picked", "packed")
SEEN: Counter[str] = Counter()  # over all examples: the machine reached shipping and refusals


class Orders(RuleBasedStateMachine):
    engine: Any
    sku: str
    owner: str

    def __init__(self) -> None:
        super().__init__()
        self._ctx = rolled_back(self.engine)
        self.s = self._ctx.__enter__()
        self.n = 0

    def teardown(self) -> None:
        self._ctx.__exit__(None, None, None)

    def _do(self, step: Any) -> Any:
        try:
            done = step()
        except DomainError as exc:
            SEEN[exc.code] += 1
            self.s.rollback()
            return None
        self.s.commit()
        return done

    def _orders(self, *statuses: str) -> list[str]:
        query = select(LocalOrder.no).where(LocalOrder.status.in_(statuses))
        return list(self.s.scalars(query.order_by(LocalOrder.id)))

    @rule(qty=st.integers(1, 5))
    def order(self, qty: int) -> None:
        self.n += 1
        new = orders.NewOrder(f"M-{self.n}", WH, self.owner, ((self.sku, qty),))
        self._do(lambda: orders.create(self.s, CLERK, new))

    @precondition(lambda self: bool(self._orders(*HELD)))
    @rule(data=st.data())
    def cancel(self, data: st.DataObject) -> None:
        held = self._orders(*HELD)
        if held:
            no = data.draw(st.sampled_from(held))
            self._do(lambda: orders.cancel(self.s, CLERK, WH, no))

    @precondition(lambda self: bool(self._orders("open")))
    @rule(
        data=st.data(),
        bin_code=st.sampled_from(["DE-T-STO", "DE-T-STO", "DE-T-RET"]),
        scans=st.integers(1, 5),
    )
    def pick(self, data: st.DataObject, bin_code: str, scans: int) -> None:
        """Up to ``scans`` unit scans for one open order at one bin."""
        held = self._orders("open")
        if held:
            no = data.draw(st.sampled_from(held))
            for _ in range(scans):
                if self._do(lambda: orders.pick(self.s, CLERK, WH, no, self.sku, bin_code)) is None:
                    return

    @precondition(lambda self: bool(self._orders("picked", "packed")))
    @rule(data=st.data())
    def pack_and_ship(self, data: st.DataObject) -> None:
        ready = self._orders("picked", "packed")
        if ready:
            no = data.draw(st.sampled_from(ready))
            self._do(lambda: orders.pack(self.s, CLERK, WH, no))
            if self._do(lambda: orders.ship(self.s, CLERK, WH, no)) is not None:
                SEEN["shipped"] += 1

    @rule(qty=st.integers(1, 6))
    def transfer(self, qty: int) -> None:
        self.n += 1
        new = transfers.NewTransfer(f"MT-{self.n}", WH, OTHER, self.owner, ((self.sku, qty),))
        self._do(lambda: transfers.create(self.s, CLERK, new))

    @rule(qty=st.integers(1, 4))
    def restock(self, qty: int) -> None:
        def put_back() -> None:
            wh = warehouse(self.s, WH)
            sku = self.s.scalars(select(Sku).where(Sku.code == self.sku)).one()
            put(self.s, bin_of(self.s, wh.id, "DE-T-RET"), sku.owner_id, sku.id, qty, "return", "M")

        self._do(put_back)

    @invariant()
    def never_oversold(self) -> None:
        rows = list(self.s.scalars(select(OverseasStock)))
        assert all(0 <= r.reserved <= r.quantity for r in rows)
        held = self.s.scalars(select(LocalOrder).where(LocalOrder.status.in_(HELD)))
        assert sum(r.reserved for r in rows) == sum(a[2] for o in held for a in o.allocation)

    @invariant()
    def shipped_as_ordered(self) -> None:
        shipped = self.s.scalars(select(LocalOrder).where(LocalOrder.status == "shipped"))
        moved = self.s.scalar(
            select(func.coalesce(func.sum(OverseasMovement.quantity), 0)).where(
                OverseasMovement.kind == "ship", OverseasMovement.ref.like("M-%")
            )
        )
        assert -moved == sum(q for o in shipped for _, q in o.lines)


def test_local_orders_never_oversell_under_any_sequence(
    app: APIFlask, client: FlaskClient, headers: H, plan: demo.Demo
) -> None:
    """Whatever the order of orders, cancellations, picks, ships, transfers and restocks
    (derandomized examples), reservations stay within stock and match the open orders."""
    spec = next(s for s in plan.skus if not s.cold_chain)
    _warehouse(client, headers)
    with app.app_context():
        s = db.session
        wh = warehouse(s, WH)
        sku = s.scalars(select(Sku).where(Sku.code == spec.code)).one()
        put(s, bin_of(s, wh.id, "DE-T-STO"), sku.owner_id, sku.id, 8, "receive", "OPENING")
        s.commit()
    other = {"code": OTHER, "name": "Almaty", "hub": "KZALA-OW"}
    boss = headers(Role.SUPERVISOR)
    assert client.post("/api/v1/overseas/warehouses", json=other, headers=boss).status_code == 201
    with app.app_context():
        create_bin(db.session, demo.DEMO, warehouse(db.session, OTHER), "KZ-M-STO")
        db.session.commit()
        url = db.engine.url.render_as_string(hide_password=False)
    engine = rollback_engine(url)
    SEEN.clear()
    machine = type(
        "StockedOrders", (Orders,), {"engine": engine, "sku": spec.code, "owner": spec.owner}
    )
    try:
        run_state_machine_as_test(
            machine, settings=settings(max_examples=25, stateful_step_count=30, derandomize=True)
        )
    finally:
        engine.dispose()
    assert SEEN["shipped"] and SEEN["E_SHORT_STOCK"] and SEEN["E_WRONG_BIN"], SEEN
