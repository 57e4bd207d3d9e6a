"""Returns through the customs port: the CEB625 return request leaves by the same
:class:`~warehouse.customs.port.CustomsPort` as the CEB621 manifest (``declare``), and customs
answers it with CEB626 receipts (``InvtRefundReturn``), read here.

Statuses (``returnStatus``) as this system takes them: 120 received by customs (nothing
changes yet), 800 return approved (the goods may re-enter the zone: restock, refund, quota),
100 refused (``returnInfo`` says why; the goods stay out of the ledger).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from warehouse.customs.xml import NS
from warehouse.errors import Invalid

MESSAGE, BODY = "CEB626Message", "InvtRefundReturn"
RECEIVED, APPROVED, REFUSED = "120", "800", "100"
STATUSES = (RECEIVED, APPROVED, REFUSED)


@dataclass(frozen=True)
class ReturnReceipt:
    """CEB626: customs' answer to a CEB625 return request, named by the manifest's copNo."""

    cop_no: str
    invt_no: str
    status: str
    info: str = ""
    time: str = ""


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def is_return_receipt(text: str | bytes) -> bool:
    """Whether a message from customs is a CEB626 (cheap: no full parse)."""
    head = text[:400] if isinstance(text, str) else text[:400].decode("utf-8", "replace")
    return MESSAGE in head


def parse(text: str | bytes) -> ReturnReceipt:
    """The receipt in a CEB626 message; E_BAD_MESSAGE when it is none."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise Invalid("E_BAD_MESSAGE", f"Not well-formed XML: {exc}.") from exc
    body = root.find(_q(BODY))
    if root.tag != _q(MESSAGE) or body is None:
        raise Invalid("E_BAD_MESSAGE", "Send a CEB626 return receipt here.")
    values = {
        name: body.findtext(_q(tag)) or ""
        for name, tag in (
            ("cop_no", "copNo"),
            ("invt_no", "invtNo"),
            ("status", "returnStatus"),
            ("info", "returnInfo"),
            ("time", "returnTime"),
        )
    }
    if not values["cop_no"] or values["status"] not in STATUSES:
        raise Invalid(
            "E_BAD_MESSAGE",
            f"A CEB626 needs a copNo and a returnStatus among {STATUSES}.",
        )
    return ReturnReceipt(**values)
