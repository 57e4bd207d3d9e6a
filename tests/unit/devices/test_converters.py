"""Converters turn contract payloads (JSON fixtures) into typed messages, with no broker."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from devices.converters import Rejected, convert
from devices.converters.printed import PrintedMessage
from devices.converters.scan import ScanMessage
from devices.converters.state import StateMessage
from devices.converters.weight import WeightMessage

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "devices"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_scan_keeps_every_contract_field_and_ignores_unknown_ones() -> None:
    """The contract's example scan converts field by field; extra fields are ignored."""
    msg = convert("wh", "wh/qd-bonded/hs-0001/evt/scan", fixture("scan_ok.json"))
    assert isinstance(msg, ScanMessage)
    assert (msg.device, msg.site, msg.msg_id, msg.seq) == (
        "hs-0001",
        "qd-bonded",
        "hs-0001:000123",
        123,
    )
    assert msg.code == "https://id.example.com/00/069123450000000017"
    assert (msg.op, msg.symbology, msg.user, msg.location, msg.task) == (
        "receive",
        "qr",
        "u-017",
        "QD-B-01-02-03",
        "RCV-000045",
    )
    assert msg.ts == datetime(2026, 11, 21, 8, 0, 0, 123000, tzinfo=UTC)


def test_scan_without_ts_gets_the_receive_time() -> None:
    """ts is optional: a scan without it is timed on arrival, in UTC."""
    msg = convert("wh", "wh/s/hs-0001/evt/scan", fixture("scan_minimal.json"))
    assert isinstance(msg, ScanMessage) and msg.ts.tzinfo is not None


@pytest.mark.parametrize(("name", "reason"), [
    ("scan_no_code.json", "invalid_field"),
    ("scan_no_msg_id.json", "missing_field"),
    ("scan_v2.json", "wrong_version"),
    ("scan_bad_image.json", "invalid_field"),
])  # fmt: skip
def test_scan_off_contract_is_rejected_with_a_reason(name: str, reason: str) -> None:
    """Missing msg_id, neither code nor image, another version, bad base64: rejected."""
    with pytest.raises(Rejected) as caught:
        convert("wh", "wh/s/hs-0001/evt/scan", fixture(name))
    assert caught.value.reason == reason


@pytest.mark.parametrize(("payload", "reason"), [
    (b"{not json", "not_json"),
    (b"\xff\xfe\x00", "not_json"),
    (b"[1, 2]", "not_object"),
    (b'{"msg_id": "x", "code": "1", "op": "pick"}', "missing_field"),
    (json.dumps({"v": 1, "msg_id": "a", "code": "1", "op": "pick",
                 "pad": "x" * 65536}).encode(), "too_large"),
])  # fmt: skip
def test_broken_payloads_are_rejected(payload: bytes, reason: str) -> None:
    """Not JSON, not an object, no v, over 64 KiB: each has its own reason."""
    with pytest.raises(Rejected) as caught:
        convert("wh", "wh/s/d/evt/scan", payload)
    assert caught.value.reason == reason


def test_image_scan_carries_the_decoded_bytes() -> None:
    """A camera scan's base64 image arrives as bytes, to be decoded before handling."""
    body = {"v": 1, "msg_id": "cam-1:000001", "op": "lookup", "image": "iVBORw0KGgo="}
    msg = convert("wh", "wh/s/cam-1/evt/scan", json.dumps(body).encode())
    assert isinstance(msg, ScanMessage) and msg.code is None
    assert msg.image == b"\x89PNG\r\n\x1a\n"


def test_weight_stable_reading() -> None:
    msg = convert("wh", "wh/qd/sc-07/evt/weight", fixture("weight_stable.json"))
    assert isinstance(msg, WeightMessage)
    assert (msg.gross_g, msg.tare_g, msg.stable, msg.seq) == (1234, 0, True, 4411)


def test_weight_without_stable_flag_is_rejected() -> None:
    with pytest.raises(Rejected, match="stable"):
        convert("wh", "wh/qd/sc-07/evt/weight", fixture("weight_no_stable.json"))


def test_print_results() -> None:
    """printed -> ok; error -> not ok with the printer's reason."""
    ok = convert("wh", "wh/qd/pr-01/evt/printed", fixture("printed_ok.json"))
    bad = convert("wh", "wh/qd/pr-01/evt/printed", fixture("printed_error.json"))
    assert isinstance(ok, PrintedMessage) and ok.ok and ok.error is None
    assert isinstance(bad, PrintedMessage) and not bad.ok and bad.error == "paper_out"


def test_state_with_battery_extension() -> None:
    msg = convert("wh", "wh/qd/hs-0001/state", fixture("state_online.json"))
    assert isinstance(msg, StateMessage)
    assert (msg.state, msg.kind, msg.fw, msg.battery) == ("online", "scanner", "1.4.2", 87)


def test_unknown_state_value_is_rejected() -> None:
    with pytest.raises(Rejected):
        convert("wh", "wh/qd/hs-0001/state", fixture("state_bad.json"))


@pytest.mark.parametrize("topic", ["other/qd/hs/evt/scan", "wh/qd", "wh//hs/evt/scan"])
def test_topics_outside_the_contract_are_rejected(topic: str) -> None:
    with pytest.raises(Rejected) as caught:
        convert("wh", topic, fixture("scan_minimal.json"))
    assert caught.value.reason == "bad_topic"


def test_unknown_event_kind_is_rejected() -> None:
    with pytest.raises(Rejected) as caught:
        convert("wh", "wh/qd/hs-0001/evt/temperature", b'{"v": 1}')
    assert caught.value.reason == "unknown_topic"


@pytest.mark.parametrize("version", ["true", '"1"', "2", "null"])
def test_only_the_number_1_is_version_1(version: str) -> None:
    """A payload valid in every other field but with ``v`` true, "1", 2 or null is refused
    as another version, not read as version 1."""
    payload = f'{{"v": {version}, "msg_id": "hs-1:1", "op": "pick", "code": "X"}}'.encode()
    with pytest.raises(Rejected) as caught:
        convert("wh", "wh/s/hs-1/evt/scan", payload)
    assert caught.value.reason == "wrong_version"
