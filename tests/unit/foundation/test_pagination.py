"""Collection cursors are opaque and refuse anything the API did not give out."""

from __future__ import annotations

import pytest
from apiflask import HTTPError
from hypothesis import given
from hypothesis import strategies as st

from app.api.pagination import decode_cursor, encode_cursor


@given(st.integers(min_value=0, max_value=2**62))
def test_cursor_round_trips(last_id: int) -> None:
    """A cursor decodes to the id it was made from."""
    assert decode_cursor(encode_cursor(last_id)) == last_id


@pytest.mark.parametrize("bad", ["", None])
def test_no_cursor_means_from_the_start(bad: str | None) -> None:
    """An absent cursor starts at the beginning."""
    assert decode_cursor(bad) is None


@pytest.mark.parametrize("bad", ["%%%", "aWQ6eA", "Zm9vOjE", "////"])
def test_a_forged_cursor_is_a_422(bad: str) -> None:
    """A cursor the API never gave out is refused with E_BAD_CURSOR."""
    with pytest.raises(HTTPError) as caught:
        decode_cursor(bad)
    assert caught.value.status_code == 422
