"""Scans from handheld pages, recorded exactly as the device gateway records MQTT scans.

A page keeps each scan in its outbox with a ``msg_id`` made on the device and sends it again,
with the same ``msg_id``, until an answer arrives. The scan goes through the gateway's
recorder (``devices.recorder``): the first arrival is handled and recorded with its answer in
the caller's transaction; a resend finds the record, gets the recorded ack again and changes
nothing. The caller commits.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from devices import registry
from devices.codes import classify, read_image
from devices.converters.scan import ScanMessage
from devices.recorder import Pending, record_scans, recorded_acks
from devices.records import ScanRecord
from warehouse.db import utcnow
from warehouse.errors import DomainError
from warehouse.scanning import Answer, Scan, handle_scan


@dataclass(frozen=True)
class Recorded:
    """The ack (as published on ``cmd/ack``); ``details`` only on the first answer."""

    ack: dict[str, Any]
    details: dict[str, Any]
    duplicate: bool

    def body(self) -> dict[str, Any]:
        return {**self.ack, "details": self.details, "duplicate": self.duplicate}


def earlier(session: Session, device: str, msg_id: str) -> Recorded | None:
    """The recorded answer of a scan sent before, if there is one."""
    ack = recorded_acks(session, ScanRecord, [(device, msg_id)]).get((device, msg_id))
    return None if ack is None else Recorded(ack, {}, True)


def record(session: Session, msg: ScanMessage) -> Recorded:
    """Handle and record ``msg`` once; a resend gets the recorded answer again."""
    found = earlier(session, msg.device, msg.msg_id)
    if found is not None:
        return found
    registry.enrol_unknown(session, {msg.device: (msg.site, registry.Kind.SCANNER)})
    msg, answer = _answer(session, msg)
    reply = record_scans(session, [Pending(msg, answer)])[0]
    registry.touch(session, {msg.device: utcnow()})
    return Recorded(reply.payload, dict(answer.details) if not reply.duplicate else {}, False)


def _answer(session: Session, msg: ScanMessage) -> tuple[ScanMessage, Answer]:
    """Read the image, check the code, then let the warehouse handle the scan."""
    read = read_image(msg)
    if isinstance(read, Answer):
        return replace(msg, image=None), read
    msg = replace(read, image=None)
    assert msg.code is not None
    refusal = classify(msg.code, msg.symbology).refusal
    if refusal is not None:
        return msg, refusal
    try:
        return msg, handle_scan(session, _scan(msg))
    except DomainError as exc:  # refused, nothing changed
        return msg, Answer.error(exc.code, exc.message, **exc.details)


def _scan(msg: ScanMessage) -> Scan:
    return Scan(
        device=msg.device, site=msg.site, msg_id=msg.msg_id, op=msg.op, code=msg.code or "",
        ts=msg.ts, symbology=msg.symbology, user=msg.user, location=msg.location, task=msg.task,
    )  # fmt: skip


def scan_time(sent: datetime | None, now: datetime) -> datetime:
    """The device's time of the scan (kept while offline), never later than now."""
    return now if sent is None or sent > now else sent
