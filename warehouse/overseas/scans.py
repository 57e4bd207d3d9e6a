"""Scans abroad (the handheld ops of the overseas warehouses): ``receive`` a replenishment
pallet or a transfer (relabelled), ``pick`` one unit for a local order, ``pack`` it (a new
label), ``ship`` it by its label, ``return`` a local parcel (restock, relabel).

The shared scan seam's ``receive`` belongs to bonded receiving against an entry declaration,
so scans abroad come through their own endpoint and this dispatcher. An answer that assigns a
label carries it in ``details.label`` with the text for it (``label_lines``): the app prints it
through the label path when the scan names a station."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from warehouse.access.audit import Actor
from warehouse.errors import DomainError, Invalid
from warehouse.overseas import orders, receiving
from warehouse.scanning import Answer
from warehouse.trace.errors import TraceError

OPS = ("receive", "pick", "pack", "ship", "return")


@dataclass(frozen=True)
class ScanAbroad:
    warehouse: str
    op: str
    code: str
    location: str | None = None
    order: str | None = None  # the order being picked (op pick)


def _receive(session: Session, actor: Actor, scan: ScanAbroad) -> Answer:
    got = receiving.receive(session, actor, scan.code, scan.warehouse, scan.location)
    more: dict[str, Any] = {}
    if got.label:
        more = {"label": got.label, "label_lines": [got.no, scan.warehouse]}
    return Answer.ok(
        f"{got.no}: {got.units} units received into {got.bin}"
        + (f"; relabel them {got.label}." if got.label else "."),
        kind=got.kind,
        no=got.no,
        units=got.units,
        bin=got.bin,
        **more,
    )


def _pick(session: Session, actor: Actor, scan: ScanAbroad) -> Answer:
    if not scan.order:
        raise Invalid("E_NO_ORDER", "Say which order is being picked.")
    order = orders.pick(session, actor, scan.warehouse, scan.order, scan.code, scan.location)
    left = sum(a[2] - a[3] for a in order.allocation)
    done = order.status == "picked"
    return Answer.ok(
        f"Order {order.no}: picked." if done else f"Order {order.no}: {left} units to pick.",
        order=order.no,
        left=left,
        status=order.status,
    )


def _pack(session: Session, actor: Actor, scan: ScanAbroad) -> Answer:
    order = orders.pack(session, actor, scan.warehouse, scan.code)
    return Answer.ok(
        f"Order {order.no} packed: put label {order.label} on it.",
        label=order.label,
        label_lines=[order.no, scan.warehouse],
    )


def _ship(session: Session, actor: Actor, scan: ScanAbroad) -> Answer:
    order = orders.ship(session, actor, scan.warehouse, scan.code)
    return Answer.ok(f"Order {order.no} shipped under {order.label}.", label=order.label)


def _return(session: Session, actor: Actor, scan: ScanAbroad) -> Answer:
    order = orders.local_return(session, actor, scan.warehouse, scan.code, scan.location)
    return Answer.ok(
        f"Return of {order.no}: relabel as {order.label} and shelve it.",
        label=order.label,
        label_lines=[order.no, "RETURN"],
    )


HANDLERS: dict[str, Callable[[Session, Actor, ScanAbroad], Answer]] = {
    "receive": _receive,
    "pick": _pick,
    "pack": _pack,
    "ship": _ship,
    "return": _return,
}


def scan_abroad(
    session: Session,
    actor: Actor,
    scan: ScanAbroad,
    then: Callable[[Answer], Answer] | None = None,
) -> Answer:
    """Run one scan in a savepoint: a refused scan changes nothing and answers its code.
    ``then`` (the app's label printing) runs in the same savepoint: when it refuses, the scan
    is undone with it."""
    try:
        with session.begin_nested():
            if scan.op not in HANDLERS:
                raise Invalid("E_WRONG_OP", f"Operation {scan.op!r} is not available abroad.")
            answer = HANDLERS[scan.op](session, actor, scan)
            return then(answer) if then is not None else answer
    except DomainError as exc:
        return Answer.error(exc.code, exc.message, **exc.details)
    except TraceError as exc:
        return Answer.error(exc.code, f"Cannot read the code: {exc.reason}.")
