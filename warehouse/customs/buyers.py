"""Buyers: the identity registry kept from identity checks, and annual totals per buyer."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session, SessionTransaction

from warehouse.customs.models import BuyerYear, VerifiedIdentity
from warehouse.customs.money import from_fen
from warehouse.errors import Invalid


class DbIdentityRegistry:
    """Answers from the identities verified so far (stands in for the public security check)."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def name_for(self, id_number: str) -> str | None:
        return self._session.scalar(
            select(VerifiedIdentity.name).where(VerifiedIdentity.id_number == id_number)
        )


def register_identity(session: Session, id_number: str, name: str) -> None:
    if DbIdentityRegistry(session).name_for(id_number.upper()) is None:
        session.add(VerifiedIdentity(id_number=id_number.upper(), name=name))


_SEEN = "buyers.seen"  # session.info: (id, year) -> whether year_total just found the row


def year_total(session: Session, id_number: str, year: int) -> Decimal:
    fen = session.scalar(
        select(BuyerYear.total_fen).where(
            BuyerYear.id_number == id_number.upper(), BuyerYear.year == year
        )
    )
    session.info.setdefault(_SEEN, {})[(id_number.upper(), year)] = fen is not None
    return from_fen(fen or 0)


def count(
    session: Session, id_number: str, year: int, fen: int, limit_fen: int, seen: bool | None = None
) -> None:
    """Add an order to the buyer's year, atomically refusing to pass the annual limit.

    ``seen``: whether the buyer's row for the year was just read (by a batch).
    """
    key = (BuyerYear.id_number == id_number.upper(), BuyerYear.year == year)
    if seen is None:
        seen = session.info.get(_SEEN, {}).pop((id_number.upper(), year), None)
    if seen is None:  # not just read by year_total in this transaction: look
        seen = session.scalar(select(BuyerYear.id).where(*key)) is not None
    if not seen:
        session.add(BuyerYear(id_number=id_number.upper(), year=year, total_fen=0))
        session.flush()
    done = session.execute(
        update(BuyerYear)
        .where(*key, BuyerYear.total_fen + fen <= limit_fen)
        .values(total_fen=BuyerYear.total_fen + fen)
        .execution_options(synchronize_session=False)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise Invalid(
            "E_OVER_ANNUAL_LIMIT",
            "The buyer's annual limit was reached by another order meanwhile.",
        )


def uncount(session: Session, id_number: str, year: int, fen: int) -> None:
    """Take a rejected or returned order off the buyer's year."""
    session.execute(
        update(BuyerYear)
        .where(BuyerYear.id_number == id_number.upper(), BuyerYear.year == year)
        .values(total_fen=BuyerYear.total_fen - fen)
        .execution_options(synchronize_session=False)
    )


@event.listens_for(Session, "after_transaction_end")
def _forget_seen(session: Session, _transaction: SessionTransaction) -> None:
    session.info.pop(_SEEN, None)  # an observation holds only inside its own transaction
