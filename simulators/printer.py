"""A label printer: takes ``cmd/print`` jobs, renders them, checks they scan back, answers.

A ZPL job is rendered with simulators.zpl_render, a PNG job decoded as it is; pyzbar then
reads the label, and every code the job lists in ``expect`` must be among what it reads, or
the answer is ``error`` with the reason. Faults (paper_out, ribbon_out, head_open, jam) come
from the knobs. With MQTT v5 the answer goes to the request's ``ResponseTopic`` with its
``CorrelationData``; otherwise to the printer's own ``evt/printed``.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import queue
import threading
from dataclasses import dataclass, field
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from PIL import Image

from simulators import contract
from simulators.faults import Faults
from simulators.link import Broker, Identity, Link

log = logging.getLogger(__name__)
GS = "\x1d"


@dataclass
class PrinterStats:
    jobs: int = 0
    printed: int = 0
    errors: dict[str, int] = field(default_factory=dict)


def _image(job: dict[str, Any]) -> Image.Image:
    if job.get("format") == "png":
        return Image.open(io.BytesIO(base64.b64decode(job["data"])))
    from simulators.zpl_render import render_label

    return render_label(str(job["data"]))


def read_codes(image: Image.Image) -> set[str]:
    from pyzbar import pyzbar

    return {s.data.decode("utf-8", "replace") for s in pyzbar.decode(image)}


def check(job: dict[str, Any]) -> str | None:
    """None when the job's label scans back to every expected code, else the reason."""
    try:
        found = {_plain(c) for c in read_codes(_image(job))}
    except Exception as exc:  # a job this printer cannot render is an error, not a crash
        return f"render_failed: {exc}"[:200]
    missing = [c for c in job.get("expect", []) if _plain(c) not in found]
    return f"scan_mismatch: {missing[0]!r} not read back"[:200] if missing else None


def _plain(code: str) -> str:
    return code.removeprefix("]C1").replace(GS, "")


class Printer:
    def __init__(self, broker: Broker, me: Identity, faults: Faults | None = None) -> None:
        self.me, self.faults = me, faults or Faults()
        self.stats = PrinterStats()
        self.jobs: queue.Queue[mqtt.MQTTMessage] = queue.Queue()
        self.link = Link(broker, me, me.topic("cmd/print"), self.jobs.put)
        self._stop = threading.Event()
        self._worker = threading.Thread(target=self._work, daemon=True)

    def start(self) -> None:
        self.link.start()
        self._worker.start()

    def stop(self) -> None:
        self._stop.set()
        self.link.stop()

    def _work(self) -> None:
        while not self._stop.is_set():
            try:
                message = self.jobs.get(timeout=0.2)
            except queue.Empty:
                continue
            self._print(message)

    def _print(self, message: mqtt.MQTTMessage) -> None:
        try:
            job = json.loads(message.payload)
            job_id = str(job["job_id"])
        except (ValueError, KeyError, TypeError):
            log.warning("%s: unreadable job", self.me.device)
            return
        self.stats.jobs += 1
        error = self.faults.printer_fault() or check(job)
        if error is None:
            self.stats.printed += 1
        else:
            kind = error.split(":")[0]
            self.stats.errors[kind] = self.stats.errors.get(kind, 0) + 1
        self._answer(message, contract.printed(job_id, error))

    def _answer(self, request: mqtt.MQTTMessage, body: dict[str, Any]) -> None:
        asked = getattr(request, "properties", None)
        topic = getattr(asked, "ResponseTopic", None) or self.me.topic("evt/printed")
        if topic != self.me.topic("evt/printed"):
            topic = self.me.topic("evt/printed")  # the ACL lets it write only its own topics
        props = None
        correlation = getattr(asked, "CorrelationData", None)
        if correlation is not None and self.link.protocol == mqtt.MQTTv5:
            props = Properties(PacketTypes.PUBLISH)
            props.CorrelationData = correlation
        self.link.publish(topic, contract.encode(body), 1, props)
