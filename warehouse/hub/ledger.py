"""The hub ledger: one line per (hub, customs status), append-only entries.

It follows the bonded ledger's rules (:mod:`warehouse.bonded.ledger`) without sharing its
tables: that ledger counts declared units of a SKU in one bonded warehouse's 电子账册, while
the hub counts packages (and their weight) of cargo that is not bonded. A line's balance
moves only through :func:`post`, one atomic conditional UPDATE per entry, so it never goes
below zero and never loses an update. A line holds one customs status only: goods of
different statuses never share a line, even when they share a container.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    event,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from warehouse.access.audit import Actor
from warehouse.db import Base, UTCDateTime, utcnow
from warehouse.errors import Conflict
from warehouse.hub.statuses import CustomsStatus


class EntryKind(StrEnum):
    DEVANNED = "devanned"  # taken out of an inbound container into the hub
    DEPARTED = "departed"  # left the hub in a sealed outbound container


class HubLedgerLine(Base):
    __tablename__ = "hub_ledger_lines"
    __table_args__ = (UniqueConstraint("hub_id", "customs_status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    hub_id: Mapped[int] = mapped_column(ForeignKey("hub_sites.id"), index=True)
    customs_status: Mapped[str] = mapped_column(String(16))
    packages: Mapped[int] = mapped_column(Integer, default=0)
    weight_g: Mapped[int] = mapped_column(BigInteger, default=0)


class HubLedgerEntry(Base):
    """One movement of one line, tied to its document; never updated, never deleted."""

    __tablename__ = "hub_ledger_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    line_id: Mapped[int] = mapped_column(ForeignKey("hub_ledger_lines.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    packages: Mapped[int] = mapped_column(Integer)
    weight_g: Mapped[int] = mapped_column(BigInteger)
    packages_after: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(24))
    doc_no: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(96))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def line_for(session: Session, hub_id: int, status: CustomsStatus) -> HubLedgerLine:
    """The line of one customs status at a hub, opened on its first entry."""
    line = session.scalar(
        select(HubLedgerLine).where(
            HubLedgerLine.hub_id == hub_id, HubLedgerLine.customs_status == status.value
        )
    )
    if line is None:
        line = HubLedgerLine(hub_id=hub_id, customs_status=status.value, packages=0, weight_g=0)
        session.add(line)
        session.flush()
    return line


def post(
    session: Session,
    actor: Actor,
    line_id: int,
    kind: EntryKind,
    movement: tuple[int, int],
    document: tuple[str, str],
) -> HubLedgerEntry:
    """Append an entry moving (packages, grams); refuse one taking the line below zero."""
    packages, grams = movement
    after = session.execute(
        update(HubLedgerLine)
        .where(
            HubLedgerLine.id == line_id,
            HubLedgerLine.packages + packages >= 0,
            HubLedgerLine.weight_g + grams >= 0,
        )
        .values(packages=HubLedgerLine.packages + packages, weight_g=HubLedgerLine.weight_g + grams)
        .returning(HubLedgerLine.packages)
    ).scalar_one_or_none()
    if after is None:
        raise Conflict("E_LEDGER_NEGATIVE", "The hub ledger line would go below zero.")
    entry = HubLedgerEntry(
        line_id=line_id,
        kind=kind.value,
        packages=packages,
        weight_g=grams,
        packages_after=after,
        doc_type=document[0],
        doc_no=document[1],
        actor=actor.name,
        at=utcnow(),
    )
    session.add(entry)
    return entry


def lines(session: Session, hub_id: int) -> list[HubLedgerLine]:
    return list(
        session.scalars(
            select(HubLedgerLine)
            .where(HubLedgerLine.hub_id == hub_id)
            .order_by(HubLedgerLine.customs_status)
        )
    )


@event.listens_for(Session, "before_flush")
def _entries_are_append_only(session: Session, _ctx: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, HubLedgerEntry):
            raise PermissionError("hub ledger entries are append-only")
