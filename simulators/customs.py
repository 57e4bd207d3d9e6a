"""A customs simulator: reads CEB621 manifests, answers with CEB622 receipts (CEB623
withdrawals with CEB624 receipts, and CEB625 return requests with CEB626 receipts:
simulators.customs_returns); on release it assesses the tax and keeps a CEB816 for
:meth:`CustomsSimulator.take_taxes` (simulators.customs_tax).

Selection for inspection follows the enterprise's credit class and risk rules, with a seed
so that a run can be repeated: every decision draws from ``Random(f"{seed}:{copNo}")``, so
it does not depend on the order in which manifests arrive. Rates by class (the rule: advanced
certified well under 20% of the ordinary rate, dishonest at 80% or more) and the risk rules
are data. Only the standard library: the simulator knows the message format, not the system.
"""

from __future__ import annotations

import random
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from simulators.customs_returns import ReturnDesk, is_return_request, read_return
from simulators.customs_tax import Tariff, tax_receipt_xml
from simulators.receipts import NS, answer_xml, q

RATES = {"advanced": 0.01, "ordinary": 0.10, "dishonest": 0.85}


@dataclass(frozen=True)
class RiskRules:
    value_over_cny: float = 2000.0  # high-value manifests: more often inspected
    value_extra: float = 0.10
    hs_prefixes: tuple[str, ...] = ("3304",)  # cosmetics: a risk category
    hs_extra: float = 0.05
    pass_rate: float = 0.9  # share of inspections that end in release


@dataclass(frozen=True)
class Decision:
    cop_no: str
    invt_no: str
    inspect: bool
    reasons: tuple[str, ...]


@dataclass
class CustomsSimulator:
    seed: int = 0
    rates: dict[str, float] = field(default_factory=lambda: dict(RATES))
    risk: RiskRules = field(default_factory=RiskRules)
    credit: dict[str, str] = field(default_factory=dict)
    inspected: dict[str, str] = field(default_factory=dict)  # copNo -> invtNo
    returns: ReturnDesk | None = None  # CEB625 requests; seeded like the manifests
    released: set[str] = field(default_factory=set)  # copNo of manifests released (800)
    tariff: Tariff = field(default_factory=Tariff)
    taxes: list[str] = field(default_factory=list)  # CEB816 tax receipts not yet taken
    awaiting_tax: dict[str, str] = field(default_factory=dict)  # copNo -> CEB621 inspected

    def __post_init__(self) -> None:
        if self.returns is None:
            self.returns = ReturnDesk(seed=self.seed)

    def register(self, code: str, credit_class: str) -> None:
        """Customs' own record of an enterprise's credit class."""
        self.credit[code] = credit_class

    def probability(self, head: dict[str, str], gcodes: list[str]) -> tuple[float, list[str]]:
        credit = self.credit.get(head.get("ebcCode", ""), "ordinary")
        p, reasons = self.rates.get(credit, self.rates["ordinary"]), [f"credit:{credit}"]
        value = sum(float(v) for v in head.get("_values", "0").split(","))
        if value > self.risk.value_over_cny:
            p, reasons = p + self.risk.value_extra, [*reasons, "high_value"]
        if any(g.startswith(self.risk.hs_prefixes) for g in gcodes):
            p, reasons = p + self.risk.hs_extra, [*reasons, "risk_goods"]
        return min(p, 1.0), reasons

    def decide(self, manifest_xml: str) -> Decision:
        head, gcodes = read_manifest(manifest_xml)
        cop_no = head["copNo"]
        draw = random.Random(f"{self.seed}:{cop_no}").random()
        p, reasons = self.probability(head, gcodes)
        invt_no = f"{head.get('customsCode', '0000')}I{abs(hash_no(cop_no)):014d}"[:18]
        return Decision(cop_no, invt_no, draw < p, tuple(reasons))

    def handle(self, manifest_xml: str) -> list[str]:
        """The receipts customs sends for one manifest: 120 (accepted), then 800 or 500.
        A CEB625 return request goes to the returns desk (CEB626 receipts)."""
        assert self.returns is not None
        if is_withdrawal(manifest_xml):
            return self.withdraw(manifest_xml)
        if is_return_request(manifest_xml):
            ebc_code = read_return(manifest_xml).ebc_code
            return self.returns.handle(manifest_xml, self.credit.get(ebc_code, "ordinary"))
        self.returns.remember(manifest_xml)
        decision = self.decide(manifest_xml)
        out = [receipt_xml(decision.cop_no, decision.invt_no, "120", "accepted")]
        if decision.inspect:
            self.inspected[decision.cop_no] = decision.invt_no
            self.awaiting_tax[decision.cop_no] = manifest_xml
            out.append(
                receipt_xml(
                    decision.cop_no,
                    decision.invt_no,
                    "500",
                    "selected for inspection: " + ",".join(decision.reasons),
                )
            )
        else:
            self.released.add(decision.cop_no)
            out.append(receipt_xml(decision.cop_no, decision.invt_no, "800", "released"))
            self.taxes.append(tax_receipt_xml(manifest_xml, decision.invt_no, self.tariff))
        return out

    def take_taxes(self) -> list[str]:
        """The CEB816 tax receipts of the manifests released since the last call."""
        out, self.taxes = self.taxes, []
        return out

    def withdraw(self, cancel_xml: str) -> list[str]:
        """A CEB623 withdrawal: taken (120), then approved (399) unless the manifest was
        released already (100: released goods come back as a return, CEB625)."""
        body = ET.fromstring(cancel_xml).find(q("InvtCancel"))
        if body is None:
            raise ValueError("CEB623 without InvtCancel")
        cop_no, invt_no = body.findtext(q("copNo")) or "", body.findtext(q("invtNo")) or ""
        taken = cancel_receipt_xml(cop_no, invt_no, "120", "withdrawal taken")
        if cop_no in self.released:
            return [taken, cancel_receipt_xml(cop_no, invt_no, "100", "released already")]
        self.inspected.pop(cop_no, None)
        self.awaiting_tax.pop(cop_no, None)
        return [taken, cancel_receipt_xml(cop_no, invt_no, "399", "withdrawal approved")]

    def conclude(self, cop_no: str) -> str:
        """The outcome of an inspection: released (800) or refused (100), seeded."""
        invt_no = self.inspected.pop(cop_no)
        passed = random.Random(f"{self.seed}:{cop_no}:inspection").random() < self.risk.pass_rate
        manifest_xml = self.awaiting_tax.pop(cop_no, None)
        if passed:
            self.released.add(cop_no)
            if manifest_xml is not None:
                self.taxes.append(tax_receipt_xml(manifest_xml, invt_no, self.tariff))
        return receipt_xml(
            cop_no,
            invt_no,
            "800" if passed else "100",
            "inspection passed" if passed else "inspection: goods refused",
        )


