"""Payload converters: one per message kind, ``convert(topic, payload) -> typed message``.

They know the wire contract (docs/devices.md, spec/mqtt.md) and nothing of MQTT sessions or
the database, so they are tested with JSON fixtures alone. A payload that breaks the contract
raises :class:`Rejected`, which the gateway turns into a dead letter.
"""

from __future__ import annotations

from collections.abc import Callable

from devices.converters import printed, scan, state, weight
from devices.converters.base import Rejected, Topic, parse_topic

Message = scan.ScanMessage | weight.WeightMessage | printed.PrintedMessage | state.StateMessage
Converter = Callable[[Topic, bytes], Message]

CONVERTERS: dict[str, Converter] = {
    "evt/scan": scan.convert,
    "evt/weight": weight.convert,
    "evt/printed": printed.convert,
    "state": state.convert,
}


def convert(prefix: str, topic: str, payload: bytes) -> Message:
    """The typed message on ``topic``; raises Rejected for anything off contract."""
    where = parse_topic(prefix, topic)
    converter = CONVERTERS.get(where.channel)
    if converter is None:
        raise Rejected("unknown_topic", f"no message kind is sent on {where.channel!r}")
    return converter(where, payload)


__all__ = ["CONVERTERS", "Message", "Rejected", "Topic", "convert", "parse_topic"]
