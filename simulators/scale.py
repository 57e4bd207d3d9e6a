"""A pack-station scale: settling readings (``stable: false``), then a stable one; taring.

Readings go out at QoS 0 while settling and QoS 1 when stable (the contract allows either);
a scale keeps no outbox: a lost reading is measured again.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import paho.mqtt.client as mqtt

from simulators import contract
from simulators.faults import Faults
from simulators.link import Broker, Identity, Link


@dataclass
class ScaleStats:
    readings: int = 0
    stable: int = 0
    tares: int = 0


class Scale:
    def __init__(self, broker: Broker, me: Identity, faults: Faults | None = None) -> None:
        self.me, self.faults = me, faults or Faults()
        self.stats = ScaleStats()
        self.counter = 0
        self.load_g = 0
        self.tare_g = 0
        self.tared = threading.Event()
        self.link = Link(broker, me, me.topic("cmd/tare"), self._on_tare)

    def start(self) -> None:
        self.link.start()

    def stop(self) -> None:
        self.link.stop()

    def _next_id(self) -> str:
        self.counter += 1
        return contract.msg_id(self.me.device, self.counter)

    def _reading(self, gross_g: int, stable: bool) -> str:
        mid = self._next_id()
        body = contract.weight(mid, gross_g, self.tare_g, stable)
        self.link.publish(self.me.topic("evt/weight"), contract.encode(body), 1 if stable else 0)
        self.stats.readings += 1
        self.stats.stable += stable
        return mid

    def weigh(self, grams: int, interval_s: float = 0.05) -> str:
        """Put ``grams`` on the scale: settling readings, then one stable; its msg_id."""
        steps = self.faults.knobs.settle_readings
        for step in range(steps):
            self._reading(self.faults.noisy(grams + self.tare_g, step, steps), False)
            time.sleep(interval_s)
        self.load_g = grams + self.tare_g
        return self._reading(self.load_g, True)

    def _on_tare(self, _message: mqtt.MQTTMessage) -> None:
        """``cmd/tare``: what lies on the scale now is the tare."""
        self.tare_g = self.load_g
        self.stats.tares += 1
        self.tared.set()
