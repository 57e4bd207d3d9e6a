"""Holds: stock that customs or the floor has stopped. Held stock is frozen on the ledger.

A hold covers stock rows (a parcel's contents, an inbound lot, a shelf row); while it is
active the rows carry its id, so no reservation, pick, move or write-off can touch them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Integer, String, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from warehouse.access.audit import Actor, record
from warehouse.bonded import ledger
from warehouse.bonded.stock import Stock
from warehouse.db import Base, UTCDateTime, utcnow
from warehouse.errors import Conflict, NotFound


class Reason(StrEnum):
    CUSTOMS_INSPECTION = "customs_inspection"  # manifest selected for inspection
    INBOUND_INSPECTION = "inbound_inspection"  # entry declaration selected for inspection
    INSPECTION_FAILED = "inspection_failed"  # goods refused at inspection, await a decision
    WEIGHT = "weight"  # parcel weight outside tolerance
    DAMAGED = "damaged"  # damaged on receipt
    STOCKTAKE = "stocktake"


CUSTOMS_REASONS = frozenset(
    {Reason.CUSTOMS_INSPECTION, Reason.INBOUND_INSPECTION, Reason.INSPECTION_FAILED}
)


class Hold(Base):
    __tablename__ = "holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), index=True)
    reason: Mapped[str] = mapped_column(String(24))
    subject_type: Mapped[str] = mapped_column(String(16))
    subject_id: Mapped[str] = mapped_column(String(64), index=True)
    note: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    released_by: Mapped[str | None] = mapped_column(String(96), nullable=True)


def place(
    session: Session,
    actor: Actor,
    warehouse_id: int,
    reason: Reason,
    subject: tuple[str, object],
    rows: list[Stock],
    note: str = "",
) -> Hold:
    """Hold ``rows`` (their quantities become frozen on the ledger)."""
    hold = Hold(
        warehouse_id=warehouse_id,
        reason=reason.value,
        subject_type=subject[0],
        subject_id=str(subject[1]),
        note=note,
        active=True,
        created_at=utcnow(),
    )
    session.add(hold)
    session.flush()
    attach_all(session, hold, rows)
    record(session, actor, "hold.place", subject[0], subject[1], hold=hold.id, reason=reason)
    return hold


def attach_all(session: Session, hold: Hold, rows: Iterable[Stock]) -> None:
    """Put stock rows (those not held yet) under an active hold and freeze them on the ledger.

    Their ledger items are frozen in id order, as :func:`release` thaws them, so transactions
    holding and releasing stock of several items at once do not deadlock on ``ledger_items``.
    """
    frozen: Counter[int] = Counter()
    for row in rows:
        if row.hold_id is None:
            row.hold_id = hold.id
            frozen[ledger.item_for(session, row.warehouse_id, row.sku_id).id] += row.quantity
    for item_id, quantity in sorted(frozen.items()):
        ledger.freeze(session, item_id, quantity)


def release(session: Session, actor: Actor, hold_id: int, note: str = "") -> Hold:
    hold = session.get(Hold, hold_id, with_for_update=True)
    if hold is None:
        raise NotFound("E_NO_HOLD", f"No hold {hold_id}.")
    if not hold.active:
        raise Conflict("E_HOLD_RELEASED", f"Hold {hold_id} was released already.")
    thawed: Counter[int] = Counter()
    for row in session.scalars(select(Stock).where(Stock.hold_id == hold.id)):
        thawed[ledger.item_for(session, row.warehouse_id, row.sku_id).id] += row.quantity
    for item_id, quantity in sorted(thawed.items()):  # items in id order: no deadlock
        ledger.freeze(session, item_id, -quantity)
    session.execute(update(Stock).where(Stock.hold_id == hold.id).values(hold_id=None))
    hold.active = False
    hold.released_at = utcnow()
    hold.released_by = actor.name
    record(session, actor, "hold.release", "hold", hold.id, reason=hold.reason, note=note)
    return hold


def active_holds(session: Session, subject_type: str, subject_id: object) -> list[Hold]:
    return list(
        session.scalars(
            select(Hold).where(
                Hold.subject_type == subject_type, Hold.subject_id == str(subject_id), Hold.active
            )
        )
    )


def put_held(session: Session, hold: Hold, **where: object) -> Stock:
    """Add stock straight under a hold (damaged goods, goods of an entry under inspection)."""
    from warehouse.bonded.stock import put

    row = put(session, hold_id=hold.id, **where)  # type: ignore[arg-type]
    item = ledger.item_for(session, row.warehouse_id, row.sku_id)
    ledger.freeze(session, item.id, int(where["quantity"]))  # type: ignore[call-overload]
    return row


def hold_for(
    session: Session, actor: Actor, warehouse_id: int, reason: Reason, subject: tuple[str, object]
) -> Hold:
    """The active hold of ``reason`` on a subject, placed (empty) when there is none."""
    for hold in active_holds(session, subject[0], subject[1]):
        if hold.reason == reason.value:
            return hold
    return place(session, actor, warehouse_id, reason, subject, [])
