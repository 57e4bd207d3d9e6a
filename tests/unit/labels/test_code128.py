"""The Code 128 encoder: table integrity, code-set choice, checksum, ZPL field data."""

import pytest
from hypothesis import given, seed, settings
from hypothesis import strategies as st

from devices.labels import code128


def test_pattern_table_has_107_symbols_of_eleven_modules():
    """Every symbol is 11 modules wide (stop: 13) with 3 bars and 3 spaces (stop: 4 bars)."""
    assert len(code128.PATTERNS) == 107
    assert len(set(code128.PATTERNS)) == 107
    for value, pattern in enumerate(code128.PATTERNS):
        assert sum(map(int, pattern)) == (13 if value == 106 else 11)


def test_gs1_sscc_uses_code_set_c_with_fnc1_first():
    """(00) SSCC: Start C, FNC1, ten digit pairs, check, stop (the GS1 textbook encoding)."""
    values = code128.encode("00106141412345678908", gs1=True)
    assert values[:2] == [code128.START_C, code128.FNC1_VALUE]
    assert values[2:12] == [0, 10, 61, 41, 41, 23, 45, 67, 89, 8]
    assert values[-1] == code128.STOP
    assert values[-2] == code128.checksum(values[:-2])


def test_zpl_field_data_uses_invocation_codes():
    """>; start C, >8 FNC1, >6 to B, >0 for a literal '>', >5 back to C."""
    values = code128.encode("0109506000134352" + "10A>B\x1d" + "17261231", gs1=True)
    assert code128.zpl_field_data(values) == ">;>8010950600013435210>6A>0B>8>517261231"


def test_characters_outside_printable_ascii_are_refused():
    """Code sets B and C only: control characters (other than GS) and non-ASCII raise."""
    with pytest.raises(ValueError):
        code128.encode("abc\x01")
    with pytest.raises(ValueError):
        code128.encode("青岛")


@seed(128)
@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), min_size=1))
def test_encoding_is_well_formed_for_any_printable_text(text):
    """Start, stop and checksum are always in place, and every value has a pattern."""
    values = code128.encode(text)
    assert values[0] in (code128.START_B, code128.START_C)
    assert values[-1] == code128.STOP
    assert values[-2] == code128.checksum(values[:-2])
    assert all(0 <= v <= 106 for v in values)
