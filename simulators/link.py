"""A device's MQTT link: its own client id and user, the retained ``state`` with a last will,
a persistent session, reconnects, and MQTT 3.1.1 when the broker refuses v5."""

from __future__ import annotations

import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties

from simulators import contract

log = logging.getLogger(__name__)
UNSUPPORTED_PROTOCOL = 132


@dataclass(frozen=True)
class Broker:
    host: str
    port: int
    username: str | None = None
    password: str | None = None

    @classmethod
    def parse(cls, url: str) -> Broker:
        parts = urlsplit(url)
        if not parts.hostname:
            raise ValueError(f"not a broker URL: {url!r}")
        return cls(parts.hostname, parts.port or 1883,
                   unquote(parts.username) if parts.username else None,
                   unquote(parts.password) if parts.password else None)  # fmt: skip


@dataclass(frozen=True)
class Identity:
    device: str
    site: str
    kind: str
    prefix: str = contract.PREFIX
    password: str | None = None
    battery: int | None = None

    def topic(self, channel: str) -> str:
        return contract.topic(self.prefix, self.site, self.device, channel)


OnConnect = Callable[[mqtt.Client], None]
OnMessage = Callable[[mqtt.MQTTMessage], None]


class Link:
    def __init__(self, broker: Broker, me: Identity, subscribe: str | None,
                 on_message: OnMessage, on_connect: OnConnect | None = None) -> None:  # fmt: skip
        self.broker, self.me = broker, me
        self._subscribe = subscribe
        self._on_message_cb, self._on_connect_cb = on_message, on_connect
        self.protocol = mqtt.MQTTv5
        self.connected = threading.Event()
        self._refused = threading.Event()
        self.client = self._client()

    def _client(self) -> mqtt.Client:
        v5 = self.protocol == mqtt.MQTTv5
        client = mqtt.Client(
            mqtt.CallbackAPIVersion.VERSION2,
            client_id=self.me.device,
            protocol=self.protocol,
            clean_session=None if v5 else False,
        )
        user = self.me.device if self.me.password else self.broker.username
        if user:
            client.username_pw_set(user, self.me.password or self.broker.password)
        offline = contract.state("offline", self.me.kind)
        client.will_set(self.me.topic("state"), offline, qos=1, retain=True)
        client.on_socket_open = _no_delay
        client.reconnect_delay_set(1, 5)
        client.max_inflight_messages_set(200)
        client.max_queued_messages_set(0)
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = lambda _c, _u, m: self._on_message_cb(m)
        return client

    def start(self, wait_s: float = 5.0) -> None:
        self._open()
        deadline = time.monotonic() + wait_s
        while not (self.connected.is_set() or self._refused.is_set()):
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        silent = not self.connected.is_set() and self._listening()  # amqtt: no CONNACK at all
        if (self._refused.is_set() or silent) and not self.connected.is_set():
            self.client.loop_stop()
            self.protocol = mqtt.MQTTv311
            self.client = self._client()
            self._open()
            self.connected.wait(wait_s)

    def _listening(self) -> bool:
        try:
            socket.create_connection((self.broker.host, self.broker.port), 2).close()
        except OSError:
            return False
        return True

    def _open(self) -> None:
        props = None
        if self.protocol == mqtt.MQTTv5:
            props = Properties(PacketTypes.CONNECT)
            props.SessionExpiryInterval = 3600
        self.client.connect_async(self.broker.host, self.broker.port, keepalive=15,
                                  clean_start=False if props else mqtt.MQTT_CLEAN_START_FIRST_ONLY,
                                  properties=props)  # fmt: skip
        self.client.loop_start()

    def _on_connect(self, client: mqtt.Client, _u: object, _f: object, reason: object,
                    _p: object) -> None:  # fmt: skip
        code = getattr(reason, "value", reason)
        if getattr(reason, "is_failure", False):
            if code == UNSUPPORTED_PROTOCOL:
                self._refused.set()
            log.warning("%s: connection refused: %s", self.me.device, reason)
            return
        if self._subscribe:
            client.subscribe(self._subscribe, qos=1)
        state = contract.state("online", self.me.kind, battery=self.me.battery)
        client.publish(self.me.topic("state"), state, qos=1, retain=True)
        self.connected.set()
        if self._on_connect_cb:
            self._on_connect_cb(client)

    def _on_disconnect(self, *_args: object) -> None:
        self.connected.clear()

    def publish(self, topic: str, payload: bytes, qos: int = 1,
                properties: Properties | None = None) -> mqtt.MQTTMessageInfo:  # fmt: skip
        return self.client.publish(topic, payload, qos, properties=properties)

    def drop(self) -> None:
        """Lose the connection abruptly, as on flaky Wi-Fi (the broker sends the will)."""
        sock = self.client.socket()
        if isinstance(sock, socket.socket):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def stop(self) -> None:
        """A clean goodbye: state offline, then disconnect."""
        if self.connected.is_set():
            offline = contract.state("offline", self.me.kind)
            info = self.client.publish(self.me.topic("state"), offline, 1, retain=True)
            with contextlib.suppress(RuntimeError, ValueError):
                info.wait_for_publish(timeout=2)
        self.client.disconnect()
        self.client.loop_stop()


def _no_delay(_client: object, _userdata: object, sock: object) -> None:
    """Small packets out at once: with Nagle's algorithm a device's second small packet waits
    for the broker's delayed TCP acknowledgement (up to 40 ms)."""
    setsockopt = getattr(sock, "setsockopt", None)
    if setsockopt is not None:
        with contextlib.suppress(OSError):
            setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
