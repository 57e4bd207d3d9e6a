"""``evt/scan``: a code (or a camera image of one) read for an operation."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime

from pydantic import Field, model_validator

from devices.converters.base import Payload, Rejected, Topic, Version, counter_of, load, utc_or_now

Short = Field(default=None, max_length=64)


class ScanPayload(Payload):
    v: Version
    msg_id: str = Field(min_length=1, max_length=64)
    op: str = Field(min_length=1, max_length=16)
    ts: datetime | None = None
    code: str | None = Field(default=None, min_length=1, max_length=4096)
    image: str | None = Field(default=None, min_length=1)
    symbology: str | None = Field(default=None, max_length=24)
    user: str | None = Short
    location: str | None = Short
    task: str | None = Short

    @model_validator(mode="after")
    def _code_or_image(self) -> ScanPayload:
        if self.code is None and self.image is None:
            raise ValueError("code or image: one is required")
        return self


@dataclass(frozen=True)
class ScanMessage:
    device: str
    site: str
    msg_id: str
    seq: int | None
    op: str
    ts: datetime
    code: str | None
    image: bytes | None
    symbology: str | None
    user: str | None
    location: str | None
    task: str | None


def convert(topic: Topic, payload: bytes) -> ScanMessage:
    body = load(payload, ScanPayload)
    return ScanMessage(
        device=topic.device,
        site=topic.site,
        msg_id=body.msg_id,
        seq=counter_of(body.msg_id),
        op=body.op,
        ts=utc_or_now(body.ts),
        code=body.code,
        image=_image(body.image) if body.code is None else None,
        symbology=body.symbology,
        user=body.user,
        location=body.location,
        task=body.task,
    )


def _image(text: str | None) -> bytes | None:
    if text is None:
        return None
    try:
        return base64.b64decode(text.split(",", 1)[-1], validate=True)
    except (binascii.Error, ValueError):
        raise Rejected("invalid_field", "image: not base64") from None
