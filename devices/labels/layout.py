"""Where each part of a label goes, in printer dots, shared by the ZPL and PNG renderers.

Top: title lines. Middle: the QR (left) with the human-readable id under it. Bottom: the
Code 128 barcode with its text. Module sizes are the largest that fit the label width.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_Q

from devices.labels import code128
from devices.labels.model import Label

MARGIN = 40
TITLE_H, TITLE_GAP = 40, 12
ID_H = 44
HRI_H = 28
BAR_H = 180


@dataclass(frozen=True)
class Text:
    x: int
    y: int
    height: int
    text: str


@dataclass(frozen=True)
class Qr:
    x: int
    y: int
    magnification: int
    data: str
    modules: int


@dataclass(frozen=True)
class Bars:
    x: int
    y: int
    module: int
    height: int
    values: tuple[int, ...]


Part = Text | Qr | Bars


def qr_modules(data: str) -> int:
    """Side of the QR symbol in modules at error correction Q (as ``^BQN`` with ``QA,``)."""
    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_Q, border=0)
    qr.add_data(data)
    qr.make(fit=True)
    return qr.modules_count


def _bars(label: Label, bottom: int) -> list[Part]:
    assert label.barcode is not None
    values = code128.encode(label.barcode.data, gs1=label.barcode.gs1)
    quiet = 10
    total = code128.width_in_modules(values) + 2 * quiet
    module = max(1, min(4, (label.width - 2 * MARGIN) // total))
    x = max(MARGIN, (label.width - total * module) // 2) + quiet * module
    y = bottom - HRI_H - 10 - BAR_H
    parts: list[Part] = [Bars(x, y, module, BAR_H, tuple(values))]
    if label.barcode.hri:
        # Proportional fonts run about 0.6 em per digit: shrink long HRI to the label width.
        height = min(HRI_H, int((label.width - 2 * MARGIN) / (0.6 * len(label.barcode.hri))))
        parts.append(Text(MARGIN, bottom - HRI_H, max(12, height), label.barcode.hri))
    return parts


def layout(label: Label) -> list[Part]:
    """The parts of ``label`` with their positions (top-left origins)."""
    parts: list[Part] = []
    y = MARGIN
    for line in label.title_lines:
        parts.append(Text(MARGIN, y, TITLE_H, line))
        y += TITLE_H + TITLE_GAP
    bottom = label.height - MARGIN
    if label.barcode is not None:
        bar_parts = _bars(label, bottom)
        parts += bar_parts
        bottom = min(p.y for p in bar_parts) - 30
    if label.qr_data:
        side = qr_modules(label.qr_data)
        room = min(label.width - 2 * MARGIN, bottom - y - ID_H - 60)
        mag = max(2, min(10, room // (side + 8)))
        parts.append(Qr(MARGIN + 4 * mag, y + 20 + 4 * mag, mag, label.qr_data, side))
        y += 20 + (side + 8) * mag
    if label.human_id:
        parts.append(Text(MARGIN, y + 10, ID_H, label.human_id))
    return parts
