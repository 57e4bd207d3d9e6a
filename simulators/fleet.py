"""Drive several simulated devices at a steady rate."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from simulators import contract
from simulators.faults import Faults, Knobs
from simulators.link import Broker, Identity
from simulators.scanner import Scanner

COMPANY_PREFIX = "0614141"
DOMAIN = "https://id.silkhub.example"


def parcel_code(n: int) -> str:
    """The Digital Link of the n-th demo parcel's SSCC."""
    return contract.sscc_link(DOMAIN, contract.sscc(COMPANY_PREFIX, n))


def scanners(broker: Broker, count: int, site: str, prefix: str, outbox_dir: Path,
             knobs: Knobs, seed: int, name: str = "hs", resend_after_s: float = 3.0
             ) -> list[Scanner]:  # fmt: skip
    return [
        Scanner(broker, Identity(f"{name}-{i + 1:04d}", site, "scanner", prefix), outbox_dir,
                Faults(knobs, seed + i), resend_after_s)
        for i in range(count)
    ]  # fmt: skip


def pace(rate: float, total: int | None, duration_s: float | None,
         stop: threading.Event, step: Callable[[int], None]) -> int:  # fmt: skip
    """Call ``step(n)`` ``rate`` times a second until ``total`` calls, ``duration_s`` or
    ``stop``; returns the number of calls."""
    started, n = time.monotonic(), 0
    while not stop.is_set():
        if total is not None and n >= total:
            break
        if duration_s is not None and time.monotonic() - started >= duration_s:
            break
        step(n)
        n += 1
        ahead = started + n / rate - time.monotonic()
        if ahead > 0:
            time.sleep(ahead)
    return n


def scan_round_robin(fleet: Sequence[Scanner], op: str, first_parcel: int = 1
                     ) -> Callable[[int], None]:  # fmt: skip
    def step(n: int) -> None:
        fleet[n % len(fleet)].scan(parcel_code(first_parcel + n), op)

    return step


def wait_drained(fleet: Sequence[Scanner], timeout_s: float) -> bool:
    """Wait until every outbox is empty (every scan acked)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(s.pending() == 0 for s in fleet):
            return True
        time.sleep(0.1)
    return False
