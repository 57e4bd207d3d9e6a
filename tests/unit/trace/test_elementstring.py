"""GS1 element strings: scanner output (symbology id, GS as FNC1) and bracketed HRI."""

import datetime as dt

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from warehouse.trace.ai import CSET82, gs1_date
from warehouse.trace.elementstring import (
    GS,
    build_element_string,
    build_hri,
    parse_element_string,
)
from warehouse.trace.errors import TraceError

GTIN = "09506000134352"


@pytest.mark.parametrize("prefix", ["]C1", "]d2", "]Q3", "]e0", "", GS])
def test_scanner_output_is_parsed_whatever_the_symbology_identifier(prefix):
    """GS1-128, DataMatrix and QR output (with or without AIM id) give the same elements."""
    text = f"{prefix}01{GTIN}10ABC-1{GS}17261231{GS}21S/N 1"
    with pytest.raises(TraceError):  # space is not in CSET 82
        parse_element_string(text)
    text = f"{prefix}01{GTIN}10ABC-1{GS}1726123121SN1"
    assert parse_element_string(text) == {"01": GTIN, "10": "ABC-1", "17": "261231", "21": "SN1"}


def test_fixed_length_ai_needs_no_separator_but_variable_ones_do():
    """Built strings put GS only after variable-length elements that are not last."""
    data = {"01": GTIN, "17": "261231", "10": "L1", "21": "S1"}
    assert build_element_string(data) == f"01{GTIN}17261231" + f"10L1{GS}21S1"
    assert build_element_string({"402": "06141411234567890", "00": "106141412345678908"}) == (
        f"40206141411234567890{GS}00106141412345678908"
    )


def test_hri_round_trip_and_gtin_padding():
    """The bracketed form parses; a GTIN-13 in (01) is padded to 14 digits."""
    assert parse_element_string("(01)9506000134352(10)ABC(21)123") == {
        "01": GTIN,
        "10": "ABC",
        "21": "123",
    }
    assert build_hri({"00": "106141412345678908", "401": "0614141XYZ"}) == (
        "(00)106141412345678908(401)0614141XYZ"
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("(99)123", "E_UNKNOWN_AI"),
        (f"]C19912{GS}", "E_UNKNOWN_AI"),
        ("]C10195060001343", "E_BAD_LENGTH"),
        (f"(01){GTIN[:-1]}3", "E_CHECK_DIGIT"),
        (f"01{GTIN}17261340", "E_BAD_DATE"),
        (f"01{GTIN}10{'X' * 21}", "E_BAD_LENGTH"),
        (f"(01){GTIN}(10)A(10)B", "E_DUPLICATE_AI"),
        ("", "E_BAD_SYNTAX"),
    ],
)
def test_invalid_element_strings_are_refused(text, code):
    """Unknown AI, short fixed field, bad check digit or date, overlong lot: stable codes."""
    with pytest.raises(TraceError) as err:
        parse_element_string(text)
    assert err.value.code == code


def test_gs1_dates_use_the_sliding_century_and_day_zero():
    """YYMMDD: day 00 is the month's last day; the century follows the 50-year window."""
    today = dt.date(2026, 11, 21)
    assert gs1_date("261200", today) == dt.date(2026, 12, 31)
    assert gs1_date("760101", today) == dt.date(2076, 1, 1)
    assert gs1_date("770101", today) == dt.date(1977, 1, 1)
    assert gs1_date("280229", today) == dt.date(2028, 2, 29)
    with pytest.raises(TraceError, match="E_BAD_DATE"):
        gs1_date("270229", today)


_X = st.text(alphabet=sorted(CSET82), min_size=1, max_size=20)


@st.composite
def elements(draw):
    body = draw(st.text(alphabet="0123456789", min_size=13, max_size=13))
    from warehouse.trace.checkdigit import check_digit

    data = {"01": body + check_digit(body)}
    if draw(st.booleans()):
        data["17"] = draw(st.sampled_from(["261231", "270100", "300615"]))
    for ai in draw(st.lists(st.sampled_from(["10", "21", "22", "400"]), unique=True)):
        data[ai] = draw(_X)
    return data


@seed(11)
@settings(max_examples=200, deadline=None)
@given(data=elements())
def test_build_then_parse_element_string_round_trips(data):
    """Any valid element set survives build -> parse, in raw and in bracketed form."""
    assert parse_element_string("]C1" + build_element_string(data)) == data
    if not any("(" in v for v in data.values()):
        assert parse_element_string(build_hri(data)) == data
