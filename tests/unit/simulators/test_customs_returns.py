"""The customs simulator's returns desk: CEB625 in, CEB626 out, by its rules and seed."""

from __future__ import annotations

import pytest

from simulators.customs import CustomsSimulator
from simulators.customs_returns import ReturnDesk, return_receipt_xml
from warehouse.customs import xml
from warehouse.customs.documents import ReturnRequest
from warehouse.customs.returns_port import APPROVED, RECEIVED, REFUSED, is_return_receipt, parse
from warehouse.errors import Invalid

NO_REFUSALS = {"advanced": 0.0, "ordinary": 0.0, "dishonest": 0.0}


def ceb625(
    cop_no: str = "COP-1", invt_no: str = "I-1", lines: tuple[tuple[int, int], ...] = ((1, 2),)
) -> str:
    doc = ReturnRequest(cop_no, invt_no, "ORD-1", "E000000001", "WB-1", "ID", "Buyer", "x", lines)
    return xml.to_xml(doc)


def answers(desk: ReturnDesk, message: str, credit: str = "ordinary") -> list[tuple[str, str]]:
    return [(r.status, r.info) for r in map(parse, desk.handle(message, credit))]


def test_a_valid_return_is_received_then_approved_once() -> None:
    """120 then 800; the same manifest's second request is refused (one return each)."""
    desk = ReturnDesk(refusal_rates=NO_REFUSALS)
    assert answers(desk, ceb625()) == [(RECEIVED, "received"), (APPROVED, "approved")]
    status, info = answers(desk, ceb625())[-1]
    assert status == REFUSED and "already approved" in info


@pytest.mark.parametrize(
    ("message", "why"),
    [
        (ceb625(lines=()), "no goods"),
        (ceb625(lines=((1, 0),)), "no goods"),
        (ceb625(invt_no=""), "not released"),
    ],
)
def test_requests_breaking_a_rule_are_refused_with_the_rule(message: str, why: str) -> None:
    """No lines, a zero quantity or no invtNo: 100 naming the rule."""
    status, info = answers(ReturnDesk(refusal_rates=NO_REFUSALS), message)[-1]
    assert status == REFUSED and why in info


def test_lines_are_checked_against_the_manifest_customs_saw() -> None:
    """A returned gnum not on the CEB621, or more than declared, is refused."""
    sim = CustomsSimulator(seed=1, returns=ReturnDesk(seed=1, refusal_rates=NO_REFUSALS))
    manifest = (
        '<ceb:CEB621Message xmlns:ceb="http://www.chinaport.gov.cn/ceb"><ceb:Inventory>'
        "<ceb:InventoryHead><ceb:copNo>COP-9</ceb:copNo><ceb:ebcCode>E1</ceb:ebcCode>"
        "</ceb:InventoryHead><ceb:InventoryList><ceb:gnum>1</ceb:gnum><ceb:qty>2</ceb:qty>"
        "<ceb:gcode>0401</ceb:gcode><ceb:totalPrice>10</ceb:totalPrice></ceb:InventoryList>"
        "</ceb:Inventory></ceb:CEB621Message>"
    )
    sim.handle(manifest)
    too_many = parse(sim.handle(ceb625("COP-9", lines=((1, 3),)))[-1])
    assert too_many.status == REFUSED and "not on the manifest" in too_many.info
    assert parse(sim.handle(ceb625("COP-9", lines=((1, 2),)))[-1]).status == APPROVED


def test_the_document_check_is_seeded_by_copno_and_follows_the_credit_class() -> None:
    """Same seed, same answers whatever the order; rate 1 refuses all, 0 none; the default
    rates refuse dishonest enterprises far more often than advanced certified ones."""
    cops = [f"COP-{i}" for i in range(300)]
    first = [answers(ReturnDesk(seed=5), ceb625(c), "dishonest")[-1][0] for c in cops]
    again = [answers(ReturnDesk(seed=5), ceb625(c), "dishonest")[-1][0] for c in reversed(cops)]
    assert first == list(reversed(again))
    rated = ReturnDesk(refusal_rates={"ordinary": 1.0})
    assert all(answers(rated, ceb625(c))[-1][0] == REFUSED for c in cops[:20])
    dishonest = first.count(REFUSED)
    advanced = [answers(ReturnDesk(seed=5), ceb625(c), "advanced")[-1][0] for c in cops]
    assert advanced.count(REFUSED) == 0 < dishonest


def test_ceb626_messages_are_told_apart_and_read() -> None:
    """The port reads the simulator's CEB626; a CEB622 or garbage is E_BAD_MESSAGE."""
    message = return_receipt_xml("COP-1", "I-1", "100", "because")
    assert is_return_receipt(message) and parse(message).info == "because"
    from simulators.customs import receipt_xml

    manifest_receipt = receipt_xml("COP-1", "I-1", "800", "released")
    assert not is_return_receipt(manifest_receipt)
    for bad in (manifest_receipt, "<nope", return_receipt_xml("COP-1", "I", "999", "?")):
        with pytest.raises(Invalid):
            parse(bad)
