"""Where plan jobs run: an RQ queue on Redis ("plans"), or the app's own small thread pool.

With REDIS_URL set, jobs go to RQ and any number of ``silkhub worker`` processes share them;
the worker's job function reads DATABASE_URL from its own environment. Without Redis (the
demo), a ThreadPoolExecutor owned by the app runs the same job function with the app's
database URL. Either way the job row is committed before it is queued.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Protocol

from flask import Flask, current_app
from redis import Redis
from rq import Queue

from warehouse.multimodal.runner import run_plan_job

QUEUE_NAME = "plans"
THREADS = 1
RQ_TIMEOUT_MARGIN_S = 300
_lock = threading.Lock()


class PlanQueue(Protocol):
    def submit(self, job_id: int, time_limit_s: float) -> None: ...


class ThreadQueue:
    """In-process worker: jobs run one at a time beside the web server (the demo)."""

    def __init__(self, database_url: str, threads: int = THREADS) -> None:
        self.database_url = database_url
        self.pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="plan-job")
        self.futures: list[Future[str]] = []

    def submit(self, job_id: int, time_limit_s: float) -> None:
        self.futures = [f for f in self.futures if not f.done()]
        self.futures.append(self.pool.submit(run_plan_job, job_id, self.database_url))


class RqQueue:
    """Jobs on the Redis queue "plans", for ``silkhub worker`` processes on any machine."""

    def __init__(self, redis_url: str, name: str = QUEUE_NAME) -> None:
        self.queue = Queue(name, connection=Redis.from_url(redis_url))

    def submit(self, job_id: int, time_limit_s: float) -> None:
        self.queue.enqueue(
            run_plan_job,
            job_id,
            job_timeout=int(time_limit_s) + RQ_TIMEOUT_MARGIN_S,
            description=f"plan job {job_id}",
        )


def plan_queue(app: Flask | None = None) -> PlanQueue:
    """The app's queue, made on first use from its settings."""
    app = app or current_app
    with _lock:
        queue = app.extensions.get("silkhub.plan_queue")
        if queue is None:
            settings = app.extensions["silkhub.settings"]
            queue = (
                RqQueue(settings.redis_url)
                if settings.redis_url
                else ThreadQueue(settings.database_url)
            )
            app.extensions["silkhub.plan_queue"] = queue
        return queue
