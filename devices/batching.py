"""Drain a queue in batches: wait for one item, then take what arrives within a short window.

The window bounds the added latency (a few ms); the size bounds the transaction.
"""

from __future__ import annotations

import queue
import time
from typing import TypeVar

T = TypeVar("T")


def drain(source: queue.Queue[T], max_items: int, window_s: float, wait_s: float) -> list[T]:
    """Up to ``max_items`` items: the first within ``wait_s`` (else none), the rest within
    ``window_s`` after it."""
    try:
        batch = [source.get(timeout=wait_s)]
    except queue.Empty:
        return []
    deadline = time.monotonic() + window_s
    while len(batch) < max_items:
        try:
            batch.append(source.get_nowait())
            continue
        except queue.Empty:
            pass
        left = deadline - time.monotonic()
        if left <= 0:
            break
        try:
            batch.append(source.get(timeout=left))
        except queue.Empty:
            break
    return batch
