"""Labels render to ZPL II and to PNG, and the PNG's codes scan back (pyzbar)."""

import io

import pytest
from PIL import Image
from pyzbar import pyzbar

from devices.labels import render_png, render_zpl, sscc_label, waybill_label
from devices.labels.model import Barcode, Label
from warehouse.trace.codes import CodeKind, parse_code
from warehouse.trace.errors import TraceError

SSCC = "106141412345678908"


def _scan(png: bytes) -> dict[str, str]:
    return {s.type: s.data.decode() for s in pyzbar.decode(Image.open(io.BytesIO(png)))}


def test_sscc_label_png_scans_back_to_digital_link_and_gs1_128():
    """The QR reads the SSCC's Digital Link; the GS1-128 reads the element string."""
    label = sscc_label(SSCC, ["Silkhub Qingdao bonded", "To: Busan"], extra={"420": "48058"})
    codes = _scan(render_png(label))
    assert codes["QRCODE"] == f"https://id.gs1.org/00/{SSCC}"
    assert parse_code(codes["CODE128"], symbology="gs1-128").keys == {"00": SSCC, "420": "48058"}


def test_gs1_128_with_variable_field_keeps_fnc1_separator():
    """A lot followed by another element is separated by FNC1 (read back as GS)."""
    label = sscc_label(SSCC, ["x"], extra={"10": "L_1>2", "402": "06141411234567890"})
    text = _scan(render_png(label))["CODE128"]
    assert "\x1d" in text
    parsed = parse_code(text, symbology="gs1-128")
    assert parsed.kind is CodeKind.ELEMENT_STRING
    assert parsed.keys["10"] == "L_1>2"


def test_waybill_label_png_scans_back():
    """A plain Code 128 waybill and an optional QR both scan back unchanged."""
    label = waybill_label("SF1234567890123", ["SF Express"], qr_data="https://x.example/w/1")
    assert _scan(render_png(label)) == {
        "CODE128": "SF1234567890123",
        "QRCODE": "https://x.example/w/1",
    }


def test_zpl_has_the_expected_commands():
    """^XA..^XZ, UTF-8, QR with QA, prefix, GS1-128 with >;>8, text escaped with ^FH."""
    zpl = render_zpl(sscc_label(SSCC, ["A_B ^caret~"]))
    lines = zpl.splitlines()
    assert lines[0] == "^XA" and lines[-1] == "^XZ" and "^CI28" in lines
    assert f"^FDQA,https://id.gs1.org/00/{SSCC}^FS" in zpl
    assert "^BCN,180,N,N,N,N^FH_^FD>;>80010614141234567890 8^FS".replace(" ", "") in zpl
    assert "^FDA_5FB _5Ecaret_7E^FS" in zpl
    assert zpl.count("^FS") == zpl.count("^FO")


def test_invalid_label_data_is_refused():
    """An SSCC with a bad check digit or a waybill with control characters is refused."""
    with pytest.raises(TraceError, match="E_CHECK_DIGIT"):
        sscc_label("106141412345678909", ["x"])
    with pytest.raises(ValueError):
        render_zpl(Label(("x",), barcode=Barcode("AB\x01")))
