"""Return requests: from the platform or opened at the counter, one per parcel, applied for
within the application window from the manifest's release."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.customs.models import RetailOrder
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.returns.clocks import windows
from warehouse.returns.models import ReturnRequest
from warehouse.returns.parcels import Sold, find_sold

SOURCES = ("platform", "counter")


@dataclass(frozen=True)
class NewReturn:
    code: str
    source: str = "platform"
    reason: str = ""
    lines: tuple[tuple[int, int], ...] = ()  # (gnum, qty); none means the whole order


def by_no(session: Session, no: str, *, lock: bool = False) -> ReturnRequest:
    query = select(ReturnRequest).where(ReturnRequest.no == no)
    found = session.scalar(query.with_for_update() if lock else query)
    if found is None:
        raise NotFound("E_UNKNOWN_RETURN", f"No return {no!r}.")
    return found


def of_order(session: Session, order_id: int) -> ReturnRequest | None:
    return session.scalar(select(ReturnRequest).where(ReturnRequest.order_id == order_id))


def _lines(order: RetailOrder, asked: tuple[tuple[int, int], ...]) -> list[list[int]]:
    qty = {ln.gnum: ln.qty for ln in order.lines}
    if not asked:
        return [[g, q] for g, q in sorted(qty.items())]
    seen = [g for g, _ in asked]
    if len(set(seen)) != len(seen) or any(g not in qty or not 0 < q <= qty[g] for g, q in asked):
        raise Invalid(
            "E_BAD_RETURN_LINES",
            "Each returned line must be a line of the order, once, with 1 up to its quantity.",
        )
    return [[g, q] for g, q in sorted(asked)]


def returned_value(order: RetailOrder, lines: list[list[int]]) -> int:
    """The part of the order's counted value (fen) that the returned lines bore."""
    price = {ln.gnum: ln.price_fen for ln in order.lines}
    goods = sum(ln.price_fen * ln.qty for ln in order.lines)
    part = sum(price[g] * q for g, q in lines)
    if part >= goods:
        return order.value_fen
    return order.value_fen * part // goods if goods else 0


def _refuse_late(sold: Sold, now: datetime, policy: Policy) -> None:
    assert sold.manifest.released_at is not None
    clock = windows(sold.manifest.released_at, policy)
    if not clock.may_apply(now):
        raise Invalid(
            "E_RETURN_LATE",
            f"Parcel {sold.parcel.code} was released on {clock.released_at:%Y-%m-%d}: a return "
            f"had to be applied for by {clock.apply_by:%Y-%m-%d} "
            f"({policy.return_apply_days} days).",
            reason="late_application",
            apply_by=clock.apply_by.isoformat(),
        )


def open_return(
    session: Session, actor: Actor, new: NewReturn, policy: Policy, now: datetime
) -> ReturnRequest:
    """A return of a parcel that left the zone, applied for in time, the first of its parcel."""
    if new.source not in SOURCES:
        raise Invalid("E_BAD_SOURCE", f"A return comes from one of {SOURCES}.")
    sold = find_sold(session, new.code)
    if of_order(session, sold.order.id) is not None:
        raise Conflict("E_RETURN_EXISTS", f"Parcel {sold.parcel.code} has a return already.")
    _refuse_late(sold, now, policy)
    lines = _lines(sold.order, new.lines)
    assert sold.manifest.released_at is not None
    clock = windows(sold.manifest.released_at, policy)
    ret = ReturnRequest(
        no=f"RET-{sold.order.id:08d}",
        order_id=sold.order.id,
        parcel_id=sold.parcel.id,
        warehouse_id=sold.parcel.warehouse_id,
        source=new.source,
        reason=new.reason[:200],
        status="requested",
        lines=lines,
        released_at=clock.released_at,
        applied_at=now,
        apply_by=clock.apply_by,
        arrive_by=clock.arrive_by,
        received_code=sold.epc,
        reasons=[],
        evidence={},
        value_fen=returned_value(sold.order, lines),
    )
    try:
        with session.begin_nested():
            session.add(ret)
    except IntegrityError:  # a concurrent request for the same parcel won
        raise Conflict(
            "E_RETURN_EXISTS", f"Parcel {sold.parcel.code} has a return already."
        ) from None
    record(
        session,
        actor,
        "return.open",
        "return",
        ret.no,
        parcel=sold.parcel.code,
        source=new.source,
        lines=lines,
    )
    return ret
