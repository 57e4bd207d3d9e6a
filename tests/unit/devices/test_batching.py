"""The worker's batches: the first message waits, the rest come within a short window."""

from __future__ import annotations

import queue

from devices.batching import drain


def test_takes_what_is_there_up_to_the_limit() -> None:
    q: queue.Queue[int] = queue.Queue()
    for i in range(10):
        q.put(i)
    assert drain(q, 4, 0.0, 0.1) == [0, 1, 2, 3]
    assert drain(q, 100, 0.0, 0.1) == [4, 5, 6, 7, 8, 9]


def test_empty_queue_gives_an_empty_batch_after_the_wait() -> None:
    assert drain(queue.Queue(), 10, 0.0, 0.01) == []
