"""Record a batch of scans with their effects, in the caller's transaction, each exactly once.

For every scan the batch holds: if (device, msg_id) is recorded already (an earlier batch, or
earlier in this one), the stored ack is answered again and nothing else happens. Otherwise the
code is checked, the warehouse handles the scan (``warehouse.scanning.handle_scans``: the new
scans in order, runs of a read-only operation such as ``lookup`` in a few queries for the
run), and the scan row is written with the answer, in the same transaction as the handlers'
effects. The caller commits, and only then acks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from devices.bulkinsert import insert_rows
from devices.codes import classify
from devices.converters.scan import ScanMessage
from devices.records import ScanRecord
from devices.registry import Device
from warehouse.db import utcnow
from warehouse.scanning import Answer, Scan, handle_scans
from warehouse.sql import one_of

Key = tuple[str, str]
SCANS = cast(Table, ScanRecord.__table__)  # Core insert: no ORM bookkeeping per row


@dataclass(frozen=True)
class Reply:
    """An ack to publish after the commit: ``payload`` goes to the device's ``cmd/ack``."""

    device: str
    site: str
    payload: dict[str, Any]
    duplicate: bool = False


@dataclass(frozen=True)
class Pending:
    """A scan to record; ``answer`` is set when it was answered before any handler ran
    (no code in the picture)."""

    scan: ScanMessage
    answer: Answer | None = None


def ack_payload(msg_id: str, answer: Answer) -> dict[str, Any]:
    body: dict[str, Any] = {
        "v": 1, "msg_id": msg_id, "result": answer.result, "code": answer.code,
        "message": answer.message,
    }  # fmt: skip
    if answer.next is not None:
        body["next"] = answer.next
    return body


def recorded_acks(session: Session, model: Any, keys: Iterable[Key]) -> dict[Key, Any]:
    """The stored acks of the messages among ``keys`` that are recorded already."""
    wanted = set(keys)
    devices = sorted({d for d, _ in wanted})
    ids = sorted({m for _, m in wanted})
    found: dict[Key, Any] = {}
    for start in range(0, len(ids), 500):
        rows = session.execute(
            select(model.device_id, model.msg_id, model.ack).where(
                one_of(session, model.device_id, devices),
                one_of(session, model.msg_id, ids[start : start + 500]),
            )
        )
        found.update({k: r.ack for r in rows if (k := (r.device_id, r.msg_id)) in wanted})
    return found


def stations(session: Session, devices: Iterable[str]) -> dict[str, str | None]:
    rows = session.execute(
        select(Device.device_id, Device.station_id).where(Device.device_id.in_(set(devices)))
    )
    return {r.device_id: r.station_id for r in rows}


def record_scans(session: Session, batch: Sequence[Pending]) -> list[Reply]:
    """Record new scans, answer redelivered ones with their stored ack; one reply each.

    The new scans are handled together (``handle_scans``: runs of read-only operations in a
    few queries), in their order, before their rows are written at once (COPY on PostgreSQL).
    """
    acks = recorded_acks(session, ScanRecord, ((p.scan.device, p.scan.msg_id) for p in batch))
    fresh: dict[Key, Pending] = {}
    for item in batch:
        key = (item.scan.device, item.scan.msg_id)
        if key not in acks:
            fresh.setdefault(key, item)
    rows = _rows(session, list(fresh.values()))
    acks.update({(r["device_id"], r["msg_id"]): r["ack"] for r in rows})
    insert_rows(session, SCANS, rows)
    replies = []
    for item in batch:
        key = (item.scan.device, item.scan.msg_id)
        first = fresh.pop(key, None) is not None  # later copies in the batch are redeliveries
        replies.append(Reply(item.scan.device, item.scan.site, acks[key], duplicate=not first))
    return replies


def _rows(session: Session, fresh: list[Pending]) -> list[dict[str, Any]]:
    """The scan rows of ``fresh``, each with its answer: refused codes are answered without a
    handler, the others by the warehouse."""
    where = stations(session, (p.scan.device for p in fresh))
    classified = [_classified(item) for item in fresh]
    pairs = list(zip(fresh, classified, strict=True))
    handled = [_domain_scan(item.scan) for item, (_, _, answer) in pairs if answer is None]
    answers = iter(handle_scans(session, handled))
    now = utcnow()
    rows = []
    for item, (kind, keys, answer) in pairs:
        scan = item.scan
        answer = answer or next(answers)
        rows.append({
            "device_id": scan.device, "msg_id": scan.msg_id, "seq": scan.seq, "site": scan.site,
            "station_id": where.get(scan.device), "op": scan.op, "code": scan.code or "",
            "symbology": scan.symbology, "code_kind": kind, "keys": keys, "user": scan.user,
            "location": scan.location, "task": scan.task, "ts": scan.ts, "received_at": now,
            "result": answer.result, "answer_code": answer.code, "message": answer.message,
            "ack": ack_payload(scan.msg_id, answer),
        })  # fmt: skip
    return rows


def _classified(item: Pending) -> tuple[str | None, dict[str, str] | None, Answer | None]:
    """The code's kind and keys, and the answer when the code is refused before any handler."""
    if item.answer is not None:
        return None, None, item.answer
    assert item.scan.code is not None  # images are read before recording
    found = classify(item.scan.code, item.scan.symbology)
    return found.kind, found.keys or None, found.refusal


def _domain_scan(msg: ScanMessage) -> Scan:
    return Scan(
        device=msg.device, site=msg.site, msg_id=msg.msg_id, op=msg.op, code=msg.code or "",
        ts=msg.ts, symbology=msg.symbology, user=msg.user, location=msg.location, task=msg.task,
    )  # fmt: skip


def internal_error(item: Pending) -> Pending:
    """The scan answered ``E_INTERNAL``: a handler failed on it, and it must not come back
    forever. It is recorded, so a person can look at it."""
    answer = Answer.error("E_INTERNAL", "This scan could not be handled. Call a supervisor.")
    return Pending(item.scan, answer)
