"""Scans sent by a third-party client (mosquitto_pub) in the contract format: recorded once,
acked, and malformed ones dead-lettered with their reason."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections import Counter, defaultdict
from typing import Any

import pytest
from sqlalchemy import func, select

from devices.records import ScanRecord
from tests.integration.devices.conftest import Listener
from tests.services import unavailable
from warehouse.db import make_engine
from warehouse.trace.checkdigit import check_digit

DEVICES = 4
SCANS_PER_DEVICE = 500  # 2,000 in the suite; `python bench/devices.py --mosquitto-pub 10000`
pytestmark = [pytest.mark.mqtt, pytest.mark.slow]


def sscc(n: int) -> str:
    body = f"0{6141410000000000 + n:016d}"
    return body + check_digit(body)


def scan_lines(device: str, rng: random.Random) -> tuple[list[str], list[tuple[str, str]]]:
    """Contract scans, 5 % of them sent again, 1 % malformed (with the expected reason)."""
    valid = [
        json.dumps({"v": 1, "msg_id": f"{device}:{n:06d}", "ts": "2026-11-21T08:00:00.123Z",
                    "code": f"https://id.gs1.org/00/{sscc(n)}",
                    "symbology": "qr", "op": "lookup", "user": "u-017"})
        for n in range(1, SCANS_PER_DEVICE + 1)
    ]  # fmt: skip
    lines = list(valid)
    for _ in range(SCANS_PER_DEVICE * 5 // 100):
        lines.insert(rng.randrange(len(lines)), rng.choice(valid))
    bad = [
        ('{"v": 1, "msg_id": "broken", "op": ', "not_json"),
        ('{"v": 1, "code": "4006381333931", "op": "lookup"}', "missing_field"),
        (f'{{"v": 2, "msg_id": "{device}:999999", "code": "1", "op": "lookup"}}',
         "wrong_version"),
    ]  # fmt: skip
    malformed = [bad[i % len(bad)] for i in range(SCANS_PER_DEVICE // 100)]
    for payload, _ in malformed:
        lines.insert(rng.randrange(len(lines)), payload)
    return lines, malformed


# The machine's Mosquitto runs Debian's stock configuration, which keeps at most 1,000 QoS 1
# messages queued for a subscriber and drops the rest. mosquitto_pub has no outbox to resend
# from (a real device does), so the test paces itself like a device's send window:
# at most IN_FLIGHT scans unacknowledged. The production broker config queues far more.
CHUNK = 100
IN_FLIGHT = 400


def publish_lines(port: int, topic: str, lines: list[str]) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-t", topic, "-l"],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(("\n".join(lines) + "\n").encode())
    proc.stdin.close()
    return proc


def test_mosquitto_pub_scans_recorded_once_acked_and_malformed_dead_lettered(
    gateway: Any, gateway_db: str, prefix: str, listen: Any
) -> None:
    """5 % repeated msg_ids and 1 % malformed payloads: every valid scan is recorded exactly
    once and acked (repeats with the very same ack); every malformed one reaches the
    dead-letter topic with its reason and its original payload."""
    if shutil.which("mosquitto_pub") is None:
        unavailable("the mosquitto_pub binary")
    acks: Listener = listen(f"{prefix}/+/+/cmd/ack")
    dead: Listener = listen(f"{prefix}/+/gateway/dead-letter")
    rng = random.Random(7)
    sent, expected_dead = 0, []
    for d in range(DEVICES):
        device = f"mp{d}-{prefix}"
        lines, malformed = scan_lines(device, rng)
        expected_dead += malformed
        for start in range(0, len(lines), CHUNK):
            chunk = lines[start : start + CHUNK]
            sent += sum(1 for line in chunk if line not in {m for m, _ in malformed})
            assert publish_lines(1883, f"{prefix}/qd/{device}/evt/scan", chunk).wait(60) == 0
            acks.wait_for(sent - IN_FLIGHT, 60)
    big = json.dumps({"v": 1, "msg_id": "x:1", "op": "lookup", "code": "x" * 70_000})
    subprocess.run(["mosquitto_pub", "-p", "1883", "-q", "1", "-t",
                    f"{prefix}/qd/mp0-{prefix}/evt/scan", "-m", big], check=True)  # fmt: skip
    expected_dead.append((big, "too_large"))

    assert acks.wait_for(sent, 60), f"{len(acks.json())} acks of {sent}"
    assert dead.wait_for(len(expected_dead), 10)

    engine = make_engine(gateway_db)
    with engine.connect() as conn:
        rows = conn.execute(
            select(ScanRecord.device_id, ScanRecord.msg_id, ScanRecord.ack).where(
                ScanRecord.device_id.like(f"mp%-{prefix}")
            )
        ).all()
        assert conn.scalar(
            select(func.count())
            .select_from(ScanRecord)
            .where(ScanRecord.device_id.like(f"mp%-{prefix}"))
        ) == len(rows)
    engine.dispose()
    assert len(rows) == DEVICES * SCANS_PER_DEVICE
    assert len({(r.device_id, r.msg_id) for r in rows}) == len(rows)

    by_msg: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for ack in acks.json():
        by_msg[ack["msg_id"]].append(ack)
    recorded = {r.msg_id: r.ack for r in rows}
    assert set(by_msg) == set(recorded), "every valid scan acked, nothing else"
    for msg_id, answers in by_msg.items():
        assert all(a == recorded[msg_id] for a in answers), f"{msg_id}: acks differ"

    letters = dead.json()
    assert Counter(x["reason"] for x in letters) == Counter(r for _, r in expected_dead)
    kept = {x.get("payload") for x in letters}
    assert all(payload in kept for payload, reason in expected_dead if reason != "too_large")
    assert all(x["topic"].startswith(f"{prefix}/qd/mp") for x in letters)
