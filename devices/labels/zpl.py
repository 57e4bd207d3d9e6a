"""Labels as ZPL II, as Zebra printers take them (raw over TCP 9100 or a ``cmd/print`` job).

Commands used: ``^XA ^CI28 ^PW ^LL ^LH ^FO ^A0 ^FH ^FD ^FS ^BQN ^BY ^BC ^XZ``. Field data goes
through ``^FH_`` so ``^``, ``~`` and ``_`` in data cannot break the format.
"""

from __future__ import annotations

from devices.labels import code128
from devices.labels.layout import Bars, Part, Qr, Text, layout
from devices.labels.model import Label

_HEX_ESCAPES = {"_": "_5F", "^": "_5E", "~": "_7E"}


def escape_field(data: str) -> str:
    """Field data safe after ``^FH_``: the three ZPL-special characters as hex escapes."""
    return "".join(_HEX_ESCAPES.get(c, c) for c in data)


def _field(part: Part) -> str:
    if isinstance(part, Text):
        h = part.height
        return f"^FO{part.x},{part.y}^A0N,{h},{h}^FH_^FD{escape_field(part.text)}^FS"
    if isinstance(part, Qr):
        # Model 2; "Q" error correction, "A" automatic data mode, then the data.
        head = f"^FO{part.x},{part.y}^BQN,2,{part.magnification}"
        return f"{head}^FH_^FDQA,{escape_field(part.data)}^FS"
    data = code128.zpl_field_data(list(part.values))
    return (
        f"^FO{part.x},{part.y}^BY{part.module},3,{part.height}"
        f"^BCN,{part.height},N,N,N,N^FH_^FD{escape_field(data)}^FS"
    )


def render_zpl(label: Label) -> str:
    """The ZPL II program of ``label`` (``^XA`` ... ``^XZ``), one command group per line."""
    lines = ["^XA", "^CI28", f"^PW{label.width}", f"^LL{label.height}", "^LH0,0"]
    lines += [_field(part) for part in layout(label)]
    lines.append("^XZ")
    return "\n".join(lines) + "\n"


__all__ = ["Bars", "escape_field", "render_zpl"]
