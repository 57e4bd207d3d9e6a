"""Receiving a returned parcel by scanning its label: whose order, when released, whether it
is still within the windows, and what to do next. A parcel without a request is opened at
the counter (which is its application)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid
from warehouse.masterdata.models import Warehouse
from warehouse.returns import events
from warehouse.returns.clocks import days_left
from warehouse.returns.models import ReturnRequest
from warehouse.returns.parcels import Sold, find_sold
from warehouse.returns.requests import NewReturn, of_order, open_return

RETURNS_AREA = "RETURNS"


@dataclass(frozen=True)
class Received:
    ret: ReturnRequest
    order_no: str
    buyer: str
    released_at: datetime
    arrive_days_left: float
    opened_here: bool


def _refuse_other_zone(session: Session, sold: Sold, at_warehouse_id: int) -> None:
    here = session.get_one(Warehouse, at_warehouse_id)
    if sold.manifest.area_code != here.area_code or sold.manifest.trade_mode != "1210":
        raise Invalid(
            "E_NOT_THIS_ZONE",
            f"Parcel {sold.parcel.code} was released from zone {sold.manifest.area_code} "
            f"under {sold.manifest.trade_mode}; this returns centre is in zone {here.area_code}.",
            reason="not_from_this_zone",
        )


def _refuse_late(ret: ReturnRequest, now: datetime, policy: Policy) -> None:
    if now > ret.arrive_by:
        raise Invalid(
            "E_RETURN_LATE",
            f"Released on {ret.released_at:%Y-%m-%d}: the goods had to be back by "
            f"{ret.arrive_by:%Y-%m-%d} ({policy.return_arrival_days} days). Refuse the parcel.",
            reason="late_arrival",
            arrive_by=ret.arrive_by.isoformat(),
        )


def receive(
    session: Session,
    actor: Actor,
    code: str,
    at_warehouse_id: int,
    policy: Policy,
    now: datetime,
) -> Received:
    """The scanned parcel received at the returns centre (refused late or from elsewhere)."""
    sold = find_sold(session, code)
    _refuse_other_zone(session, sold, at_warehouse_id)
    ret = of_order(session, sold.order.id)
    opened = ret is None
    if ret is None:
        ret = open_return(
            session, actor, NewReturn(code, "counter", "opened at the counter"), policy, now
        )
    if ret.status != "requested":
        raise Conflict("E_ALREADY_RECEIVED", f"Return {ret.no} was received already.")
    _refuse_late(ret, now, policy)
    ret.status, ret.received_at, ret.received_code = "received", now, sold.epc
    session.flush()
    events.received(session, ret, sold.manifest, RETURNS_AREA)
    record(
        session,
        actor,
        "return.receive",
        "return",
        ret.no,
        parcel=sold.parcel.code,
        opened_here=opened,
    )
    return Received(
        ret,
        sold.order.order_no,
        sold.order.buyer_name,
        ret.released_at,
        days_left(ret.arrive_by, now),
        opened,
    )
