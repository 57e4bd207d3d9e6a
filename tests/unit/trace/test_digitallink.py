"""GS1 Digital Link URIs: canonical build, parse on any domain, percent-encoding, order."""

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from warehouse.trace.ai import CSET82
from warehouse.trace.digitallink import build_digital_link, parse_digital_link
from warehouse.trace.errors import TraceError

GTIN = "09506000134352"


def test_canonical_uri_orders_qualifiers_and_puts_attributes_in_the_query():
    """01 then 10 then 21 in the path, 17 as a query parameter, GTIN as 14 digits."""
    uri = build_digital_link({"21": "123", "17": "261231", "10": "ABC", "01": "9506000134352"})
    assert uri == f"https://id.gs1.org/01/{GTIN}/10/ABC/21/123?17=261231"


def test_sscc_link_on_a_custom_domain_with_path_prefix():
    """Any domain and path prefix works; the prefix is kept as part of the domain."""
    uri = build_digital_link({"00": "106141412345678908"}, domain="https://qr.silkhub.cn/t/")
    assert uri == "https://qr.silkhub.cn/t/00/106141412345678908"
    link = parse_digital_link(uri)
    assert link.domain == "https://qr.silkhub.cn/t"
    assert link.primary == ("00", "106141412345678908")


def test_reserved_characters_are_percent_encoded():
    """CSET 82 characters outside the URI unreserved set are %-encoded, and decoded back."""
    uri = build_digital_link({"01": GTIN, "21": "A/B%C&D?E+F"})
    assert uri.endswith("/21/A%2FB%25C%26D%3FE%2BF")
    assert parse_digital_link(uri).qualifiers["21"] == "A/B%C&D?E+F"


def test_convenience_alphas_and_extra_parameters_are_read():
    """Old short names (gtin, lot, ser, exp) parse; non-GS1 parameters are kept apart."""
    link = parse_digital_link(
        "http://example.com/gtin/9506000134352/lot/L1/ser/S1?exp=261231&linkType=gs1:pip"
    )
    assert link.elements == {"01": GTIN, "10": "L1", "21": "S1", "17": "261231"}
    assert link.other_params == {"linkType": "gs1:pip"}
    assert link.canonical() == f"http://example.com/01/{GTIN}/10/L1/21/S1?17=261231"


@pytest.mark.parametrize(
    ("uri", "code"),
    [
        (f"https://id.gs1.org/01/{GTIN}/21/1/10/A", "E_BAD_URI"),
        ("https://id.gs1.org/01/09506000134353", "E_CHECK_DIGIT"),
        ("https://example.com/products/42", "E_BAD_URI"),
        (f"https://id.gs1.org/01/{GTIN}?17=261399", "E_BAD_DATE"),
        (f"https://id.gs1.org/01/{GTIN}?99=1", "E_UNKNOWN_AI"),
        (f"https://id.gs1.org/01/{GTIN}?10=A", "E_BAD_URI"),
        ("ftp://id.gs1.org/01/09506000134352", "E_BAD_URI"),
        ("https://id.gs1.org/00/106141412345678908/21/1", "E_BAD_URI"),
    ],
)
def test_malformed_links_are_refused(uri, code):
    """Qualifiers out of order, bad keys or dates, qualifiers in the query: refused."""
    with pytest.raises(TraceError) as err:
        parse_digital_link(uri)
    assert err.value.code == code


@seed(42)
@settings(max_examples=200, deadline=None)
@given(
    lot=st.none() | st.text(alphabet=sorted(CSET82), min_size=1, max_size=20),
    serial=st.none() | st.text(alphabet=sorted(CSET82), min_size=1, max_size=20),
    expiry=st.none() | st.sampled_from(["261231", "290100"]),
    domain=st.sampled_from(["https://id.gs1.org", "https://a.example/x/y", "http://h:8080"]),
)
def test_build_then_parse_digital_link_round_trips(lot, serial, expiry, domain):
    """Every element set survives build -> parse and the canonical URI is a fixed point."""
    data = {"01": GTIN}
    for ai, v in (("10", lot), ("21", serial), ("17", expiry)):
        if v is not None:
            data[ai] = v
    uri = build_digital_link(data, domain=domain)
    link = parse_digital_link(uri)
    assert link.elements == data
    assert link.canonical() == uri
