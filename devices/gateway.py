"""The device gateway's transport: paho-mqtt 2, MQTT v5, persistent session, manual acks.

The paho callback only enqueues. A worker thread drains the queue in batches, has the
pipeline record each batch in one transaction, and after the commit publishes the acks and
dead letters and only then acknowledges the messages at the MQTT level
(``manual_ack=True``, ``client.ack``). A crash before that leaves them unacknowledged in the
broker's session, which delivers them again; the database answers them with their stored ack.

Several gateways share the load through ``$share/{group}/{prefix}/+/+/evt/#``. A broker that
refuses MQTT v5 (amqtt, the demo's embedded broker) gets MQTT 3.1.1 with a persistent session
and a plain subscription instead; one that refuses shared subscriptions gets a plain one.
"""

from __future__ import annotations

import logging
import queue
import socket
import threading
import time
from dataclasses import dataclass

import paho.mqtt.client as mqtt
from paho.mqtt.packettypes import PacketTypes
from paho.mqtt.properties import Properties
from paho.mqtt.reasoncodes import ReasonCode
from paho.mqtt.subscribeoptions import SubscribeOptions

from devices import metrics
from devices.batching import drain
from devices.mqttclient import GatewayClient
from devices.mqtturl import BrokerAddress
from devices.nodelay import no_delay
from devices.pipeline import DatabaseDown, Inbound, Pipeline, Publication

log = logging.getLogger(__name__)
UNSUPPORTED_PROTOCOL = 132  # CONNACK reason when a 3.1.1 broker sees a v5 CONNECT


@dataclass(frozen=True)
class GatewayConfig:
    broker: BrokerAddress
    prefix: str = "wh"
    group: str = "silkhub"
    name: str = "gw-1"
    session_expiry_s: int = 24 * 3600
    receive_maximum: int = 20_000  # in flight to us, unacked: absorbs bursts beyond the queue
    batch_max: int = 500
    window_s: float = 0.003  # collects a batch when the queue runs dry: adds at most 3 ms
    keepalive_s: int = 30

    @property
    def client_id(self) -> str:
        """Stable across restarts, so that the broker's session (and its queue) is resumed."""
        return f"silkhub-gateway-{self.name}"


@dataclass(frozen=True)
class Received(Inbound):
    mid: int
    qos: int
    epoch: int


