"""Received CEB documents (311 order, 411 payment, 511 waybill): kept once per kind and order.

Storing is one ``INSERT ... ON CONFLICT DO NOTHING`` on the (kind, order_no) unique key: a
second document of the same kind and order is refused without a look-up first, and two
senders racing with the same document cannot both be taken.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from warehouse.customs.documents import to_json
from warehouse.customs.models import CebDocument
from warehouse.db import utcnow
from warehouse.errors import Conflict


def store(session: Session, kind: str, order_no: str, sender: str, doc: Any) -> None:
    """Keep a document; one of the same kind and order received before is refused."""
    values = {
        "kind": kind,
        "order_no": order_no,
        "sender": sender,
        "payload": to_json(doc),
        "received_at": utcnow(),
    }
    dialect = session.connection().dialect.name
    make = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = (
        make(CebDocument)
        .values(**values)
        .on_conflict_do_nothing(index_elements=["kind", "order_no"])
        .returning(CebDocument.id)
    )
    if session.execute(statement).first() is None:
        raise Conflict("E_DOCUMENT_EXISTS", f"A {kind} for order {order_no} was received already.")
