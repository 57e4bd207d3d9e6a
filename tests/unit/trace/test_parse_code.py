"""parse_code: one entry point for whatever a scanner or a person hands over."""

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from warehouse.trace.codes import CodeKind, parse_code
from warehouse.trace.elementstring import GS
from warehouse.trace.errors import TraceError

GTIN = "09506000134352"
SSCC = "106141412345678908"


@pytest.mark.parametrize(
    ("text", "kind", "keys"),
    [
        (f"https://id.gs1.org/01/{GTIN}/10/ABC/21/123?17=261231", CodeKind.DIGITAL_LINK,
         {"01": GTIN, "10": "ABC", "21": "123", "17": "261231"}),
        (f"https://id.example.com/00/{SSCC}", CodeKind.DIGITAL_LINK, {"00": SSCC}),
        (f"]C100{SSCC}", CodeKind.ELEMENT_STRING, {"00": SSCC}),
        (f"]d201{GTIN}10L1{GS}21S1", CodeKind.ELEMENT_STRING,
         {"01": GTIN, "10": "L1", "21": "S1"}),
        (f"(01){GTIN}(17)261231", CodeKind.ELEMENT_STRING, {"01": GTIN, "17": "261231"}),
        (f"01{GTIN}10L1", CodeKind.ELEMENT_STRING, {"01": GTIN, "10": "L1"}),
        (SSCC, CodeKind.SSCC, {"00": SSCC}),
        ("4006381333931", CodeKind.GTIN, {"01": "04006381333931"}),
        ("036000291452", CodeKind.GTIN, {"01": "00036000291452"}),
        ("96385074", CodeKind.GTIN, {"01": "00000096385074"}),
        ("urn:epc:id:sgtin:0614141.712345.2017", CodeKind.EPC_URN,
         {"01": "70614141123451", "21": "2017"}),
        ("urn:epc:id:sscc:0614141.1234567890", CodeKind.EPC_URN, {"00": SSCC}),
        ("urn:epc:id:giai:952005385.w2", CodeKind.EPC_URN, {}),
        ("SF1234567890123", CodeKind.PLAIN, {}),
        ("QD-B-01-02-03", CodeKind.PLAIN, {}),
        ("https://www.example.com/track?id=1", CodeKind.PLAIN, {}),
        ("12345", CodeKind.PLAIN, {}),
    ],
)  # fmt: skip
def test_codes_are_classified_and_their_keys_returned(text, kind, keys):
    """Digital Link, element string (raw/bracketed), SSCC, GTIN, EPC URN or plain code."""
    parsed = parse_code(text + "\r\n")
    assert parsed.kind is kind
    assert parsed.keys == keys


def test_symbology_identifier_names_the_carrier():
    """A GS1 AIM identifier becomes the symbology; a plain one maps to the MQTT name."""
    assert parse_code(f"]Q301{GTIN}").symbology == "gs1-qr"
    assert parse_code("]E04006381333931").symbology == "ean13"


def test_digit_string_with_bad_check_digit_stays_plain_but_is_flagged():
    """An all-digit code of key length with a bad check digit is kept as plain (it may be a
    waybill) with issue E_CHECK_DIGIT, unless the scanner said it was an EAN."""
    parsed = parse_code("106141412345678909")
    assert parsed.kind is CodeKind.PLAIN and parsed.issue == "E_CHECK_DIGIT"
    with pytest.raises(TraceError, match="E_CHECK_DIGIT"):
        parse_code("4006381333932", symbology="ean13")


@pytest.mark.parametrize(
    "text",
    [f"]C101{GTIN[:-1]}0", f"https://id.gs1.org/01/{GTIN}/21/1/10/2", "urn:epc:id:sgtin:06.1.2"],
)
def test_broken_gs1_codes_raise(text):
    """A code that is clearly GS1 but broken is refused, not passed on as a plain code."""
    with pytest.raises(TraceError):
        parse_code(text)


def test_parsed_code_offers_keys_expiry_and_digital_link():
    """Accessors give GTIN, lot, serial, expiry date and the canonical Digital Link."""
    parsed = parse_code(f"]C101{GTIN}1726123110L{GS}21S")
    assert (parsed.gtin, parsed.lot, parsed.serial) == (GTIN, "L", "S")
    assert str(parsed.expiry()) == "2026-12-31"
    assert parsed.digital_link() == f"https://id.gs1.org/01/{GTIN}/10/L/21/S?17=261231"
    assert parse_code("QD-B-01").digital_link() is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f"https://[::1/01/{GTIN}", "E_BAD_URI"),
        ("https://[::1/", "E_BAD_URI"),
        (f"http://[v1.x/00/{SSCC}", "E_BAD_URI"),
        (f"https://id.gs1.org/01/{GTIN}/21/%C3", "E_BAD_URI"),
        (f"https://id.gs1.org/00/{SSCC}?17=%ff", "E_BAD_URI"),
    ],
)
def test_malformed_urls_give_the_trace_error_code(text, code):
    """A broken URL (unclosed IPv6 host, percent-escapes that are no UTF-8) is refused with
    a stable code, never a bare ValueError from the URL parser."""
    with pytest.raises(TraceError) as err:
        parse_code(text)
    assert err.value.code == code


#: Beginnings that steer the text into each branch of parse_code.
_STARTS = st.sampled_from(
    ["", "https://", "http://", "https://[", "https://[::1", "https://id.gs1.org/01/",
     "https://a.example/00/", f"https://x/01/{GTIN}/", f"https://x/00/{SSCC}?17=",
     "urn:epc:id:sgtin:", "urn:epc:id:sscc:", "urn:epc:id:sgln:", "urn:epc:class:lgtin:",
     "urn:epc:", "]C1", "]d2", "]Q3", "]e0", "]E0", "]Q1", "(01)", "(00)", "(", "01", "00",
     "02", GS]
)  # fmt: skip
_TAILS = st.text(max_size=40) | st.text(alphabet="0123456789()/?=&%[]:.@#-abcAB" + GS, max_size=40)


@seed(20261121)
@settings(max_examples=1500, deadline=None)
@given(
    start=_STARTS,
    tail=_TAILS,
    symbology=st.none() | st.sampled_from(["gs1-128", "gs1-qr", "ean13", "upca", "qr"]),
)
def test_any_text_is_classified_or_refused_with_a_trace_error(start, tail, symbology):
    """Whatever a scanner or a person hands over, parse_code answers with a classification
    or a TraceError carrying a stable E_ code: no other exception escapes."""
    try:
        parse_code(start + tail, symbology)
    except TraceError as exc:
        assert exc.code.startswith("E_")
