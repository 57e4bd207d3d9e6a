"""A stable weight reaches the packing service with the code of the parcel it was paired with."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy.orm import Session

from devices import registry
from devices.converters.scan import ScanMessage
from devices.converters.weight import WeightMessage
from devices.recorder import Pending, record_scans
from devices.registry import Kind, NewDevice
from devices.scales import record_weighings
from warehouse import scanning
from warehouse.access.audit import SYSTEM
from warehouse.db import make_engine
from warehouse.scanning import Answer, Weighing

TS = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_the_weighing_carries_the_parcel_scanned_last_at_the_station(
    gateway_db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The weight payload has no parcel field (the contract pairs by station): the packing
    service is told which parcel the gateway paired the reading with."""
    seen: list[Weighing] = []

    def capture(_session: Session, weighing: Weighing) -> Answer:
        seen.append(weighing)
        return Answer.ok("weighed")

    monkeypatch.setattr(scanning, "_WEIGHING_HANDLERS", [capture])
    tag = uuid.uuid4().hex[:8]
    station, scanner, scale = f"PACK-{tag}", f"hs-{tag}", f"sc-{tag}"
    code = "https://id.gs1.org/00/061414100000000017"
    engine = make_engine(gateway_db)
    with Session(engine) as session:
        for device, kind in ((scanner, Kind.SCANNER), (scale, Kind.SCALE)):
            registry.register(session, SYSTEM, NewDevice(device, kind, "qd", station))
        scan = ScanMessage(scanner, "qd", f"{scanner}:1", 1, "tally", TS, code, None, "qr",
                           None, station, None)  # fmt: skip
        record_scans(session, [Pending(scan)])
        reading = WeightMessage(scale, "qd", f"{scale}:1", 1, 1234, 0, True, TS)
        replies = record_weighings(session, [reading])
        session.rollback()
    engine.dispose()
    assert [w.parcel for w in seen] == [code]
    assert replies[0].payload["parcel"] == code and replies[0].device == scanner
