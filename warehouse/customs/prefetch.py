"""What declaring a batch of orders reads, read once for the batch in a few set-based queries.

Orders with their lines, their three documents, the buyers' verified names and annual totals,
and the free stock of every SKU they ask for. Orders, buyers' years (started at 0 where the
buyer has none yet) and free stock rows are locked (``FOR UPDATE`` on PostgreSQL; SQLite
serialises writers) until the batch commits, so what was read stays true for the batch: the
reservations and limits are decided on it (:mod:`warehouse.customs.declaring`). Annual totals
move here only when an order's declaration succeeded (:meth:`Prefetched.counted`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, selectinload

from warehouse.bonded.stock import Stock, free_of, free_stock
from warehouse.customs.models import BuyerYear, CebDocument, RetailOrder, VerifiedIdentity
from warehouse.customs.money import from_fen
from warehouse.errors import Invalid, NotFound
from warehouse.masterdata import service as md
from warehouse.sql import one_of

KINDS = ("CEB311", "CEB411", "CEB511")
#: A stock row free for reservation, as read: [stock id, bin id, free quantity (a hint)].
FreeRow = list[int]


@dataclass
class Prefetched:
    year: int
    orders: dict[str, RetailOrder] = field(default_factory=dict)
    documents: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)  # id number -> fen (row exists)
    free: dict[tuple[int, int], list[FreeRow]] = field(default_factory=dict)
    held: list[object] = field(default_factory=list)  # keeps master data in the identity map

    @classmethod
    def load(cls, session: Session, order_nos: list[str], year: int) -> Prefetched:
        known = cls(year)
        known.orders = {
            o.order_no: o
            for o in session.scalars(
                select(RetailOrder)
                .where(one_of(session, RetailOrder.order_no, set(order_nos)))
                .order_by(RetailOrder.id)
                .options(selectinload(RetailOrder.lines))
                .with_for_update(of=RetailOrder)
            )
        }
        rows = session.execute(
            select(CebDocument.order_no, CebDocument.kind, CebDocument.payload).where(
                one_of(session, CebDocument.order_no, list(known.orders)),
                CebDocument.kind.in_(KINDS),
            )
        )
        found: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
        for order_no, kind, payload in rows:
            found[order_no][kind] = payload
        known.documents = dict(found)
        ids = {o.buyer_id_number.upper() for o in known.orders.values()}
        known.names = dict(
            session.execute(
                select(VerifiedIdentity.id_number, VerifiedIdentity.name).where(
                    one_of(session, VerifiedIdentity.id_number, ids)
                )
            ).all()
        )
        known.totals = _years(session, sorted(ids), year)
        known._load_free(session)
        known._hold_masterdata(session)
        return known

    def _load_free(self, session: Session) -> None:
        wanted = {(o.warehouse_id, ln.sku_id) for o in self.orders.values() for ln in o.lines}
        self.free = {key: [] for key in wanted}
        if not wanted:
            return
        rows = session.execute(
            select(Stock.warehouse_id, Stock.sku_id, Stock.id, Stock.bin_id, free_of())
            .where(
                one_of(session, Stock.warehouse_id, {wh for wh, _ in wanted}),
                one_of(session, Stock.sku_id, {sku for _, sku in wanted}),
                *free_stock(),
            )
            .order_by(Stock.expiry.is_(None), Stock.expiry, Stock.id)
            .with_for_update()
        )
        for wh_id, sku_id, stock_id, bin_id, free in rows:
            if (wh_id, sku_id) in self.free:
                self.free[(wh_id, sku_id)].append([int(stock_id), int(bin_id), int(free)])

    def _hold_masterdata(self, session: Session) -> None:
        for wh_id in {o.warehouse_id for o in self.orders.values()}:
            wh = md.warehouse(session, wh_id)
            self.held += [wh, md.enterprise_by_id(session, wh.operator_id)]

    def order(self, order_no: str) -> RetailOrder:
        found = self.orders.get(order_no)
        if found is None:
            raise NotFound("E_UNKNOWN_ORDER", f"No order {order_no!r}.")
        return found

    def name_for(self, id_number: str) -> str | None:
        """The identity registry's answer, as read for the batch."""
        return self.names.get(id_number.upper())

    def year_total(self, id_number: str) -> Decimal:
        return from_fen(self.totals.get(id_number.upper(), 0))

    def within_limit(self, id_number: str, fen: int, limit_fen: int) -> None:
        """E_OVER_ANNUAL_LIMIT unless the buyer's year (as locked, with the batch's orders)
        takes ``fen`` more."""
        if self.totals.get(id_number.upper(), 0) + fen > limit_fen:
            raise Invalid(
                "E_OVER_ANNUAL_LIMIT",
                "The buyer's annual limit was reached by another order meanwhile.",
            )

    def counted(self, order: RetailOrder) -> None:
        """An order declared: its value is on its buyer's year now."""
        key = order.buyer_id_number.upper()
        self.totals[key] = self.totals.get(key, 0) + int(order.value_fen or 0)


def _years(session: Session, ids: list[str], year: int) -> dict[str, int]:
    """The buyers' totals for the year, locked; a buyer without a row gets one at 0 first."""
    if not ids:
        return {}
    dialect = session.connection().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    session.execute(
        make(BuyerYear)
        .values([{"id_number": i, "year": year, "total_fen": 0} for i in ids])
        .on_conflict_do_nothing(index_elements=["id_number", "year"])
    )
    rows = session.execute(
        select(BuyerYear.id_number, BuyerYear.total_fen)
        .where(one_of(session, BuyerYear.id_number, ids), BuyerYear.year == year)
        .order_by(BuyerYear.id)
        .with_for_update()
    )
    return {i: int(total) for i, total in rows}
