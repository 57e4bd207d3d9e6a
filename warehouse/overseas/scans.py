"""Scans abroad (the handheld ops of the overseas warehouses): ``receive`` a replenishment
pallet or a transfer, ``ship`` a local order, ``return`` a local parcel (relabel, restock).

The shared scan seam's ``receive`` belongs to bonded receiving against an entry declaration,
so scans abroad come through their own endpoint and this dispatcher."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.orm import Session

from warehouse.access.audit import Actor
from warehouse.errors import DomainError, Invalid
from warehouse.overseas import orders, receiving
from warehouse.scanning import Answer
from warehouse.trace.errors import TraceError

OPS = ("receive", "ship", "return")


def _receive(session: Session, actor: Actor, wh: str, code: str, loc: str | None) -> Answer:
    got = receiving.receive(session, actor, code, wh, loc)
    return Answer.ok(
        f"{got.no}: {got.units} units received into {got.bin}.",
        kind=got.kind,
        no=got.no,
        units=got.units,
        bin=got.bin,
    )


def _ship(session: Session, actor: Actor, wh: str, code: str, _loc: str | None) -> Answer:
    order = orders.ship(session, actor, wh, code)
    return Answer.ok(f"Order {order.no} shipped: put label {order.label} on it.", label=order.label)


def _return(session: Session, actor: Actor, wh: str, code: str, loc: str | None) -> Answer:
    order = orders.local_return(session, actor, wh, code, loc)
    return Answer.ok(
        f"Return of {order.no}: relabel as {order.label} and shelve it.", label=order.label
    )


HANDLERS: dict[str, Callable[[Session, Actor, str, str, str | None], Answer]] = {
    "receive": _receive,
    "ship": _ship,
    "return": _return,
}


def scan_abroad(
    session: Session, actor: Actor, wh: str, op: str, code: str, location: str | None
) -> Answer:
    """Run one scan in a savepoint: a refused scan changes nothing and answers its code."""
    try:
        with session.begin_nested():
            if op not in HANDLERS:
                raise Invalid("E_WRONG_OP", f"Operation {op!r} is not available abroad.")
            return HANDLERS[op](session, actor, wh, code, location)
    except DomainError as exc:
        return Answer.error(exc.code, exc.message, **exc.details)
    except TraceError as exc:
        return Answer.error(exc.code, f"Cannot read the code: {exc.reason}.")
