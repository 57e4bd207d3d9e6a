"""Receiving abroad by scan: a replenishment's pallet (its SSCC or Digital Link), or a
transfer from another overseas warehouse (its number), into a storage bin."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.db import utcnow
from warehouse.errors import Conflict, NotFound
from warehouse.overseas import events
from warehouse.overseas.models import OverseasWarehouse, Replenishment, ReplenishmentLine, Transfer
from warehouse.overseas.replenishment import lines_of
from warehouse.overseas.stock import bin_of, put, warehouse
from warehouse.trace import parse_code
from warehouse.trace.errors import TraceError


@dataclass(frozen=True)
class Receipt:
    kind: str
    no: str
    units: int
    bin: str
    label: str | None = None  # a transfer's new label


def _sscc(code: str) -> str | None:
    try:
        return parse_code(code).sscc
    except TraceError:
        return None


def _wrong_place(wh: OverseasWarehouse, target_id: int, no: str) -> None:
    if wh.id != target_id:
        raise Conflict("E_WRONG_WAREHOUSE", f"{no} is bound for another warehouse, not {wh.code}.")


def _replenishment(
    session: Session, actor: Actor, wh: OverseasWarehouse, rep: Replenishment, location: str | None
) -> Receipt:
    _wrong_place(wh, rep.warehouse_id, rep.no)
    if rep.status == "planning":
        raise Conflict("E_NOT_BOOKED", f"{rep.no} has no bill of lading yet: it cannot arrive.")
    done = session.execute(
        update(Replenishment)
        .where(Replenishment.id == rep.id, Replenishment.status == "in_transit")
        .values(status="received", received_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if not done.rowcount:  # type: ignore[attr-defined]
        raise Conflict("E_ALREADY_RECEIVED", f"{rep.no} was received already.")
    target = bin_of(session, wh.id, location)
    lines = lines_of(session, rep)
    for ln in lines:
        put(session, target, rep.owner_id, ln.sku_id, ln.quantity, "receive", rep.no)
    session.execute(
        update(ReplenishmentLine)
        .where(ReplenishmentLine.replenishment_id == rep.id)
        .values(received=ReplenishmentLine.quantity)
    )
    events.received(
        session,
        wh,
        rep.sscc,
        rep.bol_number,
        target.code,
        [(ln.sku_id, ln.quantity) for ln in lines],
    )
    units = sum(ln.quantity for ln in lines)
    record(
        session,
        actor,
        "replenishment.receive",
        "replenishment",
        rep.no,
        units=units,
        bin=target.code,
        bol=rep.bol_number,
    )
    return Receipt("replenishment", rep.no, units, target.code)


def _transfer(
    session: Session, actor: Actor, wh: OverseasWarehouse, move: Transfer, location: str | None
) -> Receipt:
    _wrong_place(wh, move.to_id, move.no)
    if move.status != "in_transit":
        raise Conflict("E_ALREADY_RECEIVED", f"Transfer {move.no} was received already.")
    move.status, move.received_at = "received", utcnow()
    move.label = f"T{move.id:07d}-{wh.code}"[:40]  # relabelled here; the app prints it
    target = bin_of(session, wh.id, location)
    for sku_id, qty in move.lines:
        put(session, target, move.owner_id, sku_id, qty, "transfer_in", move.no)
    units = sum(q for _, q in move.lines)
    record(
        session,
        actor,
        "transfer.receive",
        "overseas_transfer",
        move.no,
        units=units,
        label=move.label,
    )
    return Receipt("transfer", move.no, units, target.code, move.label)


def receive(
    session: Session, actor: Actor, code: str, wh_code: str, location: str | None
) -> Receipt:
    wh = warehouse(session, wh_code)
    sscc = _sscc(code)
    if sscc:
        rep = session.scalar(select(Replenishment).where(Replenishment.sscc == sscc))
        if rep is not None:
            return _replenishment(session, actor, wh, rep, location)
    move = session.scalar(select(Transfer).where(Transfer.no == code.strip()).with_for_update())
    if move is not None:
        return _transfer(session, actor, wh, move, location)
    raise NotFound("E_UNKNOWN_CODE", f"{code[:80]!r} is no shipment bound for {wh.code}.")
