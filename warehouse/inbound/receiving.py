"""Receiving: a scanned carton (SSCC) or unit (GTIN, with lot and expiry) enters the zone.

Each accepted scan puts the goods in the receiving area (damaged goods in the hold cage) and
posts the entry (入区) on the ledger in the same transaction, so ledger and floor never part.
More than declared is refused: it needs a supplementary declaration before it may enter.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import holds, ledger
from warehouse.bonded.stock import Status, put
from warehouse.errors import Conflict, Invalid, NotFound
from warehouse.inbound.entries import entry_by_no, inspection_hold
from warehouse.inbound.models import EntryCarton, EntryDeclaration, EntryLine
from warehouse.masterdata import service as md
from warehouse.masterdata.lists import require_importable
from warehouse.masterdata.models import Sku
from warehouse.masterdata.zones import Zone
from warehouse.trace import parse_code
from warehouse.trace.errors import TraceError


@dataclass(frozen=True)
class Received:
    entry: str
    sku: str
    lot: str
    quantity: int
    damaged: bool
    bin: str
    remaining: int


def resolve(
    session: Session, entry: EntryDeclaration, code: str
) -> tuple[EntryLine, int | None, EntryCarton | None]:
    """The entry line a scanned code belongs to, and the carton quantity for an SSCC."""
    try:
        parsed = parse_code(code)
    except TraceError as exc:
        raise Invalid("E_UNKNOWN_CODE", f"Cannot read {code!r}: {exc.reason}.") from exc
    if parsed.sscc:
        carton = session.scalar(select(EntryCarton).where(EntryCarton.sscc == parsed.sscc))
        line = session.get(EntryLine, carton.line_id) if carton else None
        if carton is None or line is None or line.entry_id != entry.id:
            raise NotFound("E_UNKNOWN_CODE", f"Carton {parsed.sscc} is not on entry {entry.no}.")
        return line, carton.quantity, carton
    if not parsed.gtin:
        raise NotFound("E_UNKNOWN_CODE", f"{code!r} is neither a carton nor a product code.")
    sku = md.sku_by_code(session, parsed.gtin)
    lines = [
        ln for ln in entry.lines if ln.sku_id == sku.id and (not parsed.lot or ln.lot == parsed.lot)
    ]
    open_lines = [ln for ln in lines if ln.received + ln.damaged < ln.expected]
    if not lines:
        raise NotFound("E_NOT_ON_ENTRY", f"{sku.code} is not declared on entry {entry.no}.")
    return (open_lines or lines)[0], None, None


def receive(
    session: Session,
    actor: Actor,
    entry_no: str,
    code: str,
    quantity: int | None = None,
    damaged: bool = False,
) -> Received:
    entry = entry_by_no(session, entry_no)
    if entry.status == "closed":
        raise Conflict("E_ENTRY_CLOSED", f"Entry {entry_no} is closed: nothing more enters on it.")
    line, carton_qty, carton = resolve(session, entry, code)
    if carton is not None and carton.received:
        raise Conflict("E_ALREADY_RECEIVED", f"Carton {carton.sscc} was received already.")
    qty = carton_qty or quantity or 1
    sku = session.get_one(Sku, line.sku_id)
    require_importable(sku.hs_code, md.list_entries(session))
    remaining = line.expected - line.received - line.damaged
    if qty > remaining:
        raise Conflict(
            "E_OVER_RECEIPT",
            f"{sku.code}: {qty} more than the {remaining} still expected on entry {entry_no}; "
            "set them aside for a supplementary declaration.",
            expected=line.expected,
            remaining=remaining,
        )
    bin_ = _arrive(session, actor, entry, line, sku, qty, damaged)
    if carton is not None:
        carton.received = True
    if damaged:
        line.damaged += qty
    else:
        line.received += qty
    entry.status = "receiving" if entry.status == "declared" else entry.status
    record(
        session,
        actor,
        "entry.receive",
        "entry_declaration",
        entry_no,
        sku=sku.code,
        lot=line.lot,
        quantity=qty,
        damaged=damaged,
    )
    return Received(entry_no, sku.code, line.lot, qty, damaged, bin_, remaining - qty)


def _arrive(
    session: Session,
    actor: Actor,
    entry: EntryDeclaration,
    line: EntryLine,
    sku: Sku,
    qty: int,
    damaged: bool,
) -> str:
    item = ledger.item_for(session, entry.warehouse_id, sku.id)
    ledger.post(session, actor, item.id, ledger.EntryKind.ENTRY, qty, "entry_declaration", entry.no)
    where = {
        "warehouse_id": entry.warehouse_id,
        "sku_id": sku.id,
        "quantity": qty,
        "status": Status.RECEIVED,
        "lot": line.lot,
        "expiry": line.expiry,
        "entry_id": entry.id,
    }
    hold = inspection_hold(session, entry)
    if damaged:
        hold = holds.hold_for(
            session, actor, entry.warehouse_id, holds.Reason.DAMAGED, ("entry", entry.no)
        )
    zone = Zone.HOLD if damaged else Zone.STAGING
    bin_ = md.zone_bin(session, entry.warehouse_id, zone)
    if hold is not None:
        holds.put_held(session, hold, bin_id=bin_.id, **where)
    else:
        put(session, bin_id=bin_.id, **where)  # type: ignore[arg-type]
    return bin_.code
