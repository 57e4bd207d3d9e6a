"""Is the broker there? A real MQTT CONNECT/CONNACK, answered within a timeout.

The probe speaks MQTT 3.1.1, which every broker accepts (the embedded amqtt speaks only that).
"""

from __future__ import annotations

import threading
import uuid

import paho.mqtt.client as mqtt

from devices.mqtturl import BrokerAddress


def broker_reachable(url: str, timeout_s: float = 2.0) -> tuple[bool, str]:
    """(True, "connected") when the broker accepts a connection, else (False, reason)."""
    address = BrokerAddress.parse(url)
    answered = threading.Event()
    outcome: dict[str, str] = {}

    def on_connect(client: mqtt.Client, _u: object, _f: object, reason: object, _p: object) -> None:
        outcome["reason"] = str(reason)
        answered.set()

    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2,
        client_id=f"silkhub-probe-{uuid.uuid4().hex[:8]}",
        protocol=mqtt.MQTTv311,
    )
    if address.username:
        client.username_pw_set(address.username, address.password)
    if address.tls:
        client.tls_set()
    client.on_connect = on_connect
    try:
        client.connect(address.host, address.port, keepalive=10)
    except OSError as exc:
        return False, f"cannot connect: {exc}"
    client.loop_start()
    try:
        if not answered.wait(timeout_s):
            return False, "no CONNACK within the timeout"
        reason = outcome.get("reason", "")
        ok = reason == "Success"
        return ok, "connected" if ok else reason
    finally:
        client.disconnect()
        client.loop_stop()
