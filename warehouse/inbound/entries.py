"""Entry declarations: declare, select for inbound inspection, close with the variances."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import holds
from warehouse.bonded.stock import CustomsStatus, Stock
from warehouse.db import utcnow
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.inbound.models import EntryCarton, EntryDeclaration, EntryLine
from warehouse.masterdata import service as md
from warehouse.masterdata.lists import ListEntry, require_importable
from warehouse.trace.errors import TraceError
from warehouse.trace.keys import validate_sscc


@dataclass(frozen=True)
class NewLine:
    sku: str
    quantity: int
    lot: str = ""
    expiry: date | None = None
    cartons: list[tuple[str, int]] = field(default_factory=list)


@dataclass(frozen=True)
class NewEntry:
    no: str
    warehouse: str
    owner: str
    lines: list[NewLine]


def declare(session: Session, actor: Actor, new: NewEntry) -> EntryDeclaration:
    """Register an entry declaration; goods on a negative list never get one."""
    if session.scalar(select(EntryDeclaration.id).where(EntryDeclaration.no == new.no)):
        raise Conflict("E_ENTRY_EXISTS", f"Entry declaration {new.no} exists already.")
    if not new.lines:
        raise Invalid("E_EMPTY_ENTRY", "An entry declaration needs at least one line.")
    wh = md.warehouse(session, new.warehouse)
    entry = EntryDeclaration(
        no=new.no,
        warehouse_id=wh.id,
        owner_id=md.enterprise(session, new.owner).id,
        status="declared",
    )
    session.add(entry)
    session.flush()
    lists = md.list_entries(session)
    for new_line in new.lines:
        _add_line(session, entry, new_line, lists)
    record(session, actor, "entry.declare", "entry_declaration", new.no, lines=len(new.lines))
    return entry


def _add_line(
    session: Session, entry: EntryDeclaration, new: NewLine, lists: list[ListEntry]
) -> None:
    sku = md.sku_by_code(session, new.sku)
    require_importable(sku.hs_code, lists)
    if new.quantity <= 0:
        raise Invalid("E_BAD_QUANTITY", f"Line {new.sku}: quantity must be positive.")
    if sku.lot_tracked and not new.lot:
        raise Invalid("E_LOT_REQUIRED", f"SKU {sku.code} is lot-tracked: give the lot.")
    if sku.expiry_tracked and new.expiry is None:
        raise Invalid("E_EXPIRY_REQUIRED", f"SKU {sku.code} is expiry-tracked: give the expiry.")
    if sum(q for _, q in new.cartons) > new.quantity:
        raise Invalid("E_CARTONS_EXCEED_LINE", f"Line {new.sku}: cartons hold more than declared.")
    line = EntryLine(
        entry_id=entry.id,
        sku_id=sku.id,
        lot=new.lot,
        expiry=new.expiry,
        expected=new.quantity,
        received=0,
        damaged=0,
    )
    session.add(line)
    session.flush()
    for sscc, qty in new.cartons:
        try:
            code = validate_sscc(sscc)
        except TraceError as exc:
            raise Invalid("E_BAD_SSCC", f"Carton {sscc}: {exc.reason}.") from exc
        if session.scalar(select(EntryCarton.id).where(EntryCarton.sscc == code)):
            raise Conflict("E_SSCC_EXISTS", f"Carton {code} is announced already.")
        session.add(EntryCarton(line_id=line.id, sscc=code, quantity=qty))
        session.flush()


def entry_by_no(session: Session, no: str) -> EntryDeclaration:
    entry = session.scalar(select(EntryDeclaration).where(EntryDeclaration.no == no))
    if entry is None:
        raise NotFound("E_UNKNOWN_ENTRY", f"No entry declaration {no!r}.")
    return entry


def select_for_inspection(session: Session, actor: Actor, no: str) -> holds.Hold:
    """Customs selects an entry for inspection: its goods are held until customs releases them."""
    entry = entry_by_no(session, no)
    if entry.inspection_hold_id is not None:
        current = session.get(holds.Hold, entry.inspection_hold_id)
        if current is not None and current.active:
            raise Conflict("E_ALREADY_SELECTED", f"Entry {no} is under inspection already.")
    rows = list(
        session.scalars(
            select(Stock).where(
                Stock.entry_id == entry.id,
                Stock.customs_status == CustomsStatus.BONDED.value,
                Stock.parcel_id.is_(None),
                Stock.hold_id.is_(None),
                Stock.quantity > 0,
            )
        )
    )
    hold = holds.place(
        session, actor, entry.warehouse_id, holds.Reason.INBOUND_INSPECTION, ("entry", no), rows
    )
    entry.inspection_hold_id = hold.id
    return hold


def inspection_hold(session: Session, entry: EntryDeclaration) -> holds.Hold | None:
    if entry.inspection_hold_id is None:
        return None
    hold = session.get(holds.Hold, entry.inspection_hold_id)
    return hold if hold is not None and hold.active else None


@dataclass(frozen=True)
class Variance:
    sku_id: int
    lot: str
    expected: int
    received: int
    damaged: int

    @property
    def short(self) -> int:
        return self.expected - self.received - self.damaged


def close(session: Session, actor: Actor, no: str) -> list[Variance]:
    """Close receiving; the variances (short, damaged) are recorded and returned."""
    entry = entry_by_no(session, no)
    if entry.status == "closed":
        raise Conflict("E_ENTRY_CLOSED", f"Entry {no} is closed already.")
    entry.status = "closed"
    entry.closed_at = utcnow()
    found = [
        Variance(ln.sku_id, ln.lot, ln.expected, ln.received, ln.damaged) for ln in entry.lines
    ]
    record(
        session,
        actor,
        "entry.close",
        "entry_declaration",
        no,
        variances=[vars(v) | {"short": v.short} for v in found if v.short or v.damaged],
    )
    return found
