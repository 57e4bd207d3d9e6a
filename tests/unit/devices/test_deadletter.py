"""Dead letters carry the topic, the reason and the original payload (or its prefix)."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

from devices.deadletter import KEEP_BYTES, DeadLetter, encode

AT = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)


def test_text_payload_is_kept_as_text_on_the_sites_topic() -> None:
    topic, body = encode(
        "wh", DeadLetter("wh/qd/hs-1/evt/scan", b"{oops", "not_json", "x", AT), "gw-1"
    )
    letter = json.loads(body)
    assert topic == "wh/qd/gateway/dead-letter"
    assert letter["payload"] == "{oops" and letter["reason"] == "not_json"
    assert letter["topic"] == "wh/qd/hs-1/evt/scan" and letter["truncated"] is False
    assert letter["ts"] == "2026-11-21T08:00:00.000Z"


def test_binary_payload_is_base64() -> None:
    raw = b"\xff\x00\xfe"
    _, body = encode("wh", DeadLetter("wh/qd/d/evt/scan", raw, "not_json", "x", AT), "gw")
    letter = json.loads(body)
    assert "payload" not in letter and base64.b64decode(letter["payload_b64"]) == raw


def test_large_payload_keeps_a_prefix_and_says_so() -> None:
    raw = b"a" * (70 * 1024)
    _, body = encode("wh", DeadLetter("wh/qd/d/evt/scan", raw, "too_large", "x", AT), "gw")
    letter = json.loads(body)
    assert letter["truncated"] is True and letter["size"] == len(raw)
    assert len(letter["payload"]) == KEEP_BYTES


def test_unparseable_topic_goes_to_the_unknown_site() -> None:
    topic, _ = encode("wh", DeadLetter("elsewhere/x", b"{}", "bad_topic", "x", AT), "gw")
    assert topic == "wh/unknown/gateway/dead-letter"
