"""Gap checks on the recorded scans do not depend on the order in which gateways commit."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from devices import registry
from devices.dispatcher import GAP_OVERLAP_ROWS, Dispatcher
from devices.records import ScanRecord
from devices.registry import Device, Kind, NewDevice
from warehouse.access.audit import SYSTEM
from warehouse.db import make_engine
from warehouse.uow import UnitOfWork

TS = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
SEQUENCE_PAST_MAX = (
    "SELECT setval(pg_get_serial_sequence('device_scans', 'pk'), "
    "(SELECT max(pk) FROM device_scans))"
)


def _no_publishing(*_: object) -> Any:
    raise AssertionError("a gap check publishes nothing")


def _commit(factory: sessionmaker[Session], device: str, base_pk: int, seqs: Iterable[int]) -> None:
    """Rows of ``device`` with these numbers, at pks ``base_pk + seq``, in one transaction."""
    rows = [
        {"pk": base_pk + n, "device_id": device, "msg_id": f"{device}:{n:07d}", "seq": n,
         "site": "qd", "op": "lookup", "code": "C", "ts": TS, "received_at": TS,
         "result": "ok", "answer_code": "OK", "message": "", "ack": {}}
        for n in seqs
    ]  # fmt: skip
    with factory() as session:
        session.execute(insert(ScanRecord), rows)
        if session.get_bind().dialect.name == "postgresql":  # pks given: move the sequence on
            session.execute(text(SEQUENCE_PAST_MAX))
        session.commit()


def test_a_batch_committed_late_below_the_overlap_is_no_gap(gateway_db: str) -> None:
    """Two gateways share a device's scans: one commits numbers 1..1000 and 3501..6000 while
    the other still holds 1001..3500 (lower pks, committed after the check has read beyond
    them by more than the re-read overlap). No number is reported missing."""
    engine = make_engine(gateway_db)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    device = f"hs-{uuid.uuid4().hex[:8]}"
    with factory() as session:
        registry.register(session, SYSTEM, NewDevice(device, Kind.SCANNER, "qd", None))
        base = (session.scalar(select(ScanRecord.pk).order_by(ScanRecord.pk.desc())) or 0) + 10
        session.commit()
    dispatcher = Dispatcher(lambda: UnitOfWork(factory), _no_publishing, "wh", gap_grace_s=5)
    _commit(factory, device, base, range(1, 1001))
    dispatcher.check_gaps(now=0)
    _commit(factory, device, base, range(3501, 6001))
    dispatcher.check_gaps(now=1)
    assert GAP_OVERLAP_ROWS < 3500 - 1000
    _commit(factory, device, base, range(1001, 3501))
    dispatcher.check_gaps(now=10)
    dispatcher.check_gaps(now=60)
    with factory() as session:
        missing = session.scalar(select(Device.missing).where(Device.device_id == device))
    engine.dispose()
    assert dispatcher.gaps.missing(device) == 0 and not missing
