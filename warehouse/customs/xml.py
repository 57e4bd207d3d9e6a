"""CEB messages as XML (namespace http://www.chinaport.gov.cn/ceb): export and import.

Each message is ``<ceb:CEBnnnMessage guid= version=>`` with a head and, where it has goods,
list elements, in the element names of the unified platform's standard (``orderNo``,
``acturalPaid``, ``emsNo``...). A :class:`~warehouse.customs.signing.Signer` adds an XML
signature over the canonical form of the message; :func:`parse` checks it when given one.
"""

from __future__ import annotations

import dataclasses
import functools
import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from warehouse.customs import documents as d
from warehouse.customs.signing import NoSigner, Signer
from warehouse.errors import Invalid

NS = "http://www.chinaport.gov.cn/ceb"
DS = "http://www.w3.org/2000/09/xmldsig#"
ET.register_namespace("ceb", NS)
ET.register_namespace("ds", DS)
RENAMES = {
    "weight_kg": "weight",
    "gross_weight_kg": "grossWeight",
    "net_weight_kg": "netWeight",
    "info": "returnInfo",
    "time": "returnTime",
    "status": "returnStatus",
}


@dataclass(frozen=True)
class Spec:
    message: str
    body: str
    head: str
    line: str | None
    doc: type


SPECS = [
    Spec("CEB311Message", "Order", "OrderHead", "OrderList", d.OrderDoc),
    Spec("CEB411Message", "Payment", "PaymentHead", None, d.PaymentDoc),
    Spec("CEB511Message", "Logistics", "LogisticsHead", None, d.WaybillDoc),
    Spec("CEB621Message", "Inventory", "InventoryHead", "InventoryList", d.ManifestDoc),
    Spec("CEB622Message", "InventoryReturn", "InventoryReturn", None, d.Receipt),
    Spec("CEB623Message", "InvtCancel", "InvtCancel", None, d.CancelRequest),
    Spec("CEB624Message", "InvtCancelReturn", "InvtCancelReturn", None, d.CancelReceipt),
    Spec("CEB816Message", "Tax", "TaxHeadRd", None, d.TaxReceipt),
    Spec("CEB625Message", "InvtRefund", "InvtRefundHead", "InvtRefundList", d.ReturnRequest),
]
BY_DOC = {s.doc: s for s in SPECS}
BY_MESSAGE = {s.message: s for s in SPECS}
LINE_TYPES = {d.OrderDoc: d.OrderLine, d.ManifestDoc: d.ManifestLine}


def camel(name: str) -> str:
    if name in RENAMES:
        return RENAMES[name]
    first, *rest = name.split("_")
    return first + "".join(p.capitalize() for p in rest)


def _q(tag: str) -> str:
    return f"{{{NS}}}{tag}"


def _fill(parent: ET.Element, obj: Any) -> None:
    kind: type = type(obj)
    for name, tag in _tags(kind):
        ET.SubElement(parent, tag).text = str(getattr(obj, name))
    if isinstance(obj, d.OrderLine):
        ET.SubElement(parent, _q("totalPrice")).text = str(obj.total)


@functools.cache
def _tags(cls: type) -> tuple[tuple[str, str], ...]:
    """A document class's fields with their qualified element names, lines aside."""
    return tuple((f.name, _q(camel(f.name))) for f in dataclasses.fields(cls) if f.name != "lines")


def to_xml(doc: Any, signer: Signer | None = None, guid: str | None = None) -> str:
    """The CEB message of a document, signed by ``signer`` when given."""
    spec = BY_DOC[type(doc)]
    root = ET.Element(_q(spec.message), guid=guid or str(uuid.uuid4()), version="1.0")
    body = ET.SubElement(root, _q(spec.body))
    _fill(body if spec.body == spec.head else ET.SubElement(body, _q(spec.head)), doc)
    for line in getattr(doc, "lines", ()):
        element = ET.SubElement(body, _q(spec.line or ""))
        if isinstance(line, tuple):
            ET.SubElement(element, _q("gnum")).text = str(line[0])
            ET.SubElement(element, _q("qty")).text = str(line[1])
        else:
            _fill(element, line)
    if signer is not None and signer.algorithm:
        _sign(root, signer)
    return ET.tostring(root, encoding="unicode")


