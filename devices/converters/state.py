"""``state``: a device's retained announcement (``online``) or last will (``offline``).

``battery`` (0-100, percent) is an extension field some handhelds send.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import Field

from devices.converters.base import Payload, Topic, Version, load, utc
from warehouse.db import utcnow


class StatePayload(Payload):
    v: Version
    state: Literal["online", "offline"]
    kind: str | None = Field(default=None, max_length=16)
    fw: str | None = Field(default=None, max_length=32)
    ts: datetime | None = None
    battery: int | None = Field(default=None, ge=0, le=100)


@dataclass(frozen=True)
class StateMessage:
    device: str
    site: str
    state: str
    kind: str | None
    fw: str | None
    battery: int | None
    ts: datetime


def convert(topic: Topic, payload: bytes) -> StateMessage:
    body = load(payload, StatePayload)
    return StateMessage(
        device=topic.device,
        site=topic.site,
        state=body.state,
        kind=body.kind,
        fw=body.fw,
        battery=body.battery,
        ts=utc(body.ts, utcnow()),
    )
