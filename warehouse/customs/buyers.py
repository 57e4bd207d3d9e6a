"""Buyers: the identity registry kept from identity checks, and annual totals per buyer."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warehouse.customs.models import BuyerYear, VerifiedIdentity
from warehouse.customs.money import from_fen


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


def year_total(session: Session, id_number: str, year: int) -> Decimal:
    fen = session.scalar(
        select(BuyerYear.total_fen).where(
            BuyerYear.id_number == id_number.upper(), BuyerYear.year == year
        )
    )
    return from_fen(fen or 0)


def uncount(session: Session, id_number: str, year: int, fen: int) -> None:
    """Take a rejected or returned order off the buyer's year."""
    session.execute(
        update(BuyerYear)
        .where(BuyerYear.id_number == id_number.upper(), BuyerYear.year == year)
        .values(total_fen=BuyerYear.total_fen - fen)
        .execution_options(synchronize_session=False)
    )
