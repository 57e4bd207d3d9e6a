"""Keyset pagination: ``?limit=&cursor=`` in, ``{"items": [...], "next": cursor|null}`` out.

The cursor is opaque to clients: the last id seen, base64url-encoded. Keyset paging stays
correct while rows are being added, unlike offsets.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from apiflask import HTTPError, Schema
from apiflask.fields import Integer, String
from apiflask.validators import Range
from sqlalchemy import Select
from sqlalchemy.orm import InstrumentedAttribute, Session

T = TypeVar("T")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000


class PageQuery(Schema):
    limit = Integer(load_default=DEFAULT_LIMIT, validate=Range(min=1, max=MAX_LIMIT))
    cursor = String(load_default=None, allow_none=True)


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        prefix, _, value = raw.partition(":")
        if prefix != "id":
            raise ValueError(raw)
        return int(value)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise HTTPError(
            422,
            "The cursor is not one this API gave out.",
            extra_data={"code": "E_BAD_CURSOR"},
        ) from exc


def page(
    session: Session,
    query: Select[Any],
    id_column: InstrumentedAttribute[int],
    args: dict[str, Any],
    render: Callable[[Any], dict[str, Any]],
) -> dict[str, Any]:
    after = decode_cursor(args.get("cursor"))
    limit = int(args.get("limit") or DEFAULT_LIMIT)
    if after is not None:
        query = query.where(id_column > after)
    rows: Sequence[Any] = session.scalars(query.order_by(id_column).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return {
        "items": [render(r) for r in rows],
        "next": encode_cursor(getattr(rows[-1], id_column.key)) if more and rows else None,
    }
