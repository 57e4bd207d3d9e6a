"""Structured logs: one JSON object per line, with the request id bound to each."""

from __future__ import annotations

import logging
import sys
import time
import uuid

import structlog
from apiflask import APIFlask
from flask import Response, g, request

from config.settings import Settings

log = structlog.get_logger("silkhub.http")


def configure(settings: Settings) -> None:
    renderer = (
        structlog.processors.JSONRenderer()
        if settings.log_json
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        logger_factory=structlog.PrintLoggerFactory(sys.stderr),
        cache_logger_on_first_use=False,
    )
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(message)s")


def _start() -> None:
    g.request_started = time.perf_counter()
    request_id = request.headers.get("X-Request-Id") or uuid.uuid4().hex
    g.request_id = request_id
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id)


def _finish(response: Response) -> Response:
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    response.headers["X-Request-Id"] = g.get("request_id", "")
    if request.path not in ("/metrics", "/healthz") and not request.path.startswith("/static"):
        log.info(
            "request",
            method=request.method,
            path=request.path,
            status=response.status_code,
            ms=round(elapsed_ms, 2),
            remote=request.remote_addr,
        )
    return response


def init_app(app: APIFlask) -> None:
    app.before_request(_start)
    app.after_request(_finish)
