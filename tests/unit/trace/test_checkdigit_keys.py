"""GS1 check digits and keys (GTIN, SSCC, GLN, GSIN, EAN/UPC)."""

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from warehouse.trace.checkdigit import check_digit, has_valid_check_digit
from warehouse.trace.errors import TraceError
from warehouse.trace.keys import (
    normalise_gtin,
    shortest_gtin,
    validate_ean8,
    validate_ean13,
    validate_gsin,
    validate_sscc,
    validate_upca,
)


@pytest.mark.parametrize(
    "number",
    ["09506000134352", "4006381333931", "036000291452", "96385074", "106141412345678908"],
)
def test_known_keys_have_valid_check_digits(number):
    """Published GS1 examples (GTIN-14/13, UPC-A, EAN-8, SSCC) carry a valid mod-10 digit."""
    assert has_valid_check_digit(number)


def test_gtin_normalises_to_14_digits():
    """GTIN-8/12/13 are left padded with zeros to GTIN-14; the check digit stays valid."""
    assert normalise_gtin("96385074") == "00000096385074"
    assert normalise_gtin("036000291452") == "00036000291452"
    assert normalise_gtin("4006381333931") == "04006381333931"
    assert shortest_gtin("04006381333931") == "4006381333931"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("09506000134353", "E_CHECK_DIGIT"),
        ("0950600013435", "E_CHECK_DIGIT"),
        ("095060001343", "E_CHECK_DIGIT"),
        ("0950600013", "E_BAD_LENGTH"),
        ("0950600013435X", "E_BAD_CHARSET"),
    ],
)
def test_bad_gtin_is_refused_with_a_stable_code(value, code):
    """A GTIN with a wrong check digit, length or character is refused with its error code."""
    with pytest.raises(TraceError) as err:
        normalise_gtin(value)
    assert err.value.code == code
    assert err.value.reason


def test_sscc_with_wrong_check_digit_is_refused():
    """An SSCC with a wrong check digit is refused with E_CHECK_DIGIT."""
    with pytest.raises(TraceError) as err:
        validate_sscc("106141412345678909")
    assert err.value.code == "E_CHECK_DIGIT"


def test_plain_retail_codes_validate_by_their_own_length():
    """EAN-13, UPC-A, EAN-8 and GSIN validate at their own lengths only."""
    assert validate_ean13("4006381333931")
    assert validate_upca("036000291452")
    assert validate_ean8("96385074")
    assert validate_gsin("06141411234567890")
    with pytest.raises(TraceError, match="E_BAD_LENGTH"):
        validate_ean13("036000291452")


@seed(20261121)
@settings(max_examples=300, deadline=None)
@given(
    body=st.text(alphabet="0123456789", min_size=7, max_size=17),
    data=st.data(),
)
def test_check_digit_detects_every_single_digit_error(body, data):
    """Changing any one digit of a key (check digit included) makes it invalid."""
    number = body + check_digit(body)
    pos = data.draw(st.integers(0, len(number) - 1))
    new = data.draw(st.sampled_from([d for d in "0123456789" if d != number[pos]]))
    assert not has_valid_check_digit(number[:pos] + new + number[pos + 1 :])


@seed(7)
@settings(max_examples=200, deadline=None)
@given(body=st.text(alphabet="0123456789", min_size=7, max_size=17), data=st.data())
def test_check_digit_detects_adjacent_transpositions_of_non_complementary_digits(body, data):
    """Swapping two neighbours whose difference is not 5 is detected (mod 10, weights 3/1)."""
    number = body + check_digit(body)
    pos = data.draw(st.integers(0, len(number) - 2))
    a, b = number[pos], number[pos + 1]
    if a == b or abs(int(a) - int(b)) == 5:
        return
    swapped = number[:pos] + b + a + number[pos + 2 :]
    assert not has_valid_check_digit(swapped)
