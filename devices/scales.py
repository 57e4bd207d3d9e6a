"""Scale readings: stable ones are paired with the parcel scanned last at the same station.

Only ``stable: true`` readings are used (and recorded); settling readings just show the scale
is alive. The warehouse's weighing handler makes the decision (tolerance, overweight); its
answer goes to the scanner that scanned the paired parcel, as a ``cmd/ack`` carrying the
reading's ``msg_id`` (extension fields ``kind: "weight"``, ``gross_g``, ``scan_msg_id``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from devices.converters.weight import WeightMessage
from devices.recorder import Reply, ack_payload, recorded_acks, stations
from devices.records import ScanRecord, WeighingRecord
from warehouse.db import utcnow
from warehouse.errors import DomainError
from warehouse.scanning import Answer, Weighing, handle_weighing

INTERNAL = Answer.error("E_INTERNAL", "This weighing could not be handled. Call a supervisor.")


def record_weighings(
    session: Session, readings: Sequence[WeightMessage], handle: bool = True
) -> list[Reply]:
    stable = [r for r in readings if r.stable]
    acks = recorded_acks(session, WeighingRecord, ((r.device, r.msg_id) for r in stable))
    where = stations(session, (r.device for r in stable))
    replies: list[Reply] = []
    for reading in stable:
        key = (reading.device, reading.msg_id)
        if key in acks:
            replies.extend(_reply(reading.site, acks[key], duplicate=True))
            continue
        row = _record(session, reading, where.get(reading.device), handle)
        session.execute(insert(WeighingRecord), [row])
        acks[key] = row["ack"]
        replies.extend(_reply(reading.site, row["ack"]))
    return replies


def _reply(site: str, stored: dict[str, Any], duplicate: bool = False) -> list[Reply]:
    to = stored.get("to")
    return [Reply(to, site, stored["payload"], duplicate)] if to else []


def last_scan_at(session: Session, station: str) -> ScanRecord | None:
    return session.scalar(
        select(ScanRecord)
        .where(ScanRecord.station_id == station)
        .order_by(ScanRecord.pk.desc())
        .limit(1)
    )


def _record(
    session: Session, reading: WeightMessage, station: str | None, handle: bool
) -> dict[str, Any]:
    parcel = last_scan_at(session, station) if station else None
    code = parcel.code if parcel is not None else None
    answer = _decide(session, reading, station, code) if handle else INTERNAL
    payload = ack_payload(reading.msg_id, answer)
    payload.update(kind="weight", gross_g=reading.gross_g, tare_g=reading.tare_g)
    if parcel is not None:
        payload.update(scan_msg_id=parcel.msg_id, parcel=parcel.code)
    return {
        "device_id": reading.device, "msg_id": reading.msg_id, "seq": reading.seq,
        "station_id": station, "gross_g": reading.gross_g, "tare_g": reading.tare_g,
        "ts": reading.ts, "received_at": utcnow(),
        "scan_pk": parcel.pk if parcel else None, "code": parcel.code if parcel else None,
        "reply_device": parcel.device_id if parcel else None,
        "result": answer.result, "answer_code": answer.code, "message": answer.message,
        "ack": {"to": parcel.device_id if parcel else None, "payload": payload},
    }  # fmt: skip


def _decide(
    session: Session, reading: WeightMessage, station: str | None, parcel: str | None
) -> Answer:
    if station is None:
        return Answer("warn", "W_NO_STATION", "This scale belongs to no station.")
    weighing = Weighing(
        device=reading.device, site=reading.site, station=station, msg_id=reading.msg_id,
        gross_g=reading.gross_g, tare_g=reading.tare_g, ts=reading.ts, parcel=parcel,
    )  # fmt: skip
    try:
        return handle_weighing(session, weighing)
    except DomainError as exc:
        return Answer.error(exc.code, exc.message)
