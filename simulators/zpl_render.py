"""Render the ZPL II subset of Silkhub's labels to a Pillow image at 203 dpi.

Supported: ``^XA ^XZ ^FO ^FT ^LH ^PW ^LL ^A ^CF ^FH ^FD ^FS ^FR ^BY ^BQ ^BC ^GB ^CI``.
Anything else is skipped and listed in :attr:`Rendered.ignored`, as a tolerant printer
would. The printer simulator renders a job, scans it back with pyzbar
(:func:`scan_codes`) and reports whether the codes read what was asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import qrcode
from PIL import Image, ImageChops, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_H, ERROR_CORRECT_L, ERROR_CORRECT_M, ERROR_CORRECT_Q

from simulators import zpl_code128

DPI = 203
_EC = {"H": ERROR_CORRECT_H, "Q": ERROR_CORRECT_Q, "M": ERROR_CORRECT_M, "L": ERROR_CORRECT_L}
_TOKEN = re.compile(r"([\^~])([A-Z@][A-Z0-9@]?)")


@dataclass
class _Field:
    x: int = 0
    y: int = 0
    typeset: bool = False
    font: tuple[int, int] | None = None
    barcode: tuple[str, list[str]] | None = None
    box: list[str] | None = None
    hex_char: str | None = None
    reverse: bool = False
    data: str = ""


@dataclass
class Rendered:
    """Images of the labels in the job, and the commands the renderer skipped."""

    images: list[Image.Image] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)


def _tokens(zpl: str) -> list[tuple[str, str]]:
    """(command, parameters) pairs. ^FD data runs to the next caret, so it may hold ``~``."""
    out: list[tuple[str, str]] = []
    i = zpl.find("^") if "^" in zpl else len(zpl)
    while i < len(zpl):
        m = _TOKEN.match(zpl, i)
        if not m:
            i += 1
            continue
        cmd = m.group(2)
        if cmd[0] == "A" and cmd != "A@":  # ^A0N,...: font name is the second character
            cmd, rest_start = "A", m.start(2) + 1
        else:
            rest_start = m.end()
        stops = "^" if cmd in ("FD", "FV") else "^~"
        j = min([k for k in (zpl.find(s, rest_start) for s in stops) if k >= 0] or [len(zpl)])
        params = zpl[rest_start:j]
        out.append((m.group(1) + cmd, params if cmd in ("FD", "FV") else params.strip()))
        i = j
    return out


def _ints(params: str, defaults: list[int]) -> list[int]:
    parts = params.split(",")
    return [
        int(p) if i < len(parts) and (p := parts[i].strip()).lstrip("-").isdigit() else d
        for i, d in enumerate(defaults)
    ]


def _unhex(data: str, char: str | None) -> str:
    if not char:
        return data
    raw = re.sub(
        re.escape(char) + r"([0-9A-Fa-f]{2})",
        lambda m: "\udc00" + m.group(1),
        data,
    )
    # Rebuild bytes so multi-byte UTF-8 sequences written as hex decode correctly.
    buf = bytearray()
    parts = raw.split("\udc00")
    buf += parts[0].encode("utf-8")
    for part in parts[1:]:
        buf.append(int(part[:2], 16))
        buf += part[2:].encode("utf-8")
    return buf.decode("utf-8", errors="replace")


@cache
def _font(height: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=max(8, height))
    except (TypeError, OSError):
        return ImageFont.load_default()


class _Label:
    def __init__(self) -> None:
        self.width, self.length = 812, 1218
        self.home = (0, 0)
        self.default_font = (30, 30)
        self.bar = (2, 3.0, 10)
        self.ops: list[tuple[_Field, str]] = []

    def image(self) -> Image.Image:
        canvas = Image.new("L", (self.width, self.length), 255)
        for f, data in self.ops:
            layer = Image.new("L", canvas.size, 0)  # 255 where the field prints
            _draw_field(self, f, data, layer)
            if f.reverse:
                canvas.paste(ImageChops.invert(canvas), mask=layer)
            else:
                canvas.paste(0, mask=layer)
        return canvas


def _draw_field(label: _Label, f: _Field, data: str, layer: Image.Image) -> None:
    draw = ImageDraw.Draw(layer)
    if f.box is not None:
        w, h, t = _ints(",".join(f.box), [1, 1, 1])
        t = max(1, t)
        w, h = max(w, t), max(h, t)
        y0 = f.y - h if f.typeset else f.y
        box = (f.x, y0, f.x + w - 1, y0 + h - 1)
        if 2 * t >= min(w, h):
            draw.rectangle(box, fill=255)
        else:
            draw.rectangle(box, outline=255, width=t)
        return
    if f.barcode and f.barcode[0] == "Q":
        _draw_qr(f, data, layer)
        return
    if f.barcode and f.barcode[0] == "C":
        _draw_code128(label, f, data, draw)
        return
    h, _ = f.font or label.default_font
    y = f.y - int(h * 0.8) if f.typeset else f.y
    draw.text((f.x, y), data, fill=255, font=_font(h))


def _draw_qr(f: _Field, data: str, layer: Image.Image) -> None:
    params = f.barcode[1] if f.barcode else []
    mag = _ints(",".join(params), [0, 2, 2])[2]
    ec, _, text = data.partition(",")
    level = _EC.get(ec[:1].upper(), ERROR_CORRECT_Q)
    if ec[1:2].upper() == "M" and text[:1] in "ANBK":  # manual mode: drop the mode character
        text = text[1:]
    qr = qrcode.QRCode(error_correction=level, box_size=max(1, mag), border=0)
    qr.add_data(text)
    qr.make(fit=True)
    img = qr.make_image(fill_color="white", back_color="black").get_image().convert("L")
    y = f.y - img.height if f.typeset else f.y
    layer.paste(img, (f.x, y))


def _bc_data(data: str, mode: str) -> str:
    if mode == "D":  # GS1: "(01)...(10)..." -> FNC1 first and before every further AI
        parts = [p for p in re.split(r"[()]", data) if p]
        data = "".join(">8" + parts[i] + parts[i + 1] for i in range(0, len(parts) - 1, 2))
    if mode in ("A", "U", "D"):
        return zpl_code128.auto_field(data)
    return data


def _draw_code128(label: _Label, f: _Field, data: str, draw: ImageDraw.ImageDraw) -> None:
    params = (f.barcode[1] if f.barcode else []) + [""] * 6
    module, _, by_height = label.bar
    height = int(params[1]) if params[1].strip().isdigit() else by_height
    values, text = zpl_code128.values_from_field(_bc_data(data, params[5].strip().upper() or "N"))
    top = f.y - height if f.typeset else f.y
    x = f.x
    for i, w in enumerate(zpl_code128.widths(values)):
        if i % 2 == 0:
            draw.rectangle((x, top, x + w * module - 1, top + height - 1), fill=255)
        x += w * module
    if params[2].strip().upper() != "N":
        draw.text((f.x, top + height + 4), text.replace("\x1d", " "), fill=255, font=_font(20))


def _apply(label: _Label, f: _Field, cmd: str, p: str) -> bool:
    """Apply one command to the label or the open field; False when not supported."""
    if cmd in ("^FO", "^FT"):
        x, y = _ints(p, [0, 0])
        f.x, f.y, f.typeset = x + label.home[0], y + label.home[1], cmd == "^FT"
    elif cmd == "^A":
        h, w = _ints(p[1:] if p[:1].isalpha() else p, [label.default_font[0], 0])
        f.font = (h, w or h)
    elif cmd == "^CF":
        _, h, w = _ints(p, [0, label.default_font[0], 0])
        label.default_font = (h, w or h)
    elif cmd == "^BY":
        w, _, h = _ints(p, [label.bar[0], 3, label.bar[2]])
        label.bar = (w, 3.0, h)
    elif cmd in ("^BQ", "^BC"):
        f.barcode = (cmd[2], p.split(","))
    elif cmd == "^GB":
        f.box = p.split(",")
    elif cmd == "^FH":
        f.hex_char = p[:1] or "_"
    elif cmd == "^FR":
        f.reverse = True
    elif cmd == "^LH":
        label.home = tuple(_ints(p, [0, 0]))  # type: ignore[assignment]
    elif cmd == "^PW":
        label.width = _ints(p, [label.width])[0]
    elif cmd == "^LL":
        label.length = _ints(p, [label.length])[0]
    else:
        return cmd == "^CI"
    return True


def render(zpl: str) -> Rendered:
    """Render every ``^XA``..``^XZ`` label of a ZPL job."""
    out = Rendered()
    label: _Label | None = None
    f = _Field()
    for cmd, p in _tokens(zpl):
        if cmd == "^XA":
            label, f = _Label(), _Field()
        elif label is None:
            out.ignored.append(cmd)
        elif cmd == "^XZ":
            out.images.append(label.image())
            label = None
        elif cmd == "^FD":
            f.data = _unhex(p.replace("\r", "").replace("\n", ""), f.hex_char)
        elif cmd == "^FS":
            if f.data or f.box is not None:
                label.ops.append((f, f.data))
            f = _Field()
        elif not _apply(label, f, cmd, p):
            out.ignored.append(cmd)
    return out


def render_label(zpl: str) -> Image.Image:
    """The first label of a ZPL job; ValueError when the job has none."""
    images = render(zpl).images
    if not images:
        raise ValueError("no ^XA...^XZ label in the job")
    return images[0]


def scan_codes(image: Image.Image) -> list[tuple[str, str]]:
    """(symbology, text) of every code pyzbar reads on a rendered label."""
    from pyzbar import pyzbar  # imported here: only the checking printer simulator needs it

    return [(s.type, s.data.decode("utf-8", "replace")) for s in pyzbar.decode(image)]
