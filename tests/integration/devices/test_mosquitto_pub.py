"""10,000 scans sent by a third-party client (mosquitto_pub) in the contract format, through a
Mosquitto configured as the project writes it: recorded once, acked, and malformed ones
dead-lettered with their reason."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from devices import acl
from devices.records import ScanRecord
from devices.runner import Running, RunOptions, start
from tests.integration.devices.conftest import Listener, OwnBroker, write_broker_files
from tests.services import unavailable
from warehouse.db import make_engine
from warehouse.trace.checkdigit import check_digit

pytestmark = [pytest.mark.mqtt, pytest.mark.slow]
DEVICES = 4
LINES_PER_DEVICE = 2_500  # 10,000 publications: 94 % new scans, 5 % repeats, 1 % malformed
REPEATS = LINES_PER_DEVICE * 5 // 100
MALFORMED = LINES_PER_DEVICE // 100
NEW = LINES_PER_DEVICE - REPEATS - MALFORMED
#: Every 50th scan is a contract ``lookup`` that runs the warehouse handler; the rest use an
#: operation outside the contract's list (answered E_WRONG_OP without a handler), so that the
#: run measures delivery (record, dedupe, ack) and stays short on a loaded machine.
HANDLED_EVERY = 50
GATEWAY_USER, GATEWAY_PASSWORD = "gw", "gw-secret"
WAIT_S = 300  # a ceiling for a loaded machine, not a timing assertion


def sscc(n: int) -> str:
    body = f"0{6141410000000000 + n:016d}"
    return body + check_digit(body)


@dataclass(frozen=True)
class Lines:
    lines: list[str]
    valid: int  # publications that must be acked (new scans and repeats)
    malformed: list[tuple[str, str]]  # (payload, expected reason)


def scan_lines(device: str, rng: random.Random) -> Lines:
    """Contract scans in a shuffled order of sending, 5 % of them sent again, 1 % malformed."""
    valid = [
        json.dumps({"v": 1, "msg_id": f"{device}:{n:06d}", "ts": "2026-11-21T08:00:00.123Z",
                    "code": f"https://id.gs1.org/00/{sscc(n)}", "symbology": "qr",
                    "op": "lookup" if n % HANDLED_EVERY == 0 else "tally", "user": "u-017"})
        for n in range(1, NEW + 1)
    ]  # fmt: skip
    lines = list(valid)
    for _ in range(REPEATS):
        lines.insert(rng.randrange(len(lines)), rng.choice(valid))
    bad = [
        ('{"v": 1, "msg_id": "broken", "op": ', "not_json"),
        ('{"v": 1, "code": "4006381333931", "op": "lookup"}', "missing_field"),
        (f'{{"v": 2, "msg_id": "{device}:999999", "code": "1", "op": "lookup"}}',
         "wrong_version"),
        ('["v", 1]', "not_object"),
        (f'{{"v": 1, "msg_id": "{device}:x", "op": "lookup"}}', "invalid_field"),  # no code
    ]  # fmt: skip
    malformed = [bad[i % len(bad)] for i in range(MALFORMED)]
    for payload, _ in malformed:
        lines.insert(rng.randrange(len(lines)), payload)
    return Lines(lines, NEW + REPEATS, malformed)


def publish_lines(port: int, device: str, topic: str, lines: list[str]
                  ) -> subprocess.Popen[bytes]:  # fmt: skip
    """One mosquitto_pub for the whole stream, as the device's own broker user."""
    proc = subprocess.Popen(
        ["mosquitto_pub", "-h", "127.0.0.1", "-p", str(port), "-q", "1", "-i", device,
         "-u", device, "-P", f"pw-{device}", "-t", topic, "-l"],
        stdin=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdin is not None
    proc.stdin.write(("\n".join(lines) + "\n").encode())
    proc.stdin.close()
    return proc


@pytest.fixture
def broker_and_gateway(own_broker: OwnBroker, gateway_db: str, prefix: str
                       ) -> Iterator[tuple[OwnBroker, Running]]:  # fmt: skip
    """A password-protected Mosquitto with the project's config (deep queues), and a gateway."""
    for binary in ("mosquitto", "mosquitto_pub"):
        if shutil.which(binary) is None:
            unavailable(f"the {binary} binary")
    users = [
        acl.BrokerUser(device(d, prefix), "qd", acl.hash_password(f"pw-{device(d, prefix)}"))
        for d in range(DEVICES)
    ]
    write_broker_files(own_broker.directory, prefix, own_broker.port, users,
                       GATEWAY_USER, GATEWAY_PASSWORD)  # fmt: skip
    own_broker.start()
    url = f"mqtt://{GATEWAY_USER}:{GATEWAY_PASSWORD}@127.0.0.1:{own_broker.port}"
    running = start(RunOptions(gateway_db, url, prefix=prefix, name=prefix, gap_grace_s=60))
    assert running.gateway.connected.wait(10), "gateway did not connect"
    yield own_broker, running
    running.stop()


def device(d: int, prefix: str) -> str:
    return f"mp{d}-{prefix}"


def test_ten_thousand_mosquitto_pub_scans_recorded_once_acked_and_dead_lettered(
    broker_and_gateway: tuple[OwnBroker, Running], gateway_db: str, prefix: str, listen: Any
) -> None:
    """10,000 publications from 4 scanners at once, 5 % repeated msg_ids and 1 % malformed
    payloads: every valid scan is recorded exactly once and acked (repeats with the very same
    ack); every malformed one reaches the dead-letter topic with its reason and payload."""
    broker, _ = broker_and_gateway
    rng = random.Random(7)
    streams = {device(d, prefix): scan_lines(device(d, prefix), rng) for d in range(DEVICES)}
    acks: dict[str, Listener] = {
        name: listen(f"{prefix}/qd/{name}/cmd/ack", broker.url, name, f"pw-{name}")
        for name in streams
    }
    dead: Listener = listen(f"{prefix}/+/gateway/dead-letter", broker.url,
                            GATEWAY_USER, GATEWAY_PASSWORD)  # fmt: skip
    publishers = [
        publish_lines(broker.port, name, f"{prefix}/qd/{name}/evt/scan", s.lines)
        for name, s in streams.items()
    ]
    assert [p.wait(WAIT_S) for p in publishers] == [0] * DEVICES
    big = json.dumps({"v": 1, "msg_id": "x:1", "op": "lookup", "code": "x" * 70_000})
    first = device(0, prefix)
    subprocess.run(["mosquitto_pub", "-p", str(broker.port), "-q", "1", "-u", first,
                    "-P", f"pw-{first}", "-t", f"{prefix}/qd/{first}/evt/scan", "-m", big],
                   check=True)  # fmt: skip
    expected_dead = [m for s in streams.values() for m in s.malformed] + [(big, "too_large")]

    for name, stream in streams.items():
        got = acks[name]
        assert got.wait_for(stream.valid, WAIT_S), f"{name}: {len(got.json())} of {stream.valid}"
    assert dead.wait_for(len(expected_dead), WAIT_S)

    rows = recorded(gateway_db, prefix)
    assert len(rows) == DEVICES * NEW
    assert len({(r.device_id, r.msg_id) for r in rows}) == len(rows), "recorded twice"
    recorded_acks = {(r.device_id, r.msg_id): r.ack for r in rows}
    answered: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for name, got in acks.items():
        for ack in got.json():
            answered[(name, ack["msg_id"])].append(ack)
    assert set(answered) == set(recorded_acks), "every valid scan acked, nothing else"
    for key, answers in answered.items():
        assert all(a == recorded_acks[key] for a in answers), f"{key}: acks differ"
    assert sum(len(a) for a in answered.values()) >= DEVICES * (NEW + REPEATS)
    assert Counter(a["code"] for a in recorded_acks.values())["E_WRONG_OP"] >= DEVICES * (
        NEW - NEW // HANDLED_EVERY
    )

    letters = dead.json()
    assert Counter(x["reason"] for x in letters) == Counter(r for _, r in expected_dead)
    kept = Counter(x.get("payload") for x in letters if x["reason"] != "too_large")
    assert kept == Counter(p for p, r in expected_dead if r != "too_large")
    assert all(x["topic"].startswith(f"{prefix}/qd/mp") for x in letters)


def recorded(url: str, prefix: str) -> list[Any]:
    engine = make_engine(url)
    with engine.connect() as conn:
        rows = conn.execute(
            select(ScanRecord.device_id, ScanRecord.msg_id, ScanRecord.ack).where(
                ScanRecord.device_id.like(f"mp%-{prefix}")
            )
        ).all()
    engine.dispose()
    return list(rows)
