"""The gateway's outgoing side: print jobs and commands from the database to the devices,
and the periodic gap check on the recorded scans.

Print jobs go out as MQTT v5 requests: ``ResponseTopic`` is the printer's ``evt/printed`` and
``CorrelationData`` the job id and attempt, which a v5 printer copies into its answer. On
PostgreSQL each job is claimed with ``FOR UPDATE SKIP LOCKED`` so that several gateways never
send the same job twice.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable, Sequence
from functools import partial

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from devices import commands, metrics, printing
from devices.gaps import GapTracker
from devices.pipeline import Publication
from devices.records import ScanRecord
from devices.registry import Device
from warehouse.db import utcnow
from warehouse.uow import UnitOfWork

log = logging.getLogger(__name__)
Publish = Callable[[Publication, Properties | None], mqtt.MQTTMessageInfo]
GAP_OVERLAP_ROWS = 2000  # rows re-read each time: commits of other gateways land out of order;
# rows committed later still are found by asking the database before a gap is reported


class Dispatcher:
    def __init__(self, uow: Callable[[], UnitOfWork], publish: Publish, prefix: str,
                 interval_s: float = 0.5, gap_grace_s: float = 10.0,
                 reading_uow: Callable[[], UnitOfWork] | None = None) -> None:  # fmt: skip
        """``reading_uow`` (default ``uow``) serves the gap check, which reads the last
        seconds' scans and writes only what it computed: on SQLite it should not hold the
        write lock the gateway's recording needs (warehouse.db.reading)."""
        self.uow, self.publish, self.prefix = uow, publish, prefix
        self.reading_uow = reading_uow or uow
        self.interval_s = interval_s
        self.gaps = GapTracker(gap_grace_s)
        self._last_pk: int | None = None
        self._floor_pk = 0  # rows below were recorded before this process started watching
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="gateway-dispatch", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        last_gap_check = 0.0
        while not self._stop.wait(self.interval_s):
            try:
                self.send_commands()
                self.send_print_jobs()
                if time.monotonic() - last_gap_check > 2.0:
                    self.check_gaps()
                    last_gap_check = time.monotonic()
            except Exception:  # the dispatcher must outlive a bad moment of the database
                log.exception("dispatch round failed; trying again")

    def _sent(self, info: mqtt.MQTTMessageInfo) -> bool:
        try:
            info.wait_for_publish(timeout=5)
        except (RuntimeError, ValueError):
            return False
        return info.is_published()

    def send_commands(self) -> None:
        with self.uow() as uow:
            for command in commands.pending(uow.session):
                topic = f"{self.prefix}/{command.site}/{command.device_id}/cmd/{command.name}"
                info = self.publish(Publication(topic, json.dumps(command.payload).encode()), None)
                if not self._sent(info):
                    break
                commands.mark_sent(uow.session, command.pk)
                uow.commit()

    def send_print_jobs(self, most: int = 50) -> None:
        with self.uow() as uow:
            printing.expire(uow.session, utcnow())
            uow.commit()
        for _ in range(most):
            with self.uow() as uow:
                job = printing.next_due(uow.session, utcnow())
                if job is None:
                    return
                printer = printing.choose_printer(uow.session, job)
                if printer is None:
                    printing.fail(uow.session, job, "no_printer")
                else:
                    printing.mark_sent(uow.session, job, printer)
                uow.commit()
            if printer is not None:
                metrics.PRINT_JOBS.labels("sent").inc()
                self._send_job(job, printer)

    def _send_job(self, job: printing.PrintJob, printer: str) -> None:
        site = self._site_of(printer)
        base = f"{self.prefix}/{site}/{printer}"
        props = Properties(PacketTypes.PUBLISH)
        props.ResponseTopic = f"{base}/evt/printed"
        props.CorrelationData = f"{job.job_id}:{job.attempts}".encode()
        body = json.dumps(printing.payload(job)).encode()
        self.publish(Publication(f"{base}/cmd/print", body), props)

    def _site_of(self, device_id: str) -> str:
        with self.uow() as uow:
            site = uow.session.scalar(select(Device.site_id).where(Device.device_id == device_id))
        return site or "unknown"

    def check_gaps(self, now: float | None = None) -> None:
        """Feed the tracker what was recorded since the last check, report overdue gaps and
        count reported numbers that arrived (``now``: ``time.monotonic()`` by default)."""
        now = time.monotonic() if now is None else now
        with self.reading_uow() as uow:
            self._feed(uow.session, now)
            recorded = partial(self._recorded, uow.session)
            gaps = self.gaps.overdue(now, recorded)
            self.gaps.recheck(recorded)
            for gap in gaps:
                metrics.GAPS.inc(gap.size)
                log.warning(
                    "device %s: messages %d..%d missing for %.0fs",
                    gap.device,
                    gap.first,
                    gap.last,
                    self.gaps.grace_s,
                )
            if self.gaps.recovered:
                metrics.RECOVERED.inc(self.gaps.recovered)
                self.gaps.recovered = 0
            for device in self.gaps.changed():
                uow.session.execute(
                    update(Device)
                    .where(Device.device_id == device)
                    .values(missing=self.gaps.missing(device))
                )
            uow.commit()

    def _recorded(self, session: Session, device: str, numbers: Sequence[int]) -> set[int]:
        """Which of ``numbers`` of ``device`` are recorded, whenever they were committed."""
        wanted, found = set(numbers), set[int]()
        for start in range(0, len(numbers), 1000):
            chunk = numbers[start : start + 1000]
            rows = session.scalars(
                select(ScanRecord.seq).where(
                    ScanRecord.pk > self._floor_pk,
                    ScanRecord.device_id == device,
                    ScanRecord.seq.between(min(chunk), max(chunk)),
                )
            )
            found.update(seq for seq in rows if seq in wanted)
        return found

    def _feed(self, session: Session, now: float) -> None:
        if self._last_pk is None:
            top = session.scalar(select(ScanRecord.pk).order_by(ScanRecord.pk.desc()).limit(1))
            self._last_pk = self._floor_pk = max((top or 0) - GAP_OVERLAP_ROWS, 0)
        columns = (ScanRecord.pk, ScanRecord.device_id, ScanRecord.seq, ScanRecord.ts)
        rows = session.execute(
            select(*columns, ScanRecord.received_at)
            .where(ScanRecord.pk > self._last_pk - GAP_OVERLAP_ROWS)
            .order_by(ScanRecord.pk)
            .limit(100_000)
        ).all()
        for row in rows:
            if row.seq is not None:
                lag = (row.received_at - row.ts).total_seconds()
                self.gaps.seen(row.device_id, row.seq, now, lag)
        if rows:
            self._last_pk = max(self._last_pk, rows[-1].pk)
