"""Shared data for the traceability tests: the GS1 examples and a packed, shipped parcel."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from warehouse.trace.epc import sgln_urn, sgtin_urn, sscc_urn
from warehouse.trace.epcis import BizTransaction, EventContext, Party, steps
from warehouse.trace.epcis.events import biz_transaction_urn, object_event
from warehouse.trace.resolver import sscc_link
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import allocate_ssccs
from warehouse.trace.store import record_event

FIXTURES = Path(__file__).parents[1] / "fixtures" / "epcis"
EXAMPLES = sorted(FIXTURES.glob("*.jsonld"))
PREFIX = "0614141"
CPL = len(PREFIX)
SITE_GLN = "0614141000012"
BASE = "https://id.silkhub.example"
CST = dt.timezone(dt.timedelta(hours=8))
T0 = dt.datetime(2026, 11, 20, 8, 0, tzinfo=CST)
WAYBILL = "YT2026112100001"
BILL_OF_LADING = "BL-QD-BUSAN-0001"
BUYER_NAME = "张小明"
BUYER_ID = "370202199001011234"
BUSAN_GLN = "8801234000000"


def example(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def place(bin_code: str) -> str:
    return sgln_urn(SITE_GLN, CPL, bin_code)


@dataclass(frozen=True)
class Shipment:
    units: list[str]
    parcel: str
    carton: str
    pallet: str
    container: str

    @property
    def parcel_qr(self) -> str:
        return sscc_link(BASE, self.parcel)


def _ctx(minutes: int, where: str, **kw: Any) -> EventContext:
    return EventContext(
        T0 + dt.timedelta(minutes=minutes), read_point=place(where), biz_location=place(where), **kw
    )


def ship_a_parcel(session: Session, site: str = "QD-B") -> Shipment:
    """Two units into a parcel, the parcel into a carton, onto a pallet, into a container;
    the parcel tied to a waybill (with the buyer's name, which must never be shown publicly),
    the container to a bill of lading, inspected, released and shipped to Busan."""
    parcel, carton, pallet, container = allocate_ssccs(session, SsccConfig(0, PREFIX), 4)
    units = [sgtin_urn("04912345000019", f"U{i}", 7) for i in (1, 2)]
    u = sscc_urn
    origin = {"silk:origin": "JP"}
    events = [
        steps.commission(_ctx(0, "QD-B-IN", extensions=origin), units),
        steps.pack(_ctx(10, "QD-B-PACK"), sscc_link(BASE, parcel), units),
        steps.link_transaction(
            _ctx(11, "QD-B-PACK", extensions={"silk:buyer": {"name": BUYER_NAME, "id": BUYER_ID}}),
            [u(parcel, CPL)],
            [BizTransaction(biz_transaction_urn(SITE_GLN, WAYBILL), "urn:silkhub:btt:waybill")],
        ),
        steps.pack(_ctx(20, "QD-B-PACK"), u(carton, CPL), [u(parcel, CPL)]),
        steps.pack(_ctx(30, "QD-B-DOCK"), u(pallet, CPL), [u(carton, CPL)]),
        steps.pack(_ctx(40, "QD-PORT"), u(container, CPL), [u(pallet, CPL)]),
        steps.link_transaction(
            _ctx(45, "QD-PORT"),
            [u(container, CPL)],
            [BizTransaction(biz_transaction_urn(SITE_GLN, BILL_OF_LADING), "bol")],
        ),
        steps.inspect(_ctx(50, "QD-PORT"), [u(container, CPL)], conformant=True),
        object_event(
            _ctx(55, "QD-PORT", disposition="urn:silkhub:disp:customs_released"),
            epcs=[u(container, CPL)],
        ),
        steps.ship(
            _ctx(
                60,
                "QD-PORT",
                sources=[Party("location", place("QD-PORT"))],
                destinations=[Party("location", sgln_urn(BUSAN_GLN, 7, "BUSAN"))],
            ),
            [u(container, CPL)],
        ),
    ]
    for event in events:
        record_event(session, site, event)
    return Shipment(units, parcel, carton, pallet, container)
