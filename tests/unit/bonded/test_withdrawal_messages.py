"""CEB623 (manifest withdrawal) and CEB624 (its receipt) as XML, and the simulator's answer."""

from __future__ import annotations

import pytest

from simulators.customs import CustomsSimulator, cancel_receipt_xml
from warehouse.customs import xml
from warehouse.customs.documents import CancelReceipt, CancelRequest
from warehouse.customs.signing import HmacSigner
from warehouse.errors import Invalid

REQUEST = CancelRequest(
    cop_no="SO-1",
    invt_no="5100I0001",
    order_no="SO-1",
    ebc_code="3301960001",
    logistics_no="YT0001",
    customs_code="5100",
    buyer_id_number="110101199003070011",
    buyer_name="张三",
    reason="buyer cancelled",
    app_time="20261121120000",
)


def test_a_withdrawal_round_trips_signed() -> None:
    """A CEB623 written and signed is read back as the same document under its signature."""
    signer = HmacSigner(b"key")
    message = xml.to_xml(REQUEST, signer)
    assert "CEB623Message" in message and "<ceb:invtNo>5100I0001</ceb:invtNo>" in message
    assert xml.parse(message, signer) == REQUEST


def test_a_tampered_withdrawal_is_refused() -> None:
    """Changing a signed CEB623 breaks its signature: E_BAD_SIGNATURE."""
    signer = HmacSigner(b"key")
    message = xml.to_xml(REQUEST, signer).replace("buyer cancelled", "something else")
    with pytest.raises(Invalid) as caught:
        xml.parse(message, signer)
    assert caught.value.code == "E_BAD_SIGNATURE"


def test_a_ceb624_reads_as_a_cancel_receipt() -> None:
    """The simulator's CEB624 is read as a CancelReceipt with copNo, invtNo and status."""
    found = xml.parse(cancel_receipt_xml("SO-1", "5100I0001", "399", "approved"))
    assert isinstance(found, CancelReceipt)
    assert (found.cop_no, found.invt_no, found.status) == ("SO-1", "5100I0001", "399")


def test_the_simulator_refuses_to_withdraw_a_released_manifest() -> None:
    """Customs answers 120 then 100 for a manifest it released, 399 for one it did not."""
    simulator = CustomsSimulator()
    simulator.released.add("SO-1")
    answers = [xml.parse(m) for m in simulator.handle(xml.to_xml(REQUEST))]
    assert [a.status for a in answers] == ["120", "100"]
    simulator.released.clear()
    answers = [xml.parse(m) for m in simulator.handle(xml.to_xml(REQUEST))]
    assert [a.status for a in answers] == ["120", "399"]
