"""Print jobs: a label for a station, rendered once, carried through to a printed label.

Lifecycle: ``queued`` -> ``sent`` (to one printer of the station) -> ``printed``, or on an
error (``paper_out``, ``jam``, a label that does not scan back, no answer in time) back to
``queued`` for another printer of the station (the same one again only when it is the
station's only printer, after a pause), until ``MAX_ATTEMPTS`` make it ``failed``. Every
transition is kept in ``history`` and in the audit trail: no job is lost silently.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, String, Text, or_, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from devices.labels import Label, render_png, render_zpl, sscc_label, waybill_label
from devices.registry import printers_at
from devices.timefmt import rfc3339
from warehouse.access.audit import Actor, record
from warehouse.db import Base, JSONType, UTCDateTime, utcnow
from warehouse.errors import Invalid, NotFound

MAX_ATTEMPTS = 5
ANSWER_TIMEOUT = timedelta(seconds=30)
SAME_PRINTER_PAUSE = timedelta(seconds=5)
GATEWAY = Actor("gateway", "mqtt")


class PrintJob(Base):
    __tablename__ = "print_jobs"

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str | None] = mapped_column(String(16), unique=True)
    station_id: Mapped[str] = mapped_column(String(48), index=True)
    printer_id: Mapped[str | None] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(8))
    label: Mapped[dict[str, Any]] = mapped_column(JSONType())
    data: Mapped[str] = mapped_column(Text)
    expect: Mapped[list[str]] = mapped_column(JSONType())
    copies: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(8), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(200))
    failed_on: Mapped[list[str]] = mapped_column(JSONType(), default=list)
    history: Mapped[list[dict[str, Any]]] = mapped_column(JSONType(), default=list)
    not_before: Mapped[datetime | None] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    requested_by: Mapped[str] = mapped_column(String(96))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


@dataclass(frozen=True)
class LabelRequest:
    """An SSCC label (``sscc``) or a carrier label (``waybill``), with lines of text."""

    lines: tuple[str, ...]
    sscc: str | None = None
    waybill: str | None = None
    qr: str | None = None

    def build(self, domain: str) -> Label:
        if self.sscc:
            return sscc_label(self.sscc, self.lines, domain=domain)
        if self.waybill:
            return waybill_label(self.waybill, self.lines, qr_data=self.qr)
        raise Invalid("E_LABEL", "A label needs an sscc or a waybill number.")


def render(label: Label, fmt: str) -> str:
    if fmt == "zpl":
        return render_zpl(label)
    if fmt == "png":
        return base64.b64encode(render_png(label)).decode("ascii")
    raise Invalid("E_FORMAT", f"Format {fmt!r}: use zpl or png.")


def expected_codes(label: Label) -> list[str]:
    """What the printed label must scan back to: its QR and its barcode."""
    return [c for c in (label.qr_data, label.barcode.data if label.barcode else None) if c]


def create_job(
    session: Session, actor: Actor, station: str, request: LabelRequest, fmt: str,
    copies: int = 1, domain: str = "https://id.gs1.org",
) -> PrintJob:  # fmt: skip
    if not printers_at(session, station):
        raise NotFound("E_NO_PRINTER", f"Station {station} has no printer.")
    try:
        label = request.build(domain)
    except ValueError as exc:
        raise Invalid(getattr(exc, "code", "E_LABEL"), str(exc)) from exc
    job = PrintJob(
        station_id=station, format=fmt, label=_spec(request), data=render(label, fmt),
        expect=expected_codes(label), copies=copies, status="queued", attempts=0,
        failed_on=[], history=[], requested_by=actor.name,
    )  # fmt: skip
    session.add(job)
    session.flush()
    job.job_id = f"PJ-{job.pk:06d}"
    _step(session, job, actor, "queued")
    return job


def _spec(request: LabelRequest) -> dict[str, Any]:
    spec = {"lines": list(request.lines), "sscc": request.sscc, "waybill": request.waybill}
    return {k: v for k, v in spec.items() if v}


def _step(session: Session, job: PrintJob, actor: Actor, status: str, **details: Any) -> None:
    now = utcnow()
    job.status, job.updated_at = status, now
    entry = {"at": rfc3339(now), "status": status, "printer": job.printer_id, **details}
    job.history = [*job.history, entry]
    record(session, actor, f"print_job.{status}", "print_job", job.job_id, **details)


def by_job_id(session: Session, job_id: str) -> PrintJob | None:
    return session.scalar(select(PrintJob).where(PrintJob.job_id == job_id))


def next_due(session: Session, now: datetime) -> PrintJob | None:
    """The oldest queued job whose pause is over; locked (skipping locked ones) on
    PostgreSQL, so that two gateways never send the same job."""
    query = (
        select(PrintJob)
        .where(PrintJob.status == "queued")
        .where(or_(PrintJob.not_before.is_(None), PrintJob.not_before <= now))
        .order_by(PrintJob.pk)
        .limit(1)
    )
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return session.scalar(query)


def choose_printer(session: Session, job: PrintJob) -> str | None:
    """An online printer of the station that has not failed this job, else any of them."""
    printers = printers_at(session, job.station_id)
    fresh = [p for p in printers if p.device_id not in job.failed_on]
    candidates = fresh or printers
    return candidates[0].device_id if candidates else None


def payload(job: PrintJob) -> dict[str, Any]:
    """The ``cmd/print`` payload; ``expect`` (extension) lists the codes it must scan to."""
    return {"v": 1, "job_id": job.job_id, "format": job.format, "data": job.data,
            "copies": job.copies, "expect": job.expect}  # fmt: skip


def mark_sent(session: Session, job: PrintJob, printer: str) -> None:
    job.printer_id, job.sent_at, job.not_before = printer, utcnow(), None
    job.attempts += 1
    _step(session, job, GATEWAY, "sent", attempt=job.attempts)


def apply_result(session: Session, job_id: str, printer: str, error: str | None) -> bool:
    """Apply a printer's answer; False when it is stale (not the job's current printer)."""
    job = by_job_id(session, job_id)
    if job is None or job.status != "sent" or job.printer_id != printer:
        return False
    if error is None:
        job.error = None
        _step(session, job, Actor(printer, "mqtt"), "printed")
    else:
        fail(session, job, error, Actor(printer, "mqtt"))
    return True


def fail(session: Session, job: PrintJob, error: str, actor: Actor = GATEWAY) -> None:
    """A failed attempt: queue the job again for another printer, or give up after
    MAX_ATTEMPTS."""
    job.error = error
    if job.printer_id and job.printer_id not in job.failed_on:
        job.failed_on = [*job.failed_on, job.printer_id]
    if job.attempts >= MAX_ATTEMPTS:
        _step(session, job, actor, "failed", error=error)
        return
    others = [p for p in printers_at(session, job.station_id) if p.device_id not in job.failed_on]
    if not others:
        job.failed_on = []
        job.not_before = utcnow() + SAME_PRINTER_PAUSE * job.attempts
    _step(session, job, actor, "queued", error=error, retry=job.attempts + 1)


def expire(session: Session, now: datetime) -> int:
    """Jobs sent without an answer in ANSWER_TIMEOUT count as a failed attempt."""
    late = session.scalars(
        select(PrintJob).where(PrintJob.status == "sent", PrintJob.sent_at < now - ANSWER_TIMEOUT)
    ).all()
    for job in late:
        fail(session, job, "no_answer")
    return len(late)
