"""paho's client with fewer system calls per message, for the gateway's hot path.

paho reads each packet with three ``recv`` calls (the command byte, the length, the rest) and
sends each queued packet with its own ``send``, after waking its network thread through a
socket pair once per packet. At thousands of scans a second (a scan in, an ack out, the
broker's PUBACK of the ack in, our PUBACK of the scan out) those calls, and the GIL handovers
around each, were a fifth of the gateway's CPU. This client

- reads what the socket holds (up to 64 KiB) at once and serves paho's small reads from it,
  handling every packet buffered before it waits on the socket again;
- while a thread publishes inside :meth:`GatewayClient.batched`, queues the packets without
  waking the network thread, and wakes it once at the end;
- writes the queued acknowledgements and QoS 1 publications in one ``send`` where they fit;
- takes a plain PUBACK (success, no properties: what the broker sends for each ack) without
  building a reason code and a property set for a callback the gateway does not set.

The MQTT traffic is byte for byte what paho sends; only its grouping into system calls changes.
It relies on paho 2's internals (``_sock_recv``, ``_packet_write``, ``_packet_queue``,
``_handle_pubackcomp``); ``tests/unit/devices/test_mqttclient.py`` pins what it relies on.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import Any

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode

READ_CHUNK = 64 * 1024
WRITE_CHUNK = 64 * 1024
PUBLISH, PUBACK, DISCONNECT = 0x30, 0x40, 0xE0
PUBACK_SUCCESS = ReasonCode(PacketTypes.PUBACK)
NO_PROPERTIES = Properties(PacketTypes.PUBACK)


class GatewayClient(mqtt.Client):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._read_buffer = b""
        self._read_pos = 0
        self._quiet_thread: int | None = None
        self._wake_due = False

    # -- reading ----------------------------------------------------------------------------
    def _sock_recv(self, bufsize: int) -> bytes:
        if self._read_pos >= len(self._read_buffer):
            data = super()._sock_recv(max(bufsize, READ_CHUNK))
            if len(data) <= bufsize:
                return data
            self._read_buffer, self._read_pos = data, 0
        start = self._read_pos
        self._read_pos = start + bufsize
        return self._read_buffer[start : self._read_pos]

    def loop_read(self, max_packets: int = 1) -> mqtt.MQTTErrorCode:
        """paho's, then again while packets wait in the buffer: select() cannot see them."""
        rc = super().loop_read(max_packets)
        while rc == mqtt.MQTT_ERR_SUCCESS and self._sock is not None and self._buffered():
            rc = super().loop_read(max_packets)
        return rc

    def _buffered(self) -> bool:
        return self._read_pos < len(self._read_buffer)

    def _sock_close(self) -> None:
        super()._sock_close()
        self._read_buffer, self._read_pos = b"", 0

    def _handle_pubackcomp(self, cmd: Any) -> mqtt.MQTTErrorCode:
        packet = self._in_packet["packet"]
        if cmd != "PUBACK" or len(packet) != 2 or self.on_publish is not None:
            return super()._handle_pubackcomp(cmd)
        mid = int.from_bytes(packet, "big")
        with self._out_message_mutex:
            if mid in self._out_messages:
                return self._do_on_publish(mid, PUBACK_SUCCESS, NO_PROPERTIES)
        return mqtt.MQTT_ERR_SUCCESS

    # -- writing ----------------------------------------------------------------------------
    @contextmanager
    def batched(self) -> Iterator[None]:
        """Publish and ack inside: the network thread is woken once, on leaving."""
        self._quiet_thread = threading.get_ident()
        try:
            yield
        finally:
            self._quiet_thread = None
            if self._wake_due:
                self._wake_due = False
                self._wake()

    def _wake(self) -> None:
        pair = self._sockpairW
        if pair is not None:
            with suppress(BlockingIOError):
                pair.send(b"0")

    def _packet_queue(self, command: int, packet: bytes | bytearray, mid: int, qos: int,
                      info: mqtt.MQTTMessageInfo | None = None) -> mqtt.MQTTErrorCode:  # fmt: skip
        if self._quiet_thread != threading.get_ident() or self._thread is None:
            return super()._packet_queue(command, packet, mid, qos, info)
        self._out_packet.append({
            "command": command, "mid": mid, "qos": qos, "pos": 0,
            "to_process": len(packet), "packet": packet, "info": info,
        })  # fmt: skip
        self._wake_due = True
        self._call_socket_register_write()
        return mqtt.MQTT_ERR_SUCCESS

    def _packet_write(self) -> mqtt.MQTTErrorCode:
        self._coalesce()
        return super()._packet_write()

    def _coalesce(self) -> None:
        """Join the packets at the head of the queue that need nothing when written (acks,
        QoS 1 publications: paho acts on their PUBACK) into one."""
        queue = self._out_packet
        if len(queue) < 2 or not _plain(queue[0]) or not _plain(queue[1]):
            return
        parts, size = [], 0
        while queue and size < WRITE_CHUNK and _plain(queue[0]):
            packet = queue.popleft()
            part = packet["packet"][packet["pos"] :]
            parts.append(part)
            size += len(part)
        joined = b"".join(parts)
        queue.appendleft({
            "command": PUBACK, "mid": 0, "qos": 1, "pos": 0,
            "to_process": len(joined), "packet": joined, "info": None,
        })  # fmt: skip


def _plain(packet: Any) -> bool:
    """Nothing happens when it is written: not a QoS 0 publication, not a DISCONNECT."""
    kind = packet["command"] & 0xF0
    return kind != DISCONNECT and not (kind == PUBLISH and packet["qos"] == 0)
