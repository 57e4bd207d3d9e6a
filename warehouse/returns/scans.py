"""Scan handler ``return``: a returned parcel scanned at the returns centre."""

from __future__ import annotations

from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.answers import actor_of, guarded, warehouse_of
from warehouse.db import utcnow
from warehouse.returns.receiving import receive
from warehouse.scanning import Answer, Scan, handles

POLICY = Policy()


@handles("return")
@guarded
def on_return(session: Session, scan: Scan) -> Answer:
    """Receive it: whose order, when released, the days left, and grade it next."""
    got = receive(session, actor_of(scan), scan.code, warehouse_of(session, scan), POLICY, utcnow())
    return Answer.ok(
        f"Return {got.ret.no}: order {got.order_no} of {got.buyer}, released "
        f"{got.released_at:%Y-%m-%d}, {got.arrive_days_left:g} days left. Grade it.",
        next={"op": "grade", "task": got.ret.no},
        ret=got.ret.no,
        order=got.order_no,
        released_at=got.released_at.isoformat(),
        opened_here=got.opened_here,
    )
