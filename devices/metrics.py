"""Prometheus metrics of the gateway (``silkhub gateway --metrics-port``)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

MESSAGES = Counter("silkhub_gateway_messages_total", "Device messages handled, by kind", ["kind"])
DUPLICATES = Counter(
    "silkhub_gateway_duplicates_total", "Redelivered messages answered with their stored ack"
)
DEAD_LETTERS = Counter(
    "silkhub_gateway_dead_letters_total", "Messages rejected to the dead-letter topic", ["reason"]
)
GAPS = Counter("silkhub_gateway_gap_messages_total", "Device message numbers reported missing")
RECOVERED = Counter(
    "silkhub_gateway_gap_recovered_total", "Missing message numbers that arrived later"
)
BATCH_SIZE = Histogram(
    "silkhub_gateway_batch_size", "Messages per committed batch",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000),
)  # fmt: skip
BATCH_SECONDS = Histogram(
    "silkhub_gateway_batch_seconds", "Time to record and commit a batch",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1),
)  # fmt: skip
BATCH_FAILURES = Counter(
    "silkhub_gateway_batch_failures_total", "Batches that failed and were retried", ["why"]
)
QUEUE = Gauge("silkhub_gateway_queue", "Messages received and not yet recorded")
CONNECTED = Gauge("silkhub_gateway_connected", "1 while connected to the broker")
PRINT_JOBS = Counter("silkhub_gateway_print_jobs_total", "Print job transitions", ["status"])
