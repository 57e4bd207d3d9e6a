"""The supervisor board's figures, read from what the floor recorded; nothing is written.

Throughput counts recorded scans (``device_scans``, from the gateway and the handheld pages
alike) per minute and operation; refused scans are counted apart. Dwell times are medians
over the last day. The ledger check is the same service as ``GET /api/v1/ledger-check``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from devices.records import ScanRecord
from devices.registry import Device
from warehouse.bonded import check
from warehouse.bonded.holds import CUSTOMS_REASONS, Hold
from warehouse.customs.manifest import Manifest
from warehouse.fulfilment.models import Parcel, PickTask

DAY = timedelta(days=1)
DEVICE_LIMIT = 60


def minute_of(at: datetime) -> int:
    """Epoch seconds of the minute ``at`` falls in."""
    return int(at.timestamp()) // 60 * 60


def throughput(session: Session, now: datetime, minutes: int) -> dict[str, Any]:
    """Scans per minute and operation over the last ``minutes``, oldest first."""
    last = minute_of(now)
    axis = [last - 60 * (minutes - 1 - i) for i in range(minutes)]
    since = datetime.fromtimestamp(axis[0], now.tzinfo)
    rows = session.execute(
        select(ScanRecord.op, ScanRecord.result, ScanRecord.received_at).where(
            ScanRecord.received_at >= since
        )
    )
    done: dict[str, Counter[int]] = defaultdict(Counter)
    refused: Counter[int] = Counter()
    for op, result, at in rows:
        (refused if result == "error" else done[op])[minute_of(at)] += 1
    return {
        "minutes": axis,
        "ops": {op: [counts[m] for m in axis] for op, counts in sorted(done.items())},
        "refused": [refused[m] for m in axis],
    }


def queues(session: Session) -> dict[str, Any]:
    """Work waiting: pick tasks in released waves, packed parcels, active holds by reason."""
    holds = session.execute(
        select(Hold.reason, func.count()).where(Hold.active.is_(True)).group_by(Hold.reason)
    )
    return {
        "open_picks": _count(session, select(func.count()).where(PickTask.status == "open")),
        "awaiting_gate": _count(session, select(func.count()).where(Parcel.status == "packed")),
        "holds": {reason: int(n) for reason, n in holds},
    }


def _count(session: Session, query: Any) -> int:
    return int(session.scalar(query) or 0)


def _minutes(spans: Iterable[timedelta]) -> float | None:
    values = [s.total_seconds() / 60 for s in spans]
    return round(median(values), 1) if values else None


def dwell(session: Session, now: datetime) -> dict[str, float | None]:
    """Median minutes: declared -> released (customs), released -> shipped, holds open now."""
    released = session.execute(
        select(Manifest.declared_at, Manifest.released_at).where(Manifest.released_at >= now - DAY)
    ).all()
    shipped = session.execute(
        select(Manifest.released_at, Parcel.shipped_at)
        .join(Parcel, Parcel.order_id == Manifest.order_id)
        .where(Parcel.shipped_at >= now - DAY, Manifest.released_at.is_not(None))
    ).all()
    held = session.scalars(select(Hold.created_at).where(Hold.active.is_(True))).all()
    return {
        "customs_release": _minutes(r - d for d, r in released if r is not None),
        "release_to_gate": _minutes(s - r for r, s in shipped if r is not None and s is not None),
        "open_holds": _minutes(now - h for h in held),
    }


def customs(session: Session, now: datetime) -> dict[str, Any]:
    """Manifests declared in the last day by status; release and inspection rates."""
    rows = session.execute(
        select(Manifest.status, func.count())
        .where(Manifest.declared_at >= now - DAY)
        .group_by(Manifest.status)
    )
    statuses = {status: int(n) for status, n in rows}
    total = sum(statuses.values())
    inspected = _count(
        session,
        select(func.count(func.distinct(Hold.subject_id))).where(
            Hold.reason.in_([r.value for r in CUSTOMS_REASONS]), Hold.created_at >= now - DAY
        ),
    )
    released = statuses.get("released", 0) + statuses.get("written_off", 0)
    return {
        "declared": total,
        "statuses": statuses,
        "release_rate": round(released / total, 3) if total else None,
        "inspection_rate": round(min(inspected, total) / total, 3) if total else None,
    }


def devices(session: Session) -> list[dict[str, Any]]:
    """Online devices first, then the most recently seen."""
    rows = session.scalars(
        select(Device).order_by(Device.state != "online", Device.last_seen.desc().nulls_last(),
               Device.device_id)
        .limit(DEVICE_LIMIT)
    )  # fmt: skip
    return [
        {"id": d.device_id, "kind": d.kind, "state": d.state, "battery": d.battery,
         "last_seen": d.last_seen}
        for d in rows
    ]  # fmt: skip


def ledger(session: Session) -> dict[str, Any]:
    found = check.differences(session)
    return {
        "ok": not found,
        "items": check.item_count(session),
        "differences": [d.describe() for d in found[:5]],
        "difference_count": len(found),
    }
