"""ISO 6346 container numbers and the customs statuses a load may take."""

from __future__ import annotations

import pytest

from warehouse.errors import Invalid
from warehouse.hub.containers import check_digit, container_number, validate_container_no
from warehouse.hub.statuses import CustomsStatus, parse_statuses


def test_the_standard_example_checks() -> None:
    """CSQU3054383 is the example of ISO 6346 annex A: check digit 3."""
    assert check_digit("CSQU305438") == 3
    assert validate_container_no("csqu 305438-3") == "CSQU3054383"


def test_a_wrong_check_digit_is_refused() -> None:
    """Any other last digit is E_CONTAINER_NO with the expected digit in the message."""
    with pytest.raises(Invalid) as err:
        validate_container_no("CSQU3054384")
    assert err.value.code == "E_CONTAINER_NO" and "expected 3" in err.value.message


@pytest.mark.parametrize("number", ["", "CSQ3054383", "CSQX3054383", "C5QU3054383", "CSQU30543A3"])
def test_malformed_numbers_are_refused(number: str) -> None:
    """Owner code of three letters, category U/J/Z, six digits and a check digit, or refused."""
    with pytest.raises(Invalid):
        validate_container_no(number)


def test_numbers_made_here_validate() -> None:
    """container_number() always yields a valid number (check digit 10 counts as 0)."""
    for serial in range(0, 1000, 7):
        assert validate_container_no(container_number("MSK", serial)) == container_number(
            "MSK", serial
        )


def test_bonded_goods_travel_alone() -> None:
    """Transshipment and export may share a load; bonded goods only in a load of their own."""
    assert parse_statuses(["export", "transshipment"]) == (
        CustomsStatus.EXPORT,
        CustomsStatus.TRANSSHIPMENT,
    )
    assert parse_statuses(["bonded"]) == (CustomsStatus.BONDED,)
    with pytest.raises(Invalid) as err:
        parse_statuses(["bonded", "export"])
    assert err.value.code == "E_STATUS_MIX"
