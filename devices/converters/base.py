"""What every converter shares: topic parsing, the size limit, JSON and version checks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from warehouse.db import utcnow

MAX_PAYLOAD_BYTES = 64 * 1024
VERSION = 1
M = TypeVar("M", bound=BaseModel)


class Rejected(ValueError):
    """A message off the contract. ``reason`` is a stable word (metrics label, dead letter)."""

    REASONS = (
        "too_large", "not_json", "not_object", "wrong_version", "missing_field",
        "invalid_field", "unknown_topic", "bad_topic",
    )  # fmt: skip

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Topic:
    prefix: str
    site: str
    device: str
    channel: str


class Payload(BaseModel):
    """Base of the payload models: unknown fields are ignored, as the contract says."""

    model_config = ConfigDict(extra="ignore", frozen=True)


#: ``v`` as sent: checked by :func:`load` itself (``true`` or ``"1"`` are not version 1).
Version = Any


def parse_topic(prefix: str, topic: str) -> Topic:
    head = prefix + "/"
    parts = topic[len(head) :].split("/") if topic.startswith(head) else []
    if len(parts) < 3 or not all(parts):
        raise Rejected("bad_topic", f"not {prefix}/{{site}}/{{device}}/...: {topic!r}")
    return Topic(prefix, parts[0], parts[1], "/".join(parts[2:]))


def load(payload: bytes, model: type[M]) -> M:
    """Size, JSON, object, version and field checks, in that order.

    A valid payload is parsed and validated in one pass (pydantic's JSON parser); only one
    that fails is parsed again step by step, to name the first check it fails.
    """
    if len(payload) > MAX_PAYLOAD_BYTES:
        raise Rejected("too_large", f"{len(payload)} bytes, over {MAX_PAYLOAD_BYTES}")
    try:
        body = model.model_validate_json(payload)
    except ValidationError:
        return _load_step_by_step(payload, model)
    _check_version({"v": getattr(body, "v", None)})
    return body


def _load_step_by_step(payload: bytes, model: type[M]) -> M:
    try:
        data = json.loads(payload)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Rejected("not_json", str(exc)[:200]) from None
    if not isinstance(data, dict):
        raise Rejected("not_object", f"a JSON {type(data).__name__}, not an object")
    _check_version(data)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _rejection(exc) from None


def _check_version(data: dict[str, Any]) -> None:
    if "v" not in data:
        raise Rejected("missing_field", "v: required")
    if data["v"] != VERSION or isinstance(data["v"], bool):
        raise Rejected("wrong_version", f"v={data['v']!r}; this gateway speaks v={VERSION}")


def _rejection(exc: ValidationError) -> Rejected:
    errors = exc.errors()
    missing = [e for e in errors if e["type"] == "missing"]
    first = (missing or errors)[0]
    where = ".".join(str(p) for p in first["loc"]) or "payload"
    reason = "missing_field" if missing else "invalid_field"
    return Rejected(reason, f"{where}: {first['msg']}")


def counter_of(msg_id: str) -> int | None:
    """The device's message counter: the digits after the last ``:`` of the msg_id."""
    _, sep, tail = msg_id.rpartition(":")
    return int(tail) if sep and tail.isdigit() and len(tail) <= 18 else None


def utc(ts: datetime | None, default: datetime) -> datetime:
    if ts is None:
        return default
    return ts.replace(tzinfo=UTC) if ts.tzinfo is None else ts.astimezone(UTC)


def utc_or_now(ts: datetime | None) -> datetime:
    """``ts`` in UTC, or the time now when the device sent none (the clock is read only then)."""
    return utcnow() if ts is None else utc(ts, ts)
