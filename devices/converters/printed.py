"""``evt/printed``: what became of a print job at the printer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import Field

from devices.converters.base import Payload, Topic, Version, load, utc
from warehouse.db import utcnow


class PrintedPayload(Payload):
    v: Version
    job_id: str = Field(min_length=1, max_length=32)
    status: Literal["printed", "error"]
    error: str | None = Field(default=None, max_length=200)
    ts: datetime | None = None


@dataclass(frozen=True)
class PrintedMessage:
    device: str
    site: str
    job_id: str
    ok: bool
    error: str | None
    ts: datetime
    attempt: int | None = None


def convert(topic: Topic, payload: bytes) -> PrintedMessage:
    body = load(payload, PrintedPayload)
    error = None if body.status == "printed" else (body.error or "unspecified")
    return PrintedMessage(
        device=topic.device,
        site=topic.site,
        job_id=body.job_id,
        ok=body.status == "printed",
        error=error,
        ts=utc(body.ts, utcnow()),
    )
