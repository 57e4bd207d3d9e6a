"""Dead letters: a rejected message, its topic and the reason, for people to look at.

Published to ``{prefix}/{site}/gateway/dead-letter``. The original payload is kept as text
when it is UTF-8 and as base64 otherwise, cut to ``KEEP_BYTES`` (``truncated`` says so).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from devices.timefmt import rfc3339

KEEP_BYTES = 8 * 1024
UNKNOWN_SITE = "unknown"


@dataclass(frozen=True)
class DeadLetter:
    topic: str
    payload: bytes
    reason: str
    detail: str
    at: datetime


def dead_letter_topic(prefix: str, site: str) -> str:
    return f"{prefix}/{site}/gateway/dead-letter"


def site_of(prefix: str, topic: str) -> str:
    head = prefix + "/"
    site = topic[len(head) :].split("/", 1)[0] if topic.startswith(head) else ""
    return site if site and "+" not in site and "#" not in site else UNKNOWN_SITE


def body(letter: DeadLetter, gateway: str) -> dict[str, Any]:
    kept = letter.payload[:KEEP_BYTES]
    out: dict[str, Any] = {
        "v": 1,
        "reason": letter.reason,
        "detail": letter.detail,
        "topic": letter.topic,
        "size": len(letter.payload),
        "truncated": len(kept) < len(letter.payload),
        "ts": rfc3339(letter.at),
        "gateway": gateway,
    }
    try:
        out["payload"] = kept.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(kept) - 3 and len(kept) < len(letter.payload):
            out["payload"] = kept[: exc.start].decode("utf-8")  # cut inside a character
        else:
            out["payload_b64"] = base64.b64encode(kept).decode("ascii")
    return out


def encode(prefix: str, letter: DeadLetter, gateway: str) -> tuple[str, bytes]:
    """The dead-letter topic and payload for ``letter``."""
    topic = dead_letter_topic(prefix, site_of(prefix, letter.topic))
    return topic, json.dumps(body(letter, gateway), ensure_ascii=False).encode()
