"""The ledger check: for every item, ledger balance == bonded stock on the floor.

Bonded stock is counted over every bin, hold and inspection area, whatever its floor
status (received, shelved, picked into a parcel); frozen must equal the held part of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from warehouse.bonded.ledger import Ledger, LedgerItem
from warehouse.bonded.stock import CustomsStatus, Stock
from warehouse.masterdata.models import Sku, Warehouse


@dataclass(frozen=True)
class Difference:
    warehouse: str
    sku: str
    ledger_balance: int
    stock: int
    ledger_frozen: int
    held: int

    def describe(self) -> str:
        return (
            f"{self.warehouse} {self.sku}: ledger {self.ledger_balance} vs stock {self.stock}, "
            f"frozen {self.ledger_frozen} vs held {self.held}"
        )


def _stock_totals(session: Session) -> dict[tuple[int, int], tuple[int, int]]:
    held = case((Stock.hold_id.is_not(None), Stock.quantity), else_=0)
    rows = session.execute(
        select(Stock.warehouse_id, Stock.sku_id, func.sum(Stock.quantity), func.sum(held))
        .where(Stock.customs_status == CustomsStatus.BONDED.value)
        .group_by(Stock.warehouse_id, Stock.sku_id)
    )
    return {(w, s): (int(q or 0), int(h or 0)) for w, s, q, h in rows}


def differences(session: Session) -> list[Difference]:
    """Every item (or stray stock) where the ledger and the floor disagree."""
    stock = _stock_totals(session)
    items = session.execute(
        select(Ledger.warehouse_id, LedgerItem.sku_id, LedgerItem.balance, LedgerItem.frozen).join(
            Ledger, Ledger.id == LedgerItem.ledger_id
        )
    ).all()
    seen: set[tuple[int, int]] = set()
    found: list[tuple[int, int, int, int, int, int]] = []
    for wh, sku, balance, frozen in items:
        seen.add((wh, sku))
        qty, held = stock.get((wh, sku), (0, 0))
        if (balance, frozen) != (qty, held):
            found.append((wh, sku, balance, qty, frozen, held))
    for (wh, sku), (qty, held) in stock.items():
        if (wh, sku) not in seen and qty:
            found.append((wh, sku, 0, qty, 0, held))
    return [_named(session, *f) for f in found]


def _named(session: Session, wh: int, sku: int, *numbers: int) -> Difference:
    wh_code = session.scalar(select(Warehouse.code).where(Warehouse.id == wh)) or str(wh)
    sku_code = session.scalar(select(Sku.code).where(Sku.id == sku)) or str(sku)
    return Difference(wh_code, sku_code, *numbers)


def item_count(session: Session) -> int:
    return int(session.scalar(select(func.count(LedgerItem.id))) or 0)