class Gateway:
    def __init__(self, config: GatewayConfig, pipeline: Pipeline) -> None:
        self.config, self.pipeline = config, pipeline
        self.inbox: queue.Queue[Received] = queue.Queue()
        self.protocol = mqtt.MQTTv5
        self.connected = threading.Event()
        self._epoch = 0
        self._stopping = threading.Event()
        self._refused = threading.Event()
        self._worker = threading.Thread(target=self._work, name="gateway-worker", daemon=True)
        self.client = self._client(mqtt.MQTTv5)

    # -- connection -------------------------------------------------------------------------
    def _client(self, protocol: mqtt.MQTTProtocolVersion) -> GatewayClient:
        v5 = protocol == mqtt.MQTTv5
        client = GatewayClient(
            mqtt.CallbackAPIVersion.VERSION2, client_id=self.config.client_id,
            protocol=protocol, manual_ack=True, clean_session=None if v5 else False,
        )  # fmt: skip
        broker = self.config.broker
        if broker.username:
            client.username_pw_set(broker.username, broker.password)
        if broker.tls:
            client.tls_set()
        client.reconnect_delay_set(min_delay=1, max_delay=30)
        # No client-side in-flight limit: paho then scans every outgoing message on each
        # PUBACK (O(n) per ack). Acks in flight are bounded by the messages received.
        client.max_inflight_messages_set(0)
        client.max_queued_messages_set(0)
        client.on_socket_open = no_delay
        client.on_connect = self._on_connect
        client.on_disconnect = self._on_disconnect
        client.on_message = self._on_message
        client.on_subscribe = self._on_subscribe
        return client

    def _connect_properties(self) -> Properties | None:
        if self.protocol != mqtt.MQTTv5:
            return None
        props = Properties(PacketTypes.CONNECT)
        props.SessionExpiryInterval = self.config.session_expiry_s
        props.ReceiveMaximum = self.config.receive_maximum
        return props

    def start(self, fallback_wait_s: float = 5.0) -> None:
        """Connect (retrying in the background until the broker is there) and start working."""
        self._open()
        deadline = time.monotonic() + fallback_wait_s
        while not (self.connected.is_set() or self._refused.is_set()):
            if time.monotonic() > deadline:
                break
            time.sleep(0.02)
        silent = not self.connected.is_set() and self._listening()  # amqtt: no CONNACK at all
        if (self._refused.is_set() or silent) and not self.connected.is_set():
            log.warning("broker refuses MQTT v5: falling back to 3.1.1, plain subscription")
            self.client.loop_stop()
            self.protocol = mqtt.MQTTv311
            self.client = self._client(mqtt.MQTTv311)
            self._open()
        self._worker.start()

    def _listening(self) -> bool:
        try:
            socket.create_connection((self.config.broker.host, self.config.broker.port), 2).close()
        except OSError:
            return False
        return True

    def _open(self) -> None:
        broker = self.config.broker
        self.client.connect_async(
            broker.host, broker.port, keepalive=self.config.keepalive_s,
            clean_start=False if self.protocol == mqtt.MQTTv5 else mqtt.MQTT_CLEAN_START_FIRST_ONLY,
            properties=self._connect_properties(),
        )  # fmt: skip
        self.client.loop_start()

    def stop(self) -> None:
        self._stopping.set()
        if self._worker.is_alive():
            self._worker.join(timeout=10)
        self.client.disconnect()
        self.client.loop_stop()

    def _on_connect(self, client: mqtt.Client, _u: object, _f: object,
                    reason: ReasonCode, _p: Properties | None) -> None:  # fmt: skip
        if reason.is_failure:
            log.error("broker refused the connection: %s", reason)
            if reason.value == UNSUPPORTED_PROTOCOL and self.protocol == mqtt.MQTTv5:
                self._refused.set()
            return
        self._epoch += 1
        self.connected.set()
        metrics.CONNECTED.set(1)
        log.info(
            "connected to %s as %s (MQTT %s)",
            self.config.broker.public_url,
            self.config.client_id,
            "5" if self.protocol == mqtt.MQTTv5 else "3.1.1",
        )
        self._subscribe(client)

    def _subscribe(self, client: mqtt.Client) -> None:
        prefix = self.config.prefix
        if self.protocol == mqtt.MQTTv5:
            opts = SubscribeOptions(qos=1)
            shared = f"$share/{self.config.group}/{prefix}/+/+/evt/#"
            client.subscribe([(shared, opts), (f"{prefix}/+/+/state", opts)])
        else:
            client.subscribe([(f"{prefix}/+/+/evt/#", 1), (f"{prefix}/+/+/state", 1)])

    def _on_subscribe(self, client: mqtt.Client, _u: object, _mid: int,
                      reasons: list[ReasonCode], _p: Properties | None) -> None:  # fmt: skip
        if reasons and reasons[0].is_failure and self.protocol == mqtt.MQTTv5:
            log.warning("shared subscription refused (%s): subscribing plainly", reasons[0])
            client.subscribe(f"{self.config.prefix}/+/+/evt/#", qos=1)

    def _on_disconnect(self, _c: mqtt.Client, _u: object, _f: object,
                       reason: ReasonCode, _p: Properties | None) -> None:  # fmt: skip
        self.connected.clear()
        metrics.CONNECTED.set(0)
        if not self._stopping.is_set():
            log.warning("disconnected from the broker (%s); reconnecting", reason)

    def _on_message(self, _c: mqtt.Client, _u: object, message: mqtt.MQTTMessage) -> None:
        self.inbox.put(
            Received(message.topic, bytes(message.payload), message.mid, message.qos, self._epoch)
        )

    # -- work -------------------------------------------------------------------------------
    def _work(self) -> None:
        while not self._stopping.is_set():
            batch = drain(self.inbox, self.config.batch_max, self.config.window_s, 0.2)
            if batch:
                metrics.QUEUE.set(self.inbox.qsize())
                self._handle(batch)

    def _handle(self, batch: list[Received]) -> None:
        started, delay = time.perf_counter(), 0.5
        while True:
            try:
                publications = self.pipeline.process(batch)
                break
            except Exception as exc:  # the worker must outlive anything; nothing is acked
                if isinstance(exc, DatabaseDown):
                    log.error("database unavailable (%s); retrying in %.1fs", exc, delay)
                else:
                    log.exception("batch failed unexpectedly; retrying in %.1fs", delay)
                if self._stopping.wait(delay):
                    return  # unacked: the broker delivers them again
                delay = min(delay * 2, 10.0)
        metrics.BATCH_SIZE.observe(len(batch))
        metrics.BATCH_SECONDS.observe(time.perf_counter() - started)
        with self.client.batched():
            for publication in publications:
                self.publish(publication)
            for message in batch:
                if message.qos and message.epoch == self._epoch:
                    self.client.ack(message.mid, message.qos)

    def publish(self, publication: Publication,
                properties: Properties | None = None) -> mqtt.MQTTMessageInfo:  # fmt: skip
        if self.protocol != mqtt.MQTTv5:
            properties = None
        return self.client.publish(
            publication.topic, publication.payload, publication.qos, properties=properties
        )
