"""Helpers for scan handlers: run in a savepoint, turn refusals into error answers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from warehouse.access.audit import Actor
from warehouse.errors import DomainError, NotFound
from warehouse.masterdata.models import Bin, Site, Warehouse
from warehouse.scanning import Answer, Scan
from warehouse.trace.errors import TraceError

T = TypeVar("T")


def guarded(handler: Callable[[Session, T], Answer]) -> Callable[[Session, T], Answer]:
    """A refused scan changes nothing: its effects roll back to a savepoint, never commit."""

    @wraps(handler)
    def run(session: Session, message: T) -> Answer:
        try:
            with session.begin_nested():
                return handler(session, message)
        except DomainError as exc:
            return Answer.error(exc.code, exc.message, **exc.details)
        except TraceError as exc:
            return Answer.error(exc.code, f"Cannot read the code: {exc.reason}.")

    return run


def actor_of(scan: Scan) -> Actor:
    return Actor(scan.user or scan.device, f"device:{scan.device}")


def warehouse_of(session: Session, scan: Scan) -> int:
    """The warehouse a scan happens in: the scanned location's, else the site's first."""
    if scan.location:
        wh = session.scalar(select(Bin.warehouse_id).where(Bin.code == scan.location))
        if wh is not None:
            return int(wh)
    wh = session.scalar(
        select(Warehouse.id)
        .join(Site, Site.id == Warehouse.site_id)
        .where(Site.code == scan.site)
        .order_by(Warehouse.id)
        .limit(1)
    )
    if wh is None:
        wh = session.scalar(select(Warehouse.id).order_by(Warehouse.id).limit(1))
    if wh is None:
        raise NotFound("E_UNKNOWN_SITE", f"No warehouse at site {scan.site!r}.")
    return int(wh)
