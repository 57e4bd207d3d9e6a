"""The customs simulator's returns desk: reads CEB625 return requests, answers with CEB626.

Rules, in order (the first that applies refuses the return; ``returnInfo`` says which):

1. the request names goods: at least one line, every quantity positive;
2. the manifest was released (the request carries its invtNo);
3. one return per manifest: a second request for an approved one is refused;
4. when the desk saw the manifest (CEB621), every returned line is on it, within its quantity;
5. a document check drawn at the enterprise's credit-class rate from
   ``Random(f"{seed}:{copNo}:625")``, so a run repeats whatever the arrival order.

Every request gets 120 (received), then 800 (approved) or 100 (refused). Only the standard
library: the desk knows the message format, not the system.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from simulators.receipts import answer_xml, q

REFUSAL_RATES = {"advanced": 0.0, "ordinary": 0.02, "dishonest": 0.3}


def is_return_request(message: str) -> bool:
    return "CEB625Message" in message[:400]


@dataclass(frozen=True)
class ReturnRequestRead:
    cop_no: str
    invt_no: str
    ebc_code: str
    lines: tuple[tuple[int, int], ...]


def read_return(message: str) -> ReturnRequestRead:
    root = ET.fromstring(message)
    if root.tag != q("CEB625Message"):
        raise ValueError(f"not a CEB625 message: {root.tag}")
    body = root.find(q("InvtRefund"))
    head = body.find(q("InvtRefundHead")) if body is not None else None
    if body is None or head is None:
        raise ValueError("CEB625 without InvtRefundHead")
    lines = tuple(
        (int(ln.findtext(q("gnum")) or 0), int(ln.findtext(q("qty")) or 0))
        for ln in body.findall(q("InvtRefundList"))
    )
    return ReturnRequestRead(
        head.findtext(q("copNo")) or "",
        head.findtext(q("invtNo")) or "",
        head.findtext(q("ebcCode")) or "",
        lines,
    )


def manifest_lines(manifest_xml: str) -> tuple[str, dict[int, int]]:
    """A CEB621's copNo and its declared quantity per gnum."""
    root = ET.fromstring(manifest_xml)
    body = root.find(q("Inventory"))
    head = body.find(q("InventoryHead")) if body is not None else None
    if body is None or head is None:
        return "", {}
    lines = {
        int(ln.findtext(q("gnum")) or 0): int(ln.findtext(q("qty")) or 0)
        for ln in body.findall(q("InventoryList"))
    }
    return head.findtext(q("copNo")) or "", lines


@dataclass
class ReturnDesk:
    seed: int = 0
    refusal_rates: dict[str, float] = field(default_factory=lambda: dict(REFUSAL_RATES))
    manifests: dict[str, dict[int, int]] = field(default_factory=dict)  # copNo -> gnum -> qty
    approved: set[str] = field(default_factory=set)

    def remember(self, manifest_xml: str) -> None:
        cop_no, lines = manifest_lines(manifest_xml)
        if cop_no:
            self.manifests[cop_no] = lines

    def refusal(self, request: ReturnRequestRead, credit: str) -> str | None:
        """Why customs refuses the return, or None when it approves it."""
        if not request.lines or any(q <= 0 for _, q in request.lines):
            return "no goods: a return names lines with positive quantities"
        if not request.invt_no:
            return "manifest not released: no invtNo"
        if request.cop_no in self.approved:
            return "return already approved for this manifest"
        declared = self.manifests.get(request.cop_no)
        if declared is not None and any(declared.get(g, 0) < q for g, q in request.lines):
            return "returned goods are not on the manifest"
        rate = self.refusal_rates.get(credit, self.refusal_rates.get("ordinary", 0.0))
        if random.Random(f"{self.seed}:{request.cop_no}:625").random() < rate:
            return f"document check failed (credit:{credit})"
        return None

    def handle(self, message: str, credit: str) -> list[str]:
        """The receipts for one CEB625: 120, then 800 or 100."""
        request = read_return(message)
        why = self.refusal(request, credit)
        out = [return_receipt_xml(request.cop_no, request.invt_no, "120", "received")]
        if why is None:
            self.approved.add(request.cop_no)
            out.append(return_receipt_xml(request.cop_no, request.invt_no, "800", "approved"))
        else:
            out.append(return_receipt_xml(request.cop_no, request.invt_no, "100", why))
        return out


def return_receipt_xml(cop_no: str, invt_no: str, status: str, info: str) -> str:
    """A CEB626 (InvtRefundReturn) receipt."""
    return answer_xml("CEB626Message", "InvtRefundReturn", f"R626-{cop_no}-{status}",
                      cop_no, invt_no, status, info)  # fmt: skip
