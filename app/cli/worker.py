"""``silkhub worker``: an RQ worker for plan jobs on REDIS_URL (queue "plans").

Start one per core on as many machines as needed; each job opens its own database session
from the worker's DATABASE_URL, so the workers must point at the app's database.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import with_appcontext
from redis import Redis
from rq import Queue, Worker

from app.plan_queue import QUEUE_NAME


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queue is empty.")
@click.option("--name", default=None, help="Worker name (default: host and pid).")
@with_appcontext
def worker(burst: bool, name: str | None) -> None:
    """Run plan jobs from the Redis queue "plans" (needs REDIS_URL)."""
    settings = current_app.extensions["silkhub.settings"]
    if not settings.redis_url:
        raise click.ClickException("REDIS_URL is not set: without Redis the app plans in-process.")
    connection = Redis.from_url(settings.redis_url)
    queue = Queue(QUEUE_NAME, connection=connection)
    Worker([queue], connection=connection, name=name).work(burst=burst)
