"""The gateway's paho client: the same MQTT traffic as paho's, in fewer system calls."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import paho.mqtt.client as mqtt
import pytest

from devices.mqttclient import GatewayClient


class CountingClient(GatewayClient):
    def __init__(self) -> None:
        super().__init__(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        self.sends = 0

    def _sock_send(self, buf: bytes | bytearray) -> int:
        self.sends += 1
        return super()._sock_send(buf)


@pytest.fixture
def wired() -> Iterator[tuple[CountingClient, socket.socket]]:
    """A client whose socket is one end of a pair; the test plays the broker at the other."""
    ours, broker = socket.socketpair()
    ours.setblocking(False)
    broker.settimeout(2)
    client = CountingClient()
    client._sock = ours
    yield client, broker
    client._sock_close()
    broker.close()


def publish_packet(topic: str, payload: bytes) -> bytes:
    """An MQTT v5 QoS 0 PUBLISH without properties."""
    name = topic.encode()
    body = len(name).to_bytes(2, "big") + name + b"\x00" + payload
    assert len(body) < 128
    return bytes([0x30, len(body)]) + body


def test_paho_still_has_what_the_client_builds_on() -> None:
    """The internals GatewayClient overrides or reads exist in the installed paho."""
    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
    for name in (
        "_sock_recv",
        "_sock_close",
        "_packet_write",
        "_packet_queue",
        "_handle_pubackcomp",
        "_do_on_publish",
        "_call_socket_register_write",
    ):
        assert callable(getattr(client, name)), name
    for name in (
        "_out_packet",
        "_in_packet",
        "_out_messages",
        "_out_message_mutex",
        "_sockpairW",
        "_thread",
        "_sock",
    ):
        assert hasattr(client, name), name


def test_every_packet_read_is_handled_before_waiting_again(wired: Any) -> None:
    """Packets that arrive together are all handled by one read: none waits in the buffer."""
    client, broker = wired
    got: list[bytes] = []
    client.on_message = lambda _c, _u, m: got.append(m.payload)
    broker.sendall(b"".join(publish_packet("wh/s/d/evt/scan", b"%d" % i) for i in range(50)))
    assert client.loop_read() == mqtt.MQTT_ERR_SUCCESS
    assert got == [b"%d" % i for i in range(50)]


def test_a_packet_split_across_reads_is_put_together(wired: Any) -> None:
    """A packet cut anywhere by TCP is handled once its last byte arrives."""
    client, broker = wired
    got: list[bytes] = []
    client.on_message = lambda _c, _u, m: got.append(m.payload)
    data = publish_packet("wh/s/d/evt/scan", b"first") + publish_packet("wh/s/d/state", b"2nd")
    for cut in (1, 2, 9, len(data) - 1):
        got.clear()
        broker.sendall(data[:cut])
        client.loop_read()
        broker.sendall(data[cut:])
        client.loop_read()
        assert got == [b"first", b"2nd"], cut


def test_queued_acks_and_qos1_publications_go_out_in_one_write(wired: Any) -> None:
    """Acknowledgements and QoS 1 publications are written together, byte for byte."""
    client, broker = wired
    packets = [bytes([0x40, 2, 0, n]) for n in range(1, 4)] + [b"\x32\x03abc"]
    for n, packet in enumerate(packets):
        client._out_packet.append(
            {
                "command": packet[0],
                "mid": n,
                "qos": 1,
                "pos": 0,
                "to_process": len(packet),
                "packet": packet,
                "info": None,
            }
        )
    client._packet_write()
    assert client.sends == 1
    assert broker.recv(1024) == b"".join(packets)


def test_a_qos0_publication_is_written_on_its_own(wired: Any) -> None:
    """A QoS 0 publication is done when written: it keeps its own write, and its completion."""
    client, broker = wired
    info = mqtt.MQTTMessageInfo(7)
    puback, publish = b"\x40\x02\x00\x09", publish_packet("wh/s/d/cmd/tare", b"{}")
    client._out_packet.extend(
        [
            {
                "command": 0x40,
                "mid": 9,
                "qos": 0,
                "pos": 0,
                "to_process": 4,
                "packet": puback,
                "info": None,
            },
            {
                "command": 0x30,
                "mid": 7,
                "qos": 0,
                "pos": 0,
                "to_process": len(publish),
                "packet": publish,
                "info": info,
            },
        ]
    )
    client._packet_write()
    assert client.sends == 2
    assert info.is_published()
    assert broker.recv(1024) == puback + publish


def test_a_plain_puback_completes_its_publication(wired: Any) -> None:
    """The broker's PUBACK (no reason code, no properties) completes the QoS 1 publication."""
    client, broker = wired
    info = client.publish("wh/s/d/cmd/ack", b"{}", qos=1)
    assert not info.is_published()
    broker.sendall(bytes([0x40, 2]) + info.mid.to_bytes(2, "big"))
    client.loop_read()
    assert info.is_published()
    assert info.mid not in client._out_messages


def test_a_puback_with_a_reason_takes_pahos_way(wired: Any) -> None:
    """A PUBACK that carries a reason code reaches on_publish with it, as paho passes it."""
    client, broker = wired
    reasons: list[int] = []
    client.on_publish = lambda _c, _u, _mid, reason, _p: reasons.append(reason.value)
    info = client.publish("wh/s/d/cmd/ack", b"{}", qos=1)
    broker.sendall(bytes([0x40, 3]) + info.mid.to_bytes(2, "big") + bytes([0x10]))
    client.loop_read()
    assert reasons == [0x10]
    assert info.is_published()
