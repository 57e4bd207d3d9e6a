"""Batches of use cases in one transaction, each item in its own savepoint.

Real operations batch anyway (a manifest batch declared, a batch of customs receipts applied,
a truck's parcels scanned at the gate): one commit for the batch, while a refused item rolls
back alone to its savepoint (its audit records with it) and the others go through.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from sqlalchemy.orm import Session

from warehouse.errors import DomainError

T = TypeVar("T")
R = TypeVar("R")


def each(
    session: Session, items: Iterable[T], action: Callable[[Session, T], R]
) -> list[R | DomainError]:
    """``action`` on every item, each in a savepoint; a refusal is returned in its place."""
    results: list[R | DomainError] = []
    for item in items:
        try:
            with session.begin_nested():
                results.append(action(session, item))
        except DomainError as exc:
            results.append(exc)
    return results
