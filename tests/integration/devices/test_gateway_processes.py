"""``silkhub gateway --processes N``: N processes share the scans, each recorded and acked once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import paho.mqtt.client as mqtt
from sqlalchemy import func, select

from devices.records import ScanRecord
from devices.runner import RunOptions, process_options
from tests.integration.devices.conftest import Listener, forget_session
from warehouse.db import make_engine

ROOT = Path(__file__).resolve().parents[3]
SCANS = 200
WAIT_S = 120  # a ceiling for a loaded machine, not a timing assertion


def test_process_names_are_stable_and_the_first_keeps_the_name() -> None:
    """The first process keeps the gateway's name (its broker session carries on), the others
    get NAME.2, NAME.3, ...; metrics ports follow on from the one given."""
    options = process_options(
        RunOptions("sqlite://", "mqtt://b", name="gw-1", metrics_port=9108), 3
    )
    assert [(o.name, o.metrics_port) for o in options] == [
        ("gw-1", 9108), ("gw-1.2", 9109), ("gw-1.3", 9110),
    ]  # fmt: skip


def _children(pid: int) -> list[int]:
    return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _until(condition: Callable[[], bool], timeout_s: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def _publish(url: str, prefix: str) -> None:
    host, port = url.split("//")[1].split(":")
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=f"pp-{prefix}")
    client.connect(host, int(port))
    client.loop_start()
    for n in range(SCANS):
        device = f"pp{n % 2}-{prefix}"
        body = {"v": 1, "msg_id": f"{device}:{n:06d}", "code": f"C{n}", "op": "tally"}
        client.publish(f"{prefix}/qd/{device}/evt/scan", json.dumps(body), qos=1).wait_for_publish(
            10
        )
    client.disconnect()
    client.loop_stop()


def test_two_processes_record_every_scan_once_and_stop_together(
    gateway_db: str,
    mosquitto_url: str,
    prefix: str,
    listen: Callable[..., Listener],
    tmp_path: Path,
) -> None:
    """One command forks two gateways on the shared subscription: every scan is recorded once
    and acked once; SIGTERM to the command stops both processes."""
    log = tmp_path / "gateway.log"
    env = {**os.environ, "DATABASE_URL": gateway_db, "MQTT_URL": mosquitto_url,
           "MQTT_PREFIX": prefix, "SILKHUB_INSTANCE": str(tmp_path)}  # fmt: skip
    command = [sys.executable, "-m", "app.cli", "gateway", "--name", prefix, "--group", prefix,
               "--processes", "2"]  # fmt: skip
    acks = listen(f"{prefix}/+/+/cmd/ack")
    with log.open("ab") as out:
        parent = subprocess.Popen(command, env=env, cwd=ROOT, stdout=out, stderr=out)
    try:
        assert _until(lambda: log.read_text().count(f"as silkhub-gateway-{prefix}") >= 2), (
            log.read_text()
        )
        children = _children(parent.pid)
        _publish(mosquitto_url, prefix)
        assert acks.wait_for(SCANS, WAIT_S)
    finally:
        parent.send_signal(signal.SIGTERM)
        parent.wait(60)
    assert len(children) == 2
    assert _until(lambda: not any(Path(f"/proc/{c}").exists() for c in children), 30)
    acked = [a["msg_id"] for a in acks.json()]
    assert len(acked) == len(set(acked)) == SCANS
    engine = make_engine(gateway_db)
    with engine.connect() as conn:
        recorded = conn.scalar(
            select(func.count()).where(ScanRecord.device_id.in_([f"pp0-{prefix}", f"pp1-{prefix}"]))
        )
    engine.dispose()
    assert recorded == SCANS
    for name in (prefix, f"{prefix}.2"):
        forget_session(mosquitto_url, f"silkhub-gateway-{name}")
