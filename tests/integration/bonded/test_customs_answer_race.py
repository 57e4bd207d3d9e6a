"""A release (CEB622 800) and a withdrawal's approval (CEB624 399) landing at the same instant.

Both answers lock the manifest's row before they read its status, so exactly one applies and
the other finds the manifest moved on (``E_RECEIPT_OUT_OF_ORDER``). PostgreSQL only: there the
two transactions truly overlap (SQLite lets one writer in at a time anyway).
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from apiflask import APIFlask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.extensions import db
from tests.integration.bonded.conftest import ReleaseAll, receipt
from tests.integration.bonded.test_cancellation import cancel
from tests.integration.bonded.test_flow import declare
from warehouse.access.audit import Actor
from warehouse.access.audit_chain import AuditRecord, load_chain, verify_chain
from warehouse.access.roles import Role
from warehouse.bonded import demo
from warehouse.bonded.check import differences
from warehouse.bonded.stock import Stock
from warehouse.customs import receipts
from warehouse.customs.documents import CancelReceipt, Receipt
from warehouse.customs.manifest import Manifest, ManifestCancellation
from warehouse.customs.models import BuyerYear, RetailOrder
from warehouse.errors import DomainError

H = Callable[[Role], dict[str, str]]
CUSTOMS = Actor("customs", "test")
SEEDS = (11, 12, 13, 14, 15, 16)
MAX_JITTER_S = 0.004


@dataclass(frozen=True)
class State:
    """What either answer may change: statuses, reservations, the buyer's year, the audit."""

    manifest: str
    order: str
    cancellation: str
    reserved: int
    year_fen: int
    actions: tuple[str, ...]


def _state(app: APIFlask, cop_no: str) -> State:
    with app.app_context():
        s = db.session
        manifest = s.scalars(select(Manifest).where(Manifest.cop_no == cop_no)).one()
        order = s.get_one(RetailOrder, manifest.order_id)
        withdrawal = s.scalar(
            select(ManifestCancellation.status).where(
                ManifestCancellation.manifest_id == manifest.id
            )
        )
        actions = s.scalars(
            select(AuditRecord.action)
            .where(AuditRecord.object_id == cop_no)
            .order_by(AuditRecord.seq)
        ).all()
        return State(
            manifest.status,
            order.status,
            withdrawal or "",
            int(s.scalar(select(func.sum(Stock.reserved))) or 0),
            int(s.scalar(select(func.sum(BuyerYear.total_fen))) or 0),
            tuple(actions),
        )


def _state_totals(app: APIFlask) -> tuple[int, int]:
    """Reserved units and the buyers' counted totals, before anything is declared."""
    with app.app_context():
        s = db.session
        return (
            int(s.scalar(select(func.sum(Stock.reserved))) or 0),
            int(s.scalar(select(func.sum(BuyerYear.total_fen))) or 0),
        )


def _release(cop_no: str, batch: bool) -> Callable[[Session], None]:
    def run(session: Session) -> None:
        receipt = Receipt(cop_no, "I" + cop_no, "800", "released")
        if not batch:
            receipts.apply_receipt(session, CUSTOMS, receipt)
            return
        [result] = receipts.apply_receipts(session, CUSTOMS, [receipt])
        if isinstance(result, DomainError):
            raise result

    return run


def _approve(cop_no: str) -> Callable[[Session], None]:
    def run(session: Session) -> None:
        answer = CancelReceipt(cop_no, "I" + cop_no, "399", "approved")
        receipts.apply_receipt(session, CUSTOMS, answer)

    return run


def _at_once(app: APIFlask, seed: int, answers: list[Callable[[Session], None]]) -> list[str]:
    """Each answer in its own thread, connection and transaction, released together by a
    barrier, then a seeded jitter so that either may reach the manifest first."""
    rng = random.Random(seed)
    jitter = [rng.uniform(0, MAX_JITTER_S) for _ in answers]
    outcomes = [""] * len(answers)
    start = threading.Barrier(len(answers))

    def worker(n: int) -> None:
        with app.app_context(), Session(db.engine) as session:
            session.connection()  # both transactions open before either answer starts
            start.wait()
            time.sleep(jitter[n])
            try:
                answers[n](session)
                session.commit()
                outcomes[n] = "ok"
            except DomainError as exc:
                session.rollback()
                outcomes[n] = exc.code

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(len(answers))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcomes


@pytest.mark.postgres_only
@pytest.mark.parametrize("seed", SEEDS)
def test_a_release_and_an_approved_withdrawal_at_once_apply_exactly_one(
    app: APIFlask,
    client: FlaskClient,
    headers: H,
    plan: demo.Demo,
    port: ReleaseAll,
    seed: int,
) -> None:
    """Exactly one of the two answers wins: released (reservations and the buyer's year kept,
    the withdrawal still waiting) or withdrawn (all given back, the release refused), never
    both; the other answer is refused E_RECEIPT_OUT_OF_ORDER and changes nothing; the ledger
    balances and the audit chain is whole."""
    before_declaring = _state_totals(app)
    order, _payment, _waybill = declare(client, headers, seed, plan)
    cop_no = order.order_no
    assert receipt(client, headers(Role.CUSTOMS), cop_no, "120").status_code == 200
    assert cancel(client, headers, cop_no).status_code == 200
    pending = _state(app, cop_no)
    assert (pending.manifest, pending.order, pending.cancellation) == (
        "accepted",
        "cancel_requested",
        "requested",
    )

    release, approve = _at_once(app, seed, [_release(cop_no, seed % 2 == 0), _approve(cop_no)])
    after = _state(app, cop_no)

    assert sorted([release, approve]) == ["E_RECEIPT_OUT_OF_ORDER", "ok"]
    if release == "ok":
        assert (after.manifest, after.order, after.cancellation) == (
            "released",
            "cancel_requested",
            "requested",
        )
        assert (after.reserved, after.year_fen) == (pending.reserved, pending.year_fen)
        assert after.actions == (*pending.actions, "manifest.receipt")
    else:
        assert (after.manifest, after.order, after.cancellation) == (
            "cancelled",
            "cancelled",
            "approved",
        )
        assert (after.reserved, after.year_fen) == before_declaring
        assert after.actions == (*pending.actions, "manifest.cancel_receipt")
    with app.app_context():
        assert differences(db.session) == []
        assert verify_chain(load_chain(db.session)) == []
