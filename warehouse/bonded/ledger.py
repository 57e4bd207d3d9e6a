"""The bonded ledger: one per bonded warehouse, one item per SKU, append-only entries.

Balances move only through :func:`post`, one atomic conditional UPDATE per entry, so two
workers posting at once never lose an update and a balance never goes below zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import (
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from warehouse.access.audit import Actor
from warehouse.db import Base, UTCDateTime, utcnow
from warehouse.errors import Conflict, NotFound
from warehouse.masterdata.service import cached, forget


class EntryKind(StrEnum):
    ENTRY = "entry"  # 入区, against an entry declaration
    WRITE_OFF = "write_off"  # 清单核放出区, against a released manifest
    TRANSFER_OUT = "transfer_out"
    TRANSFER_IN = "transfer_in"
    RETURN_IN = "return_in"  # 退货入区
    DESTROY = "destroy"  # 销毁
    ADJUST = "adjust"  # stocktake adjustment approved by customs


class Ledger(Base):
    __tablename__ = "ledgers"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"), unique=True)
    ems_no: Mapped[str] = mapped_column(String(12), unique=True)
    area_code: Mapped[str] = mapped_column(String(10))


class LedgerItem(Base):
    __tablename__ = "ledger_items"
    __table_args__ = (UniqueConstraint("ledger_id", "sku_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ledger_id: Mapped[int] = mapped_column(ForeignKey("ledgers.id"), index=True)
    sku_id: Mapped[int] = mapped_column(ForeignKey("skus.id"))
    seq: Mapped[int] = mapped_column(Integer)
    balance: Mapped[int] = mapped_column(Integer, default=0)
    frozen: Mapped[int] = mapped_column(Integer, default=0)


class LedgerEntry(Base):
    """One movement of one item, tied to its document; never updated, never deleted."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("ledger_items.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    quantity: Mapped[int] = mapped_column(Integer)
    balance_after: Mapped[int] = mapped_column(Integer)
    doc_type: Mapped[str] = mapped_column(String(24))
    doc_no: Mapped[str] = mapped_column(String(64), index=True)
    actor: Mapped[str] = mapped_column(String(96))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


def open_ledger(session: Session, warehouse_id: int, ems_no: str, area_code: str) -> Ledger:
    if session.scalar(
        select(Ledger.id).where((Ledger.warehouse_id == warehouse_id) | (Ledger.ems_no == ems_no))
    ):
        raise Conflict("E_LEDGER_EXISTS", f"This warehouse or ledger {ems_no} exists already.")
    ledger = Ledger(warehouse_id=warehouse_id, ems_no=ems_no, area_code=area_code)
    session.add(ledger)
    session.flush()
    forget(session)
    return ledger


def ledger_of(session: Session, warehouse_id: int) -> Ledger:
    ledger = cached(
        session,
        ("ledger", warehouse_id),
        lambda: session.scalar(select(Ledger).where(Ledger.warehouse_id == warehouse_id)),
    )
    if ledger is None:
        raise NotFound("E_NO_LEDGER", f"Warehouse {warehouse_id} has no bonded ledger.")
    return ledger


def item_for(session: Session, warehouse_id: int, sku_id: int) -> LedgerItem:
    """The ledger item of a SKU, opened on its first entry (looked up once per transaction).

    Only the item's id and seq are to be trusted from it: balances move in SQL (:func:`post`).
    """
    ledger = ledger_of(session, warehouse_id)
    key = ("ledger_item", ledger.id, sku_id)
    item = cached(
        session,
        key,
        lambda: session.scalar(
            select(LedgerItem).where(LedgerItem.ledger_id == ledger.id, LedgerItem.sku_id == sku_id)
        ),
    )
    if item is None:
        seq = 1 + len(
            session.scalars(select(LedgerItem.id).where(LedgerItem.ledger_id == ledger.id)).all()
        )
        item = LedgerItem(ledger_id=ledger.id, sku_id=sku_id, seq=seq, balance=0, frozen=0)
        session.add(item)
        session.flush()
        session.info["masterdata.cache"][key] = item
    return item


def post(
    session: Session,
    actor: Actor,
    item_id: int,
    kind: EntryKind,
    quantity: int,
    doc_type: str,
    doc_no: str,
) -> LedgerEntry:
    """Append an entry and move the balance; refuse one that would take it below zero."""
    balance = session.execute(
        update(LedgerItem)
        .where(LedgerItem.id == item_id, LedgerItem.balance + quantity >= 0)
        .values(balance=LedgerItem.balance + quantity)
        .returning(LedgerItem.balance)
    ).scalar_one_or_none()
    if balance is None:
        raise Conflict("E_LEDGER_NEGATIVE", "The ledger balance would go below zero.", item=item_id)
    entry = LedgerEntry(
        item_id=item_id,
        kind=kind.value,
        quantity=quantity,
        balance_after=balance,
        doc_type=doc_type,
        doc_no=doc_no,
        actor=actor.name,
        at=utcnow(),
    )
    session.add(entry)
    return entry


@dataclass(frozen=True)
class Posting:
    """One entry to post: an item's movement tied to its document."""

    item_id: int
    kind: EntryKind
    quantity: int
    doc_type: str
    doc_no: str


def post_many(session: Session, actor: Actor, postings: list[Posting]) -> None:
    """Post a batch's entries: one conditional UPDATE per item, one INSERT for the entries.

    Each item's balance moves by the batch's total at once (refused, E_LEDGER_NEGATIVE, when
    that would take it below zero); each entry's ``balance_after`` is the running balance in
    the order given, as if posted one by one, since no other posting can come in between.
    """
    totals: dict[int, int] = {}
    for p in postings:
        totals[p.item_id] = totals.get(p.item_id, 0) + p.quantity
    running: dict[int, int] = {}
    for item_id, total in sorted(totals.items()):
        balance = session.execute(
            update(LedgerItem)
            .where(LedgerItem.id == item_id, LedgerItem.balance + total >= 0)
            .values(balance=LedgerItem.balance + total)
            .returning(LedgerItem.balance)
            .execution_options(synchronize_session=False)
        ).scalar_one_or_none()
        if balance is None:
            raise Conflict(
                "E_LEDGER_NEGATIVE", "The ledger balance would go below zero.", item=item_id
            )
        running[item_id] = balance - total
    rows = []
    now = utcnow()
    for p in postings:
        running[p.item_id] += p.quantity
        rows.append(
            {
                "item_id": p.item_id,
                "kind": p.kind.value,
                "quantity": p.quantity,
                "balance_after": running[p.item_id],
                "doc_type": p.doc_type,
                "doc_no": p.doc_no,
                "actor": actor.name,
                "at": now,
            }
        )
    if rows:
        session.execute(insert(LedgerEntry), rows)


def freeze(session: Session, item_id: int, quantity: int) -> None:
    """Move ``quantity`` into (positive) or out of (negative) the item's frozen quantity."""
    session.execute(
        update(LedgerItem)
        .where(LedgerItem.id == item_id)
        .values(frozen=LedgerItem.frozen + quantity)
    )


@event.listens_for(Session, "before_flush")
def _entries_are_append_only(session: Session, _ctx: object, _instances: object) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, LedgerEntry):
            raise PermissionError("ledger entries are append-only")
