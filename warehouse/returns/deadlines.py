"""Every clock of a return, and the parcels near or past it (domain.md; Policy figures):

- ``apply``: the return must be applied for within ``return_apply_days`` of the manifest's
  release. Parcels sold under 1210 that left the zone and have no return yet, whose window
  closes within ``warn_days`` or closed at most ``warn_days`` ago (older ones are simply over).
- ``arrive``: the goods must be back within ``return_arrival_days`` of release. Returns
  applied for whose goods are not here yet.
- ``declare``: the return into the zone is declared to customs (CEB625) and approved before
  the arrival deadline, since that is when the goods are back under supervision on the
  ledger. Returns received, graded, held for the seller or declared and not yet answered.
- ``refund``: the tax refund recorded on customs' approval is paid within
  ``return_refund_days`` (a project choice: domain.md gives no figure). Refunds not yet paid.

Each is listed when due within ``warn_days`` or overdue (``days_left`` negative once missed),
by kind then id, in keyset pages (the position packs the kind and the id).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.customs.manifest import Manifest
from warehouse.customs.models import RetailOrder
from warehouse.fulfilment.models import Parcel
from warehouse.returns.clocks import Clock, clock, days_left
from warehouse.returns.models import ReturnRequest, TaxRefund

KINDS = ("apply", "arrive", "declare", "refund")
IN_RETURNS_AREA = ("received", "graded", "held_for_seller", "declared")
STEP = 1 << 40  # position = kind index * STEP + id


@dataclass(frozen=True)
class Deadline:
    kind: str
    position: int
    no: str | None  # the return; None while no return was applied for
    parcel: str
    order_no: str
    buyer: str
    status: str
    released_at: datetime
    due_at: datetime
    days_left: float
    clock: str


@dataclass(frozen=True)
class Window:
    now: datetime
    warn_days: float
    policy: Policy

    @property
    def horizon(self) -> datetime:
        return self.now + timedelta(days=self.warn_days)


Row = tuple[int, str | None, str, str, str, str, datetime, datetime]  # id .. released, due
Query = Callable[[Window, int, int], Sequence[Row]]


def _apply(session: Session, w: Window, after: int, limit: int) -> Sequence[Row]:
    shift = timedelta(days=w.policy.return_apply_days)
    span = timedelta(days=w.warn_days)
    rows = session.execute(
        select(Parcel.id, Parcel.code, RetailOrder.order_no, RetailOrder.buyer_name)
        .add_columns(Manifest.released_at)
        .join(RetailOrder, RetailOrder.id == Parcel.order_id)
        .join(Manifest, Manifest.order_id == Parcel.order_id)
        .outerjoin(ReturnRequest, ReturnRequest.order_id == Parcel.order_id)
        .where(
            ReturnRequest.id.is_(None),
            Parcel.status == "shipped",
            Manifest.trade_mode == "1210",
            Manifest.released_at >= w.now - shift - span,
            Manifest.released_at <= w.now - shift + span,
            Parcel.id > after,
        )
        .order_by(Parcel.id)
        .limit(limit)
    ).all()
    return [(i, None, code, o, b, "shipped", r, r + shift) for i, code, o, b, r in rows]


def _returns() -> Select[ReturnRequest, str, str, str]:
    return (
        select(ReturnRequest, RetailOrder.order_no, RetailOrder.buyer_name, Parcel.code)
        .join(RetailOrder, RetailOrder.id == ReturnRequest.order_id)
        .join(Parcel, Parcel.id == ReturnRequest.parcel_id)
    )


def _by_return(session: Session, w: Window, after: int, limit: int, kind: str) -> Sequence[Row]:
    query = _returns().where(ReturnRequest.arrive_by <= w.horizon, ReturnRequest.id > after)
    if kind == "arrive":
        query = query.where(ReturnRequest.status == "requested")
    else:
        query = query.where(ReturnRequest.status.in_(IN_RETURNS_AREA))
    rows = session.execute(query.order_by(ReturnRequest.id).limit(limit)).all()
    return [
        (r.id, r.no, code, o, b, r.status, r.released_at, r.arrive_by) for r, o, b, code in rows
    ]


def _refund(session: Session, w: Window, after: int, limit: int) -> Sequence[Row]:
    days = timedelta(days=w.policy.return_refund_days)
    rows = session.execute(
        _returns()
        .add_columns(TaxRefund.id, TaxRefund.created_at)
        .join(TaxRefund, TaxRefund.return_id == ReturnRequest.id)
        .where(
            TaxRefund.status == "recorded",
            TaxRefund.created_at <= w.horizon - days,
            TaxRefund.id > after,
        )
        .order_by(TaxRefund.id)
        .limit(limit)
    ).all()
    return [
        (tid, r.no, code, o, b, "refund_recorded", r.released_at, created + days)
        for r, o, b, code, tid, created in rows
    ]


def _query(session: Session, kind: str) -> Query:
    if kind == "apply":
        return lambda w, after, limit: _apply(session, w, after, limit)
    if kind == "refund":
        return lambda w, after, limit: _refund(session, w, after, limit)
    return lambda w, after, limit: _by_return(session, w, after, limit, kind)


def deadlines(
    session: Session,
    now: datetime,
    warn_days: float,
    policy: Policy,
    after: int = 0,
    limit: int = 100,
    kinds: Sequence[str] = KINDS,
) -> list[Deadline]:
    """The clocks due within ``warn_days`` or missed, after position ``after``."""
    window, out = Window(now, warn_days, policy), list[Deadline]()
    for index, kind in enumerate(KINDS):
        if kind not in kinds or (index + 1) * STEP <= after or len(out) >= limit:
            continue
        start = max(after - index * STEP, 0)
        for i, no, parcel, order_no, buyer, status, released, due in _query(session, kind)(
            window, start, limit - len(out)
        ):
            out.append(
                Deadline(
                    kind,
                    index * STEP + i,
                    no,
                    parcel,
                    order_no,
                    buyer,
                    status,
                    released,
                    due,
                    days_left(due, now),
                    clock(due, now, warn_days).value,
                )
            )
    return out


__all__ = ["KINDS", "Clock", "Deadline", "deadlines"]
