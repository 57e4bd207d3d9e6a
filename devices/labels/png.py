"""Labels as PNG (for printers that take images, previews and the ``png`` print format)."""

from __future__ import annotations

import io
from functools import cache

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_Q

from devices.labels import code128
from devices.labels.layout import Bars, Qr, Text, layout
from devices.labels.model import DPI, Label

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


@cache
def _font(height: int) -> Font:
    try:
        return ImageFont.load_default(size=height)
    except (TypeError, OSError):  # Pillow without FreeType: fixed bitmap font
        return ImageFont.load_default()


def _qr(part: Qr) -> Image.Image:
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, box_size=part.magnification, border=0)
    qr.add_data(part.data)
    qr.make(fit=True)
    return qr.make_image(fill_color="black", back_color="white").get_image().convert("L")


def _bars(draw: ImageDraw.ImageDraw, part: Bars) -> None:
    x = part.x
    for i, width in enumerate(code128.modules(list(part.values))):
        w = width * part.module
        if i % 2 == 0:
            draw.rectangle((x, part.y, x + w - 1, part.y + part.height - 1), fill=0)
        x += w


def render_image(label: Label) -> Image.Image:
    """The label as a grayscale Pillow image at 203 dpi."""
    image = Image.new("L", (label.width, label.height), 255)
    draw = ImageDraw.Draw(image)
    for part in layout(label):
        if isinstance(part, Text):
            draw.text((part.x, part.y), part.text, fill=0, font=_font(part.height))
        elif isinstance(part, Qr):
            image.paste(_qr(part), (part.x, part.y))
        else:
            _bars(draw, part)
    return image


def render_png(label: Label) -> bytes:
    """The label as PNG bytes (203 dpi in the pHYs chunk)."""
    buf = io.BytesIO()
    render_image(label).save(buf, format="PNG", dpi=(DPI, DPI), optimize=True)
    return buf.getvalue()
