"""``evt/weight``: a scale reading, stable or still settling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import Field

from devices.converters.base import Payload, Topic, Version, counter_of, load, utc
from warehouse.db import utcnow


class WeightPayload(Payload):
    v: Version
    msg_id: str = Field(min_length=1, max_length=64)
    gross_g: int = Field(ge=-1_000_000, le=10_000_000)
    stable: bool
    tare_g: int = Field(default=0, ge=0, le=10_000_000)
    ts: datetime | None = None


@dataclass(frozen=True)
class WeightMessage:
    device: str
    site: str
    msg_id: str
    seq: int | None
    gross_g: int
    tare_g: int
    stable: bool
    ts: datetime


def convert(topic: Topic, payload: bytes) -> WeightMessage:
    body = load(payload, WeightPayload)
    return WeightMessage(
        device=topic.device,
        site=topic.site,
        msg_id=body.msg_id,
        seq=counter_of(body.msg_id),
        gross_g=body.gross_g,
        tare_g=body.tare_g,
        stable=body.stable,
        ts=utc(body.ts, utcnow()),
    )