def hash_no(text: str) -> int:
    total = 0
    for ch in text:
        total = (total * 131 + ord(ch)) % 10**14
    return total


def read_manifest(manifest_xml: str) -> tuple[dict[str, str], list[str]]:
    root = ET.fromstring(manifest_xml)
    if root.tag != q("CEB621Message"):
        raise ValueError(f"not a CEB621 message: {root.tag}")
    body = root.find(q("Inventory"))
    head = body.find(q("InventoryHead")) if body is not None else None
    if body is None or head is None:
        raise ValueError("CEB621 without InventoryHead")
    fields = {child.tag.removeprefix(f"{{{NS}}}"): child.text or "" for child in head}
    lines = body.findall(q("InventoryList"))
    fields["_values"] = ",".join(ln.findtext(q("totalPrice")) or "0" for ln in lines) or "0"
    return fields, [ln.findtext(q("gcode")) or "" for ln in lines]


def is_withdrawal(message: str) -> bool:
    return ET.fromstring(message).tag == q("CEB623Message")


def cancel_receipt_xml(cop_no: str, invt_no: str, status: str, info: str) -> str:
    """A CEB624 (InvtCancelReturn) receipt for a withdrawal."""
    return answer_xml("CEB624Message", "InvtCancelReturn", f"C-{cop_no}-{status}",
                      cop_no, invt_no, status, info)  # fmt: skip


def receipt_xml(cop_no: str, invt_no: str, status: str, info: str) -> str:
    """A CEB622 (InventoryReturn) receipt for a manifest."""
    return answer_xml("CEB622Message", "InventoryReturn", f"R-{cop_no}-{status}",
                      cop_no, invt_no, status, info)  # fmt: skip
