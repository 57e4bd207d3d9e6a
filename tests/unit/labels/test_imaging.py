"""Decoding codes from camera images, robust to rotation, blur, low contrast and size."""

import io

import pytest
import qrcode
from PIL import Image, ImageEnhance, ImageFilter

from devices.imaging import E_BAD_IMAGE, E_NO_CODE, decode_image, decode_pil
from devices.labels import render_image, sscc_label
from warehouse.trace.codes import parse_code

URI = "https://id.gs1.org/01/09506000134352/10/ABC/21/123?17=261231"


def _qr(text: str, box: int = 4) -> Image.Image:
    qr = qrcode.QRCode(box_size=box, border=4)
    qr.add_data(text)
    qr.make(fit=True)
    return qr.make_image().get_image().convert("L")


def _bytes(image: Image.Image, fmt: str = "PNG") -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format=fmt, quality=85)
    return buf.getvalue()


def _barcode() -> Image.Image:
    label = render_image(sscc_label("106141412345678908", ["x"], extra={"10": "AB"}))
    return label.crop((0, 900, label.width, label.height))


QR_CASES = {
    "plain": lambda im: im,
    "rotated 30": lambda im: im.rotate(30, expand=True, fillcolor=255),
    "rotated 90": lambda im: im.rotate(90, expand=True, fillcolor=255),
    "blurred": lambda im: im.filter(ImageFilter.GaussianBlur(2)),
    "low contrast": lambda im: ImageEnhance.Contrast(im).enhance(0.15),
    "tiny": lambda im: im.resize((im.width // 3, im.height // 3)),
}


@pytest.mark.parametrize("case", QR_CASES, ids=list(QR_CASES))
def test_qr_is_decoded_despite_degradation(case):
    """A Digital Link QR reads back after rotation, blur, contrast loss or shrinking."""
    result = decode_image(_bytes(QR_CASES[case](_qr(URI)), "JPEG"))
    assert result.ok, result
    assert [(c.text, c.symbology) for c in result.codes] == [(URI, "qr")]


BAR_CASES = {
    "plain": lambda im: im,
    "rotated 15": lambda im: im.rotate(15, expand=True, fillcolor=255),
    "rotated 30": lambda im: im.rotate(30, expand=True, fillcolor=255),
    "upside down": lambda im: im.rotate(180),
    "low contrast": lambda im: ImageEnhance.Contrast(im).enhance(0.2),
    "blurred": lambda im: im.filter(ImageFilter.GaussianBlur(1.5)),
}


@pytest.mark.parametrize("case", BAR_CASES, ids=list(BAR_CASES))
def test_gs1_128_is_decoded_despite_degradation(case):
    """The label's GS1-128 reads back, and parse_code recognises its element string."""
    result = decode_pil(BAR_CASES[case](_barcode()))
    assert result.ok, result
    (code,) = result.codes
    assert parse_code(code.text, symbology=code.symbology).keys == {
        "00": "106141412345678908",
        "10": "AB",
    }


def test_gs1_qr_text_keeps_group_separators():
    """A QR holding an element string with GS returns the GS, and parses as GS1 data."""
    text = "0109506000134352" + "10L1\x1d" + "21S1"
    (code,) = decode_pil(_qr(text)).codes
    assert code.text == text
    assert parse_code(code.text).keys == {"01": "09506000134352", "10": "L1", "21": "S1"}


def test_no_code_and_bad_bytes_give_clear_errors():
    """A blank image gives E_NO_CODE; bytes that are not an image give E_BAD_IMAGE."""
    blank = decode_image(_bytes(Image.new("L", (200, 200), 255)))
    assert (blank.ok, blank.error) == (False, E_NO_CODE)
    assert decode_image(b"not an image").error == E_BAD_IMAGE
