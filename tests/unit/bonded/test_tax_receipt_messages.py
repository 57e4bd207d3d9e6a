"""CEB816 (tax receipt) as XML, and the simulator's assessment against the order's tax rules."""

from __future__ import annotations

import random
from decimal import Decimal

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from simulators.customs_tax import Tariff, assess, tax_receipt_xml
from warehouse.customs import xml
from warehouse.customs.documents import TaxReceipt
from warehouse.customs.tax import Goods, order_tax

NS = "http://www.chinaport.gov.cn/ceb"


def manifest_xml(lines: list[tuple[Decimal, str]], freight: Decimal) -> str:
    rows = "".join(
        f"<ceb:InventoryList><ceb:gcode>{gcode}</ceb:gcode>"
        f"<ceb:totalPrice>{value}</ceb:totalPrice></ceb:InventoryList>"
        for value, gcode in lines
    )
    return (
        f'<ceb:CEB621Message xmlns:ceb="{NS}"><ceb:Inventory><ceb:InventoryHead>'
        "<ceb:copNo>SO-1</ceb:copNo><ceb:orderNo>SO-1</ceb:orderNo>"
        f"<ceb:freight>{freight}</ceb:freight></ceb:InventoryHead>{rows}"
        "</ceb:Inventory></ceb:CEB621Message>"
    )


def test_a_ceb816_reads_as_a_tax_receipt() -> None:
    """The simulator's CEB816 is read as a TaxReceipt whose total is the sum of its taxes."""
    message = tax_receipt_xml(
        manifest_xml([(Decimal("199.00"), "3304990099")], Decimal("8.00")), "I1", Tariff()
    )
    found = xml.parse(message)
    assert isinstance(found, TaxReceipt)
    assert (found.cop_no, found.invt_no, found.order_no) == ("SO-1", "I1", "SO-1")
    assert found.tax_total == found.customs_tax + found.value_added_tax + found.consumption_tax
    assert found.consumption_tax > 0


@seed(816)
@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=10**6))
def test_customs_assesses_what_the_order_computed(draw: int) -> None:
    """Without a discount, customs' assessment of a manifest equals the order's retail tax, with
    the demo's rates: consumption tax on cosmetics (3304), the reduced VAT on milk (0402)."""
    rng = random.Random(draw)
    gcodes = ["3304990099", "0402210000", "9503008900"]
    lines = [
        (Decimal(rng.randint(100, 99_999)) / 100, rng.choice(gcodes))
        for _ in range(rng.randint(1, 4))
    ]
    freight = Decimal(rng.choice((0, 800, 1200, 1999))) / 100
    ct = {"3304": Decimal("0.15")}
    vat = {"0402": Decimal("0.09")}
    goods = [Goods(v, vat.get(g[:4], Decimal("0.13")), ct.get(g[:4], Decimal(0))) for v, g in lines]
    ours = order_tax(goods, freight, Decimal(0), False, Decimal("0.7"))
    duty, vat, ct = assess(manifest_xml(lines, freight), Tariff())
    assert (duty, vat, ct) == (ours.duty, ours.vat, ours.consumption)
