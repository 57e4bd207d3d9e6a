"""Received CEB documents (311 order, 411 payment, 511 waybill): kept once per kind and order.

Storing is one ``INSERT ... ON CONFLICT DO NOTHING`` on the (kind, order_no) unique key (one
for a whole batch): a second document of the same kind and order is refused without a look-up
first, and two senders racing with the same document cannot both be taken.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session

from warehouse.customs.documents import to_json
from warehouse.customs.models import CebDocument
from warehouse.db import utcnow
from warehouse.errors import Conflict
from warehouse.sql import insert_unnest


def store(session: Session, kind: str, order_no: str, sender: str, doc: Any) -> None:
    """Keep a document; one of the same kind and order received before is refused."""
    if not store_many(session, [row(kind, order_no, sender, doc)]):
        raise Conflict("E_DOCUMENT_EXISTS", f"A {kind} for order {order_no} was received already.")


def row(kind: str, order_no: str, sender: str, doc: Any) -> dict[str, Any]:
    """The ceb_documents row of a document received now."""
    return {
        "kind": kind,
        "order_no": order_no,
        "sender": sender,
        "payload": to_json(doc),
        "received_at": utcnow(),
    }


def store_many(session: Session, rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    """Keep documents together; the ids of those that went in, by (kind, order_no). A document
    whose key was taken before (or earlier in ``rows``) is left out."""
    taken: dict[tuple[str, str], int] = {}
    if not rows:
        return taken
    if session.connection().dialect.name == "postgresql":
        key = ("kind", "order_no")
        found = insert_unnest(session, CebDocument, rows, ("id", *key), unique=key)
    else:  # executemany: one multi-row INSERT per chunk of rows, the statement compiled once
        statement = (
            sqlite.insert(CebDocument)
            .on_conflict_do_nothing(index_elements=["kind", "order_no"])
            .returning(CebDocument.id, CebDocument.kind, CebDocument.order_no)
        )
        found = list(session.execute(statement, rows))
    for doc_id, kind, order_no in found:
        taken[(kind, order_no)] = doc_id
    return taken
