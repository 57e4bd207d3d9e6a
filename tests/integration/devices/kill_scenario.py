"""A stream of scans through a password-protected, persistent Mosquitto and a `silkhub gateway`
subprocess, with SIGKILLs of both in the middle. Used by the suite (10,000 scans) and by
``bench/devices.py --faults`` (100,000)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from devices import acl
from devices.records import ScanRecord
from simulators import fleet
from simulators.faults import Faults, Knobs
from simulators.link import Broker, Identity
from simulators.scanner import Scanner
from tests.integration.devices.conftest import OwnBroker, write_broker_files
from warehouse.db import make_engine

ROOT = Path(__file__).resolve().parents[3]
#: An operation outside the contract's list (every listed one has a handler now): answered
#: E_WRONG_OP, so the run measures delivery (record, dedupe, ack), not a handler's queries.
OP = "tally"


@dataclass(frozen=True)
class KillResult:
    scans: int
    recorded: int
    distinct: int
    pending: int
    seconds: float
    resent: int

    def summary(self) -> str:
        return (
            f"{self.scans} scans, {self.recorded} recorded ({self.distinct} distinct), "
            f"{self.pending} still pending, {self.resent} resent, {self.seconds:.1f}s"
        )


def start_gateway(db_url: str, broker: OwnBroker, password: str, prefix: str,
                  instance: Path, log: Path) -> subprocess.Popen[bytes]:  # fmt: skip
    env = {**os.environ, "DATABASE_URL": db_url, "MQTT_PREFIX": prefix,
           "MQTT_URL": f"mqtt://gw:{password}@127.0.0.1:{broker.port}",
           "SILKHUB_INSTANCE": str(instance), "LOG_FORMAT": "console"}  # fmt: skip
    with log.open("ab") as out:
        return subprocess.Popen([sys.executable, "-m", "app.cli", "gateway", "--name", prefix],
                                env=env, cwd=ROOT, stdout=out, stderr=out)  # fmt: skip


def run(db_url: str, broker: OwnBroker, work: Path, scans: int, rate: float,
        devices: int = 10, kills: tuple[float, ...] = (0.3, 0.6)) -> KillResult:  # fmt: skip
    """Stream ``scans``; kill the broker at the first fraction of ``kills``, the gateway at
    the second; wait for every outbox to drain."""
    prefix = "k" + uuid.uuid4().hex[:6]
    names = [f"k{i:02d}-{prefix}" for i in range(devices)]
    users = [acl.BrokerUser(n, "qd", acl.hash_password(f"pw-{n}")) for n in names]
    write_broker_files(broker.directory, prefix, broker.port, users, "gw", "gw-secret")
    broker.start()
    instance, log = work / "instance", work / "gateway.log"
    instance.mkdir(parents=True, exist_ok=True)
    gateway = start_gateway(db_url, broker, "gw-secret", prefix, instance, log)
    address = Broker("127.0.0.1", broker.port)
    scanners = [Scanner(address, Identity(n, "qd", "scanner", prefix, f"pw-{n}"),
                        work / "outbox", Faults(Knobs(), i), resend_after_s=3.0)
                for i, n in enumerate(names)]  # fmt: skip
    try:
        for s in scanners:
            s.start()
        scanners[0].scan(fleet.parcel_code(1), OP)
        assert fleet.wait_drained(scanners[:1], 60), "gateway never answered the first scan"
        started = time.monotonic()
        gateway = _stream(scanners, scans, rate, kills, broker,
                          lambda: start_gateway(db_url, broker, "gw-secret", prefix, instance,
                                                log), gateway)  # fmt: skip
        fleet.wait_drained(scanners, max(90.0, scans / 150))
        seconds = time.monotonic() - started
        return _result(db_url, prefix, scans + 1, scanners, seconds)
    finally:
        for s in scanners:
            s.stop()
        gateway.send_signal(signal.SIGTERM)
        try:
            gateway.wait(10)
        except subprocess.TimeoutExpired:
            gateway.kill()
        broker.kill()


def _stream(scanners: list[Scanner], scans: int, rate: float, kills: tuple[float, ...],
            broker: OwnBroker, restart: object, gateway: subprocess.Popen[bytes]
            ) -> subprocess.Popen[bytes]:  # fmt: skip
    marks = [int(scans * k) for k in kills]
    state = {"gateway": gateway}
    step = fleet.scan_round_robin(scanners, OP, first_parcel=2)

    def with_faults(n: int) -> None:
        if len(marks) > 0 and n == marks[0]:
            threading.Thread(target=_bounce_broker, args=(broker,), daemon=True).start()
        if len(marks) > 1 and n == marks[1]:
            state["gateway"].send_signal(signal.SIGKILL)
            state["gateway"].wait(5)
            state["gateway"] = restart()  # type: ignore[operator]
        step(n)

    fleet.pace(rate, scans, None, threading.Event(), with_faults)
    return state["gateway"]


def _bounce_broker(broker: OwnBroker) -> None:
    broker.kill()
    time.sleep(0.5)
    broker.start()


def _result(db_url: str, prefix: str, scans: int, scanners: list[Scanner],
            seconds: float) -> KillResult:  # fmt: skip
    engine = make_engine(db_url)
    mine = ScanRecord.device_id.like(f"k%-{prefix}")
    with engine.connect() as conn:
        recorded = conn.scalar(select(func.count()).select_from(ScanRecord).where(mine)) or 0
        distinct = conn.scalar(
            select(func.count(func.distinct(ScanRecord.msg_id))).where(mine)
        ) or 0  # fmt: skip
    engine.dispose()
    pending = sum(s.pending() for s in scanners)
    resent = sum(s.stats.resent for s in scanners)
    return KillResult(scans, int(recorded), int(distinct), pending, seconds, resent)