def _canonical(root: ET.Element) -> bytes:
    return ET.canonicalize(ET.tostring(root, encoding="unicode"), strip_text=True).encode()


def _sign(root: ET.Element, signer: Signer) -> None:
    value = signer.sign(_canonical(root))
    sig = ET.SubElement(root, f"{{{DS}}}Signature")
    ET.SubElement(sig, f"{{{DS}}}SignatureMethod", Algorithm=signer.algorithm)
    ET.SubElement(sig, f"{{{DS}}}SignatureValue").text = value
    ET.SubElement(ET.SubElement(sig, f"{{{DS}}}KeyInfo"), f"{{{DS}}}KeyName").text = signer.key_name


def _verify(root: ET.Element, signer: Signer) -> None:
    sig = root.find(f"{{{DS}}}Signature")
    if sig is None:
        if signer.algorithm:
            raise Invalid("E_UNSIGNED", "The message carries no signature.")
        return
    root.remove(sig)
    if not signer.verify(_canonical(root), sig.findtext(f"{{{DS}}}SignatureValue") or ""):
        raise Invalid("E_BAD_SIGNATURE", "The message's signature does not match its content.")


def _read(cls: type, element: ET.Element) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for f in dataclasses.fields(cls):
        text = element.findtext(_q(camel(f.name)))
        if f.name == "lines" or text is None:
            continue
        values[f.name] = (
            Decimal(text) if f.type == "Decimal" else int(text) if f.type == "int" else text
        )
    return values


def parse(text: str | bytes, signer: Signer | None = None) -> Any:
    """The document in a CEB message; E_BAD_MESSAGE when it is not one this system knows."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise Invalid("E_BAD_MESSAGE", f"Not well-formed XML: {exc}.") from exc
    spec = BY_MESSAGE.get(root.tag.removeprefix(f"{{{NS}}}"))
    if spec is None:
        raise Invalid("E_BAD_MESSAGE", f"{root.tag} is not a CEB message this system takes.")
    _verify(root, signer or NoSigner())
    body = root.find(_q(spec.body))
    head = body if body is None or spec.body == spec.head else body.find(_q(spec.head))
    if body is None or head is None:
        raise Invalid("E_BAD_MESSAGE", f"{spec.message} has no {spec.head}.")
    try:
        values = _read(spec.doc, head)
        if spec.line is not None:
            values["lines"] = tuple(_line(spec.doc, e) for e in body.findall(_q(spec.line)))
        return spec.doc(**values)
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise Invalid(
            "E_BAD_MESSAGE", f"{spec.message} is incomplete or malformed: {exc}."
        ) from exc


def parse_receipts(text: str | bytes, most: int = 1000) -> list[d.Receipt]:
    """Every receipt (InventoryReturn) of a CEB622 message, in order; at least one."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise Invalid("E_BAD_MESSAGE", f"Not well-formed XML: {exc}.") from exc
    if root.tag != _q("CEB622Message"):
        raise Invalid("E_BAD_MESSAGE", "Send a CEB622 message of receipts here.")
    found = root.findall(_q("InventoryReturn"))
    if not 1 <= len(found) <= most:
        raise Invalid("E_BAD_MESSAGE", f"A CEB622 message carries 1 to {most} receipts.")
    try:
        return [d.Receipt(**_read(d.Receipt, element)) for element in found]
    except (TypeError, ValueError, ArithmeticError) as exc:
        raise Invalid("E_BAD_MESSAGE", f"CEB622Message is incomplete or malformed: {exc}.") from exc


def _line(doc: type, element: ET.Element) -> Any:
    line_type = LINE_TYPES.get(doc)
    if line_type is None:
        return (int(element.findtext(_q("gnum")) or 0), int(element.findtext(_q("qty")) or 0))
    return line_type(**_read(line_type, element))


def message_kind(doc: Any) -> str:
    return BY_DOC[type(doc)].message[:6]
