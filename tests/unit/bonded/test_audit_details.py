"""Audit details are stored as a JSON round trip (``default=str``) would give them back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

from hypothesis import given, seed
from hypothesis import strategies as st

from warehouse.access.audit import _jsonable


class Kind(StrEnum):
    PARCEL = "parcel"


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.decimals(allow_nan=False, allow_infinity=False),
    st.dates(),
    st.just(datetime(2026, 11, 21, 12, 0, tzinfo=UTC)),
    st.just(Kind.PARCEL),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.tuples(inner, inner),
        st.dictionaries(st.one_of(st.text(max_size=4), st.integers()), inner, max_size=4),
    ),
    max_leaves=12,
)


@seed(1210)
@given(st.dictionaries(st.text(max_size=6), VALUES, max_size=5))
def test_details_are_what_json_gives_back(details: dict[str, Any]) -> None:
    """Whatever the details hold (tuples, Decimals, dates, enums, keys not strings), the stored
    value equals ``json.loads(json.dumps(details, default=str))``."""
    expected = json.loads(json.dumps(details, default=str))
    assert _jsonable(details) == expected
    assert json.dumps(_jsonable(details)) == json.dumps(expected)


def test_plain_details_are_copied_not_shared() -> None:
    """A list in the details is copied: changing it later does not change the record."""
    lines = [1, 2]
    stored = _jsonable({"lines": lines, "day": date(2026, 11, 21), "fen": Decimal("1.50")})
    lines.append(3)
    assert stored == {"lines": [1, 2], "day": "2026-11-21", "fen": "1.50"}
