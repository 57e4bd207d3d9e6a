"""A handheld scanner: scans go through its on-disk outbox and stay there until acked.

Faults: duplicates (the same message twice), malformed payloads (never acked, so never kept),
dropped connections, and out-of-order delivery (a message held back behind the next one).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt

from simulators import contract
from simulators.faults import Faults, malform
from simulators.link import Broker, Identity, Link
from simulators.outbox import Outbox

log = logging.getLogger(__name__)
OnAck = Callable[[str, dict[str, Any]], None]


@dataclass
class ScannerStats:
    sent: int = 0
    resent: int = 0
    acked: int = 0
    malformed: int = 0
    duplicates: int = 0
    disconnects: int = 0
    latencies: list[float] = field(default_factory=list)


class Scanner:
    def __init__(self, broker: Broker, me: Identity, outbox_dir: Path,
                 faults: Faults | None = None, resend_after_s: float = 3.0,
                 on_ack: OnAck | None = None) -> None:  # fmt: skip
        self.me, self.faults = me, faults or Faults()
        self.outbox = Outbox(outbox_dir / f"{me.device}.sqlite")
        self.resend_after_s, self.on_ack = resend_after_s, on_ack
        self.stats = ScannerStats()
        self.answers: dict[str, dict[str, Any]] = {}
        self._sent_at: dict[str, float] = {}
        self._held: tuple[str, bytes] | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self.link = Link(broker, me, me.topic("cmd/ack"), self._on_ack, self._on_connect)
        self._resender = threading.Thread(target=self._resend_loop, daemon=True)

    def start(self) -> None:
        self.link.start()
        self._resender.start()

    def stop(self) -> None:
        self._stop.set()
        self.link.stop()
        self.outbox.close()

    def scan(self, code: str, op: str, **context: str | None) -> str:
        """Scan ``code``: keep it in the outbox, then publish it. Returns its msg_id."""
        mid = contract.msg_id(self.me.device, self.outbox.next_counter())
        payload = contract.encode(contract.scan(mid, code, op, **context))
        topic = self.me.topic("evt/scan")
        inside = self.outbox.put(mid, topic, payload)
        with self._lock:
            self._sent_at[mid] = time.monotonic()
        if inside:  # else it waits on disk until acks make room in the window
            self._send(topic, payload)
        if self.faults.duplicate():
            self.stats.duplicates += 1
            self.link.publish(topic, payload)
        if self.faults.malformed():
            self.send_malformed(contract.scan(mid + "x", code, op))
        if self.faults.disconnect():
            self.stats.disconnects += 1
            self.link.drop()
        return mid

    def _send(self, topic: str, payload: bytes) -> None:
        self.stats.sent += 1
        if self.faults.out_of_order() and self._held is None:
            self._held = (topic, payload)
            return
        self.link.publish(topic, payload)
        if self._held is not None:
            held, self._held = self._held, None
            self.link.publish(*held)

    def send_malformed(self, payload: dict[str, Any]) -> str:
        body, kind = malform(payload, self.faults.rng)
        self.stats.malformed += 1
        self.link.publish(self.me.topic("evt/scan"), body)
        return kind

    def _on_ack(self, message: mqtt.MQTTMessage) -> None:
        try:
            ack = json.loads(message.payload)
            mid = str(ack["msg_id"])
        except (ValueError, KeyError, TypeError):
            return
        if not self.outbox.ack(mid):
            return  # an ack for a weighing, or a second ack of a resent scan
        for entry in self.outbox.unsent():
            self.link.publish(entry.topic, entry.payload)
        self.stats.acked += 1
        self.answers[mid] = ack
        with self._lock:
            started = self._sent_at.pop(mid, None)
        if started is not None:
            self.stats.latencies.append(time.monotonic() - started)
        if self.on_ack:
            self.on_ack(mid, ack)

    def _on_connect(self, _client: mqtt.Client) -> None:
        threading.Thread(target=self._resend_all, daemon=True).start()

    def _resend_all(self) -> None:
        for entry in self.outbox.all():
            self.stats.resent += 1
            self.link.publish(entry.topic, entry.payload)

    def _resend_loop(self) -> None:
        while not self._stop.wait(0.5):
            if not self.link.connected.is_set():
                continue
            try:
                due = self.outbox.due(self.resend_after_s)
            except Exception:  # closed while stopping
                return
            for entry in due:
                self.stats.resent += 1
                self.link.publish(entry.topic, entry.payload)

    def pending(self) -> int:
        return len(self.outbox)
