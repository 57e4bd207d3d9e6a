"""EPC URNs and SSCC allocation."""

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from warehouse.trace.epc import lgtin_urn, parse_epc_urn, sgln_urn, sgtin_urn, sscc_urn
from warehouse.trace.errors import TraceError
from warehouse.trace.keys import validate_sscc
from warehouse.trace.sscc import (
    SsccConfig,
    build_sscc,
    counter_of,
    sscc_block,
    sscc_capacity,
    sscc_for_counter,
)


def test_urns_match_the_tag_data_standard_examples():
    """TDS examples: SGTIN, SSCC, SGLN and LGTIN split at the company prefix."""
    assert sgtin_urn("80614141123458", "6789", 7) == "urn:epc:id:sgtin:0614141.812345.6789"
    assert sscc_urn("106141412345678908", 7) == "urn:epc:id:sscc:0614141.1234567890"
    assert sgln_urn("0614141123452", 7, "5678") == "urn:epc:id:sgln:0614141.12345.5678"
    assert lgtin_urn("80614141123458", "998877", 7) == "urn:epc:class:lgtin:0614141.812345.998877"


def test_urn_components_escape_reserved_characters():
    """Serials with / % & < > ? " are %-escaped inside the URN and restored on parsing."""
    urn = sgtin_urn("80614141123458", "a/b%c", 7)
    assert urn.endswith(".a%2Fb%25c")
    assert parse_epc_urn(urn).elements["21"] == "a/b%c"


@pytest.mark.parametrize(
    ("urn", "code"),
    [
        ("urn:epc:id:sgtin:0614141.81234.6789", "E_BAD_EPC"),
        ("urn:epc:id:sscc:0614141.123456789", "E_BAD_EPC"),
        ("urn:epc:id:grai:0614141.12345.1", "E_BAD_EPC"),
    ],
)
def test_malformed_urns_are_refused(urn, code):
    """Wrong digit counts or unsupported schemes raise E_BAD_EPC."""
    with pytest.raises(TraceError) as err:
        parse_epc_urn(urn)
    assert err.value.code == code


@seed(5)
@settings(max_examples=150, deadline=None)
@given(
    cpl=st.integers(6, 12),
    digits=st.text(alphabet="0123456789", min_size=13, max_size=13),
    serial=st.text(alphabet="ABCxyz0123456789-/%", min_size=1, max_size=20),
)
def test_sgtin_urn_round_trips_for_every_prefix_length(cpl, digits, serial):
    """GTIN + serial -> SGTIN URN -> the same GTIN and serial, for prefix lengths 6..12."""
    from warehouse.trace.checkdigit import check_digit

    gtin = digits + check_digit(digits)
    parsed = parse_epc_urn(sgtin_urn(gtin, serial, cpl))
    assert parsed.elements == {"01": gtin, "21": serial}
    assert len(parsed.company_prefix) == cpl


def test_sscc_is_built_from_extension_prefix_and_counter():
    """Extension digit, prefix and zero-padded counter, then the check digit."""
    assert build_sscc(1, "0614141", 234567890) == "106141412345678908"
    assert sscc_capacity("0614141") == 10**9
    assert sscc_capacity("061414112345") == 10**4


def test_sscc_counter_out_of_capacity_is_refused():
    """A counter past the prefix's capacity raises E_CAPACITY instead of wrapping."""
    config = SsccConfig(0, "061414112345")
    assert sscc_for_counter(config, 9999)
    with pytest.raises(TraceError, match="E_CAPACITY"):
        sscc_for_counter(config, 10_000)
    with pytest.raises(TraceError, match="E_BAD_PREFIX"):
        SsccConfig(10, "0614141")


@seed(3)
@settings(max_examples=100, deadline=None)
@given(ext=st.integers(0, 9), counter=st.integers(0, 10**9 - 1))
def test_counter_and_sscc_map_one_to_one(ext, counter):
    """Each counter value gives a valid SSCC, and the SSCC gives the counter back."""
    config = SsccConfig(ext, "0614141")
    sscc = sscc_for_counter(config, counter)
    assert validate_sscc(sscc) == sscc
    assert counter_of(config, sscc) == counter


def test_block_allocation_gives_distinct_consecutive_ssccs():
    """A reserved block of counter values gives that many distinct SSCCs."""
    block = sscc_block(SsccConfig(3, "6901234"), 500, 50)
    assert len(set(block)) == 50
    assert counter_of(SsccConfig(3, "6901234"), block[-1]) == 549
    assert counter_of(SsccConfig(4, "6901234"), block[0]) is None
