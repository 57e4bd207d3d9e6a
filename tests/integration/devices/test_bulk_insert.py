"""Scan rows written at once (COPY on PostgreSQL) read back as an ORM insert writes them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, cast

import pytest
from sqlalchemy import Table, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from devices import registry
from devices.bulkinsert import insert_rows
from devices.records import ScanRecord
from warehouse.db import make_engine

SCANS = cast(Table, ScanRecord.__table__)
TS = datetime(2026, 11, 21, 8, 0, 0, 123000, tzinfo=UTC)


def _row(device: str, msg_id: str, **extra: Any) -> dict[str, Any]:
    ack = {"v": 1, "msg_id": msg_id, "result": "ok", "code": "OK", "message": "Zu Lager „A“"}
    row = {
        "device_id": device, "msg_id": msg_id, "seq": 7, "site": "qd", "station_id": None,
        "op": "putaway", "code": "00069123450000000017", "symbology": None,
        "code_kind": "sscc", "keys": {"sscc": "069123450000000017"}, "user": "u-017",
        "location": None, "task": "RCV\t1\\n", "ts": TS, "received_at": TS, "result": "ok",
        "answer_code": "OK", "message": "line one\nline two", "ack": ack,
    }  # fmt: skip
    return {**row, **extra}


@pytest.fixture
def session(gateway_db: str) -> Any:
    engine = make_engine(gateway_db)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _device(session: Session) -> str:
    device = "bi-" + uuid.uuid4().hex[:8]
    registry.enrol_unknown(session, {device: ("qd", registry.Kind.SCANNER)})
    session.commit()
    return device


def test_rows_read_back_as_written(session: Session) -> None:
    """Text with tabs, newlines and backslashes, JSON, NULLs and UTC times survive the write."""
    device = _device(session)
    rows = [_row(device, f"{device}:{n}", keys=None if n else {"gtin": "1"}) for n in range(3)]
    insert_rows(session, SCANS, rows)
    session.commit()
    found = session.scalars(
        select(ScanRecord).where(ScanRecord.device_id == device).order_by(ScanRecord.pk)
    ).all()
    columns = list(rows[0])
    assert [{c: getattr(r, c) for c in columns} for r in found] == rows


def test_a_recorded_key_is_an_integrity_error(session: Session) -> None:
    """A (device, msg_id) recorded already fails as SQLAlchemy's IntegrityError, which the
    pipeline answers by reading the stored ack."""
    device = _device(session)
    insert_rows(session, SCANS, [_row(device, f"{device}:1")])
    session.commit()
    with pytest.raises(IntegrityError):
        insert_rows(session, SCANS, [_row(device, f"{device}:2"), _row(device, f"{device}:1")])
    session.rollback()
    assert session.scalars(
        select(ScanRecord.msg_id).where(ScanRecord.device_id == device)
    ).all() == [f"{device}:1"]
