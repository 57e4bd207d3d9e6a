"""CEB messages: XML round trips in the chinaport namespace, signatures catch changes."""

from __future__ import annotations

import random

import pytest

from simulators.customs import CustomsSimulator, receipt_xml
from warehouse.bonded import demo
from warehouse.customs import xml
from warehouse.customs.documents import Receipt
from warehouse.customs.signing import HmacSigner
from warehouse.errors import Invalid


def test_order_payment_waybill_round_trip_signed() -> None:
    """CEB311/411/511 export and import give back the same documents, signature checked."""
    signer = HmacSigner(b"test-key")
    for doc in demo.make_order(random.Random(2), demo.plan(), 7):
        text = xml.to_xml(doc, signer)
        assert 'xmlns:ceb="http://www.chinaport.gov.cn/ceb"' in text
        assert xml.parse(text, signer) == doc


def test_a_changed_signed_message_is_refused() -> None:
    """Changing a signed message's content fails with E_BAD_SIGNATURE."""
    signer = HmacSigner(b"test-key")
    order = demo.make_order(random.Random(2), demo.plan(), 7)[0]
    text = xml.to_xml(order, signer).replace(order.buyer_name, "冒名", 1)
    with pytest.raises(Invalid) as refused:
        xml.parse(text, signer)
    assert refused.value.code == "E_BAD_SIGNATURE"


def test_simulator_receipts_parse_as_ceb622() -> None:
    """The customs simulator's receipts are CEB622 messages this system reads."""
    assert xml.parse(receipt_xml("C1", "I1", "800", "ok")) == Receipt(
        "C1", "I1", "800", "ok", xml.parse(receipt_xml("C1", "I1", "800", "ok")).time
    )


def test_a_ceb622_message_carries_several_receipts_in_order() -> None:
    """Several InventoryReturn elements parse as receipts in order; none, or another message,
    is E_BAD_MESSAGE."""
    from app.cli.simulate_client import one_message

    sent = [("A1", "120"), ("A1", "800"), ("B2", "500")]
    text = one_message([receipt_xml(no, "I" + no, status, "i") for no, status in sent])
    got = xml.parse_receipts(text)
    assert [(r.cop_no, r.invt_no, r.status) for r in got] == [(n, "I" + n, s) for n, s in sent]
    for bad in (
        one_message([]),
        "<x/>",
        "not xml",
        xml.to_xml(demo.make_order(random.Random(1), demo.plan(), 1)[0]),
    ):
        with pytest.raises(Invalid) as refused:
            xml.parse_receipts(bad)
        assert refused.value.code == "E_BAD_MESSAGE"


def test_inspection_rates_follow_credit_class() -> None:
    """Over 2,000 manifests: advanced < 20% of ordinary's rate, dishonest >= 80%; seeded."""
    rates = {}
    for credit in ("advanced", "ordinary", "dishonest"):
        sim = CustomsSimulator(seed=4)
        sim.register("E000000001", credit)
        picks = [sim.decide(_manifest(n)).inspect for n in range(2000)]
        rates[credit] = sum(picks) / len(picks)
    assert rates["advanced"] < 0.2 * rates["ordinary"] and rates["dishonest"] >= 0.8
    again = CustomsSimulator(seed=4)
    again.register("E000000001", "ordinary")
    assert [again.decide(_manifest(n)).inspect for n in range(50)] == [
        CustomsSimulator(4, credit={"E000000001": "ordinary"}).decide(_manifest(n)).inspect
        for n in range(50)
    ]


def _manifest(n: int) -> str:
    ns = "http://www.chinaport.gov.cn/ceb"
    return (
        f'<ceb:CEB621Message xmlns:ceb="{ns}"><ceb:Inventory><ceb:InventoryHead>'
        f"<ceb:copNo>C{n}</ceb:copNo><ceb:ebcCode>E000000001</ceb:ebcCode>"
        "</ceb:InventoryHead><ceb:InventoryList><ceb:gcode>1901000000</ceb:gcode>"
        "<ceb:totalPrice>100</ceb:totalPrice></ceb:InventoryList></ceb:Inventory>"
        "</ceb:CEB621Message>"
    )
