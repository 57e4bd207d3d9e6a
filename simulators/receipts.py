"""Customs' receipts: every answer message (CEB622 for manifests, CEB624 for withdrawals, CEB626
for returns) carries the same five fields under its own message and body tags."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

NS = "http://www.chinaport.gov.cn/ceb"


def q(tag: str) -> str:
    """A CEB element's qualified name."""
    return f"{{{NS}}}{tag}"


def answer_xml(
    message: str, body_tag: str, guid: str, cop_no: str, invt_no: str, status: str, info: str
) -> str:
    """Customs' answer: the same five fields in every receipt message (CEB622, CEB626)."""
    root = ET.Element(q(message), guid=guid, version="1.0")
    body = ET.SubElement(root, q(body_tag))
    now = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    for tag, value in (
        ("copNo", cop_no),
        ("invtNo", invt_no),
        ("returnStatus", status),
        ("returnInfo", info),
        ("returnTime", now),
    ):
        ET.SubElement(body, q(tag)).text = value
    return ET.tostring(root, encoding="unicode")
