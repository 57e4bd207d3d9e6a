"""Rows inserted from arrays (``insert_unnest``, PostgreSQL) are the rows ``insert()`` writes."""

from __future__ import annotations

import pytest
from apiflask import APIFlask
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import db
from warehouse.customs.models import CebDocument
from warehouse.sql import insert_unnest


@pytest.mark.postgres_only
def test_unnest_insert_applies_defaults_keeps_json_and_skips_taken_keys(app: APIFlask) -> None:
    """Column defaults are filled (received_at), JSON payloads read back equal, and with a
    unique key a row whose key is taken, before or earlier in the same rows, is left out and
    not returned."""
    rows = [
        {"kind": "CEB311", "order_no": "O-1", "sender": "E1", "payload": {"a": [1, "二"]}},
        {"kind": "CEB411", "order_no": "O-1", "sender": "E2", "payload": {"b": None}},
        {"kind": "CEB311", "order_no": "O-1", "sender": "E3", "payload": {}},
    ]
    key = ("kind", "order_no")
    with app.app_context(), Session(db.engine) as s:
        first = insert_unnest(s, CebDocument, rows[:1], ("id", *key), unique=key)
        again = insert_unnest(s, CebDocument, rows, ("id", *key), unique=key)
        docs = s.scalars(select(CebDocument).order_by(CebDocument.id)).all()
        stored = [(d.sender, d.payload) for d in docs]
        stamped = all(d.received_at is not None and d.received_at.tzinfo for d in docs)
        s.rollback()
    assert [(k, no) for _id, k, no in first] == [("CEB311", "O-1")]
    assert [(k, no) for _id, k, no in again] == [("CEB411", "O-1")]
    assert stored == [
        ("E1", {"a": [1, "二"]}),
        ("E2", {"b": None}),
    ]
    assert stamped
