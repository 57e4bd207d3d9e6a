"""Transfers between overseas warehouses: stock leaves one at once (in transit), and enters
the other when its number is scanned there (receiving.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.errors import Conflict, Invalid
from warehouse.masterdata import service as md
from warehouse.overseas.models import Transfer
from warehouse.overseas.stock import take, warehouse


@dataclass(frozen=True)
class NewTransfer:
    no: str
    source: str
    target: str
    owner: str
    lines: tuple[tuple[str, int], ...]


def create(session: Session, actor: Actor, new: NewTransfer) -> Transfer:
    src, dst = warehouse(session, new.source), warehouse(session, new.target)
    if src.id == dst.id:
        raise Invalid("E_SAME_WAREHOUSE", "A transfer goes to another warehouse.")
    if not new.lines or any(q <= 0 for _, q in new.lines):
        raise Invalid("E_BAD_LINES", "A transfer needs lines with positive quantities.")
    if session.scalar(select(Transfer.id).where(Transfer.no == new.no)):
        raise Conflict("E_TRANSFER_EXISTS", f"Transfer {new.no} exists already.")
    owner = md.enterprise(session, new.owner)
    lines = [[md.sku_by_code(session, c).id, q] for c, q in new.lines]
    for sku_id, qty in lines:
        take(session, src.id, owner.id, sku_id, qty, "transfer_out", new.no)
    move = Transfer(
        no=new.no, from_id=src.id, to_id=dst.id, owner_id=owner.id, lines=lines, status="in_transit"
    )
    session.add(move)
    session.flush()
    record(
        session,
        actor,
        "transfer.create",
        "overseas_transfer",
        new.no,
        source=src.code,
        target=dst.code,
    )
    return move
