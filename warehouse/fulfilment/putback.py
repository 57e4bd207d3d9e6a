"""A parcel's picked goods back to stock: for an order customs let withdraw after picking, or
goods customs refused and then let back into stock.

The parcel's holds go first (customs' inspection, a weight hold: the parcel is dissolved), so
its goods are thawed on the ledger. Each line then goes to the staging area as received goods,
with its lot, expiry and entry, and putaway shelves it by scan like any received goods (the
suggestion, the zone and room checks). A customs answer is thus never refused for want of
shelf room, and the floor confirms the bin. The goods stay bonded throughout, so no ledger
entry is posted.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from warehouse.access.audit import Actor
from warehouse.bonded.holds import Reason
from warehouse.bonded.stock import Status, Stock, put, rows_of_parcel, take
from warehouse.errors import Conflict
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.parcels import release_parcel_holds
from warehouse.masterdata import service as md
from warehouse.masterdata.models import Bin, Sku
from warehouse.masterdata.zones import Zone

#: A dissolved parcel keeps none of its holds (customs' inspection, weight).
ALL_HOLDS = frozenset(Reason)


@dataclass(frozen=True)
class Line:
    sku: str
    lot: str
    quantity: int
    bin: str | None  # where a line put back waits for putaway


def put_back(session: Session, actor: Actor, parcel: Parcel, note: str) -> list[Line]:
    """Move the parcel's goods to the staging area, received and waiting for putaway."""
    release_parcel_holds(session, actor, parcel, ALL_HOLDS, note)
    staging = md.zone_bin(session, parcel.warehouse_id, Zone.STAGING)
    return [_put_back(session, parcel, row, staging) for row in rows_of_parcel(session, parcel.id)]


def line_of(session: Session, row: Stock, quantity: int, target: Bin | None) -> Line:
    sku = session.get_one(Sku, row.sku_id)
    return Line(sku.code, row.lot, quantity, target.code if target else None)


def _put_back(session: Session, parcel: Parcel, row: Stock, staging: Bin) -> Line:
    quantity = row.quantity
    if not take(session, row.id, quantity, reserved=False):
        raise Conflict("E_STOCK_CHANGED", f"Parcel {parcel.code} changed meanwhile: try again.")
    put(
        session,
        warehouse_id=row.warehouse_id,
        bin_id=staging.id,
        sku_id=row.sku_id,
        quantity=quantity,
        status=Status.RECEIVED,
        lot=row.lot,
        expiry=row.expiry,
        entry_id=row.entry_id,
    )
    return line_of(session, row, quantity, staging)
