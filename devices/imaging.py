"""Decode barcodes and QR codes from camera images (the ``image`` field of a scan).

pyzbar (zbar) reads QR, Code 128/GS1-128, EAN/UPC, Code 39, ITF, DataBar and PDF417, but
not DataMatrix. A hard image is retried through a fixed ladder of variants, cheapest first:
as is; grayscale with autocontrast and equalisation; sharpened; upscaled when small;
binarised at a few thresholds; rotated by +-15/30/45 degrees, then 90/180/270 (zbar
scans rows and columns both ways, so quarter turns rarely matter; tilts do). The first
variant that yields codes wins. No code at all -> ``error == "E_NO_CODE"``.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial

from PIL import Image, ImageFilter, ImageOps, UnidentifiedImageError
from pyzbar import pyzbar

E_NO_CODE = "E_NO_CODE"
E_BAD_IMAGE = "E_BAD_IMAGE"
MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding

#: zbar symbology names -> the names of the MQTT contract (``symbology`` of a scan).
SYMBOLOGIES = {
    "QRCODE": "qr", "CODE128": "code128", "EAN13": "ean13", "EAN8": "ean8", "UPCA": "upca",
    "UPCE": "upce", "CODE39": "code39", "CODE93": "code93", "I25": "itf",
    "DATABAR": "gs1-databar", "DATABAR_EXP": "gs1-databar", "PDF417": "pdf417",
}  # fmt: skip


@dataclass(frozen=True)
class DecodedCode:
    """One code read from the image: text as sent by a scanner (GS stays as ``\\x1d``)."""

    text: str
    symbology: str


@dataclass(frozen=True)
class DecodeResult:
    codes: tuple[DecodedCode, ...] = ()
    error: str | None = None
    variant: str | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return bool(self.codes)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode(image: Image.Image) -> tuple[DecodedCode, ...]:
    found: dict[DecodedCode, None] = {}
    for sym in pyzbar.decode(image):
        kind = SYMBOLOGIES.get(sym.type, sym.type.lower())
        text = _text(sym.data)
        if kind == "code128" and "\x1d" in text:
            kind = "gs1-128"
        found[DecodedCode(text, kind)] = None
    return tuple(found)


def _rotate(image: Image.Image, angle: int) -> Image.Image:
    return image.rotate(angle, expand=True, fillcolor=255, resample=Image.Resampling.BICUBIC)


def _threshold(image: Image.Image, level: int) -> Image.Image:
    return image.point([0 if v <= level else 255 for v in range(256)])


def _variants(original: Image.Image) -> Iterator[tuple[str, Callable[[], Image.Image]]]:
    gray = ImageOps.grayscale(original)
    small = max(gray.size) < 600
    yield "original", lambda: original
    yield "autocontrast", lambda: ImageOps.autocontrast(gray, cutoff=1)
    yield "equalize", lambda: ImageOps.equalize(gray)
    yield "sharpen", lambda: ImageOps.autocontrast(gray, cutoff=1).filter(ImageFilter.SHARPEN)
    if small:
        yield (
            "upscale",
            lambda: ImageOps.autocontrast(
                gray.resize((gray.width * 3, gray.height * 3), Image.Resampling.BICUBIC)
            ),
        )
    base = ImageOps.autocontrast(gray, cutoff=1)
    for t in (96, 128, 160):
        yield f"threshold{t}", partial(_threshold, base, t)
    for angle in (15, -15, 30, -30, 45, -45, 90, 180, 270):
        yield f"rotate{angle}", partial(_rotate, base, angle)


def open_image(data: bytes) -> Image.Image:
    """The image in ``data`` (PNG, JPEG, ...), size-checked; raises ValueError otherwise."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise ValueError("image too large")
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValueError(f"not a readable image: {exc}") from None
    return image.convert("RGB") if image.mode not in ("L", "RGB") else image


def decode_pil(image: Image.Image) -> DecodeResult:
    """Decode codes from a Pillow image, trying the variants in order."""
    for name, make in _variants(image):
        codes = _decode(make())
        if codes:
            return DecodeResult(codes, None, name)
    return DecodeResult((), E_NO_CODE)


def decode_image(data: bytes) -> DecodeResult:
    """Decode codes from PNG/JPEG bytes. ``error`` is E_BAD_IMAGE or E_NO_CODE on failure."""
    try:
        image = open_image(data)
    except ValueError:
        return DecodeResult((), E_BAD_IMAGE)
    return decode_pil(image)
