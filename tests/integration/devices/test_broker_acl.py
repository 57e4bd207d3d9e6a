"""`silkhub devices broker-config` writes files a real Mosquitto enforces: passwords, and an ACL
under which a device cannot publish on another device's topics."""

from __future__ import annotations

import getpass
import threading
import time
from pathlib import Path

import paho.mqtt.client as mqtt
import pytest
from apiflask import APIFlask

from app.extensions import db
from devices import registry
from devices.acl import hash_password
from devices.registry import Kind, NewDevice
from tests.integration.devices.conftest import OwnBroker
from warehouse.access.audit import SYSTEM

pytestmark = pytest.mark.mqtt


def connect(port: int, user: str, password: str) -> tuple[mqtt.Client, str]:
    outcome: dict[str, str] = {}
    done = threading.Event()

    def on_connect(_c: object, _u: object, _f: object, reason: object, _p: object) -> None:
        outcome["reason"] = str(reason)
        done.set()

    client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, client_id=user, protocol=mqtt.MQTTv5)
    client.username_pw_set(user, password)
    client.on_connect = on_connect
    client.connect("127.0.0.1", port)
    client.loop_start()
    done.wait(5)
    return client, outcome.get("reason", "no answer")


def test_generated_config_refuses_other_devices_topics_and_bad_passwords(
    app: APIFlask, own_broker: OwnBroker, tmp_path: Path
) -> None:
    """hs-a may publish on its own evt/scan; the same message on hs-b's topic never reaches
    the gateway; a wrong password is refused at CONNECT."""
    with app.app_context():
        for device in ("hs-a", "hs-b"):
            new = NewDevice(device, Kind.SCANNER, "qd", None, hash_password(f"pw-{device}"))
            registry.register(db.session(), SYSTEM, new)
        db.session.commit()
    out = own_broker.directory
    result = app.test_cli_runner().invoke(args=[
        "devices", "broker-config", "--out", str(out), "--gateway-user", "gw",
        "--port", str(own_broker.port), "--run-as", getpass.getuser(),
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (out / "passwd").read_text().count("$7$101$") == 3
    own_broker.start()
    gateway_password = (out / "gateway.secret").read_text().strip()

    received: list[str] = []
    gw, reason = connect(own_broker.port, "gw", gateway_password)
    assert reason == "Success"
    gw.on_message = lambda _c, _u, m: received.append(m.topic)
    gw.subscribe("$share/silkhub/wh/+/+/evt/#", qos=1)
    time.sleep(0.3)

    _, refused = connect(own_broker.port, "hs-a", "wrong")
    assert refused != "Success"
    device, reason = connect(own_broker.port, "hs-a", "pw-hs-a")
    assert reason == "Success"
    device.publish("wh/qd/hs-a/evt/scan", b'{"v":1}', qos=1).wait_for_publish(5)
    device.publish("wh/qd/hs-b/evt/scan", b'{"v":1}', qos=1).wait_for_publish(5)
    time.sleep(0.5)
    assert received == ["wh/qd/hs-a/evt/scan"]
    for client in (gw, device):
        client.disconnect()
        client.loop_stop()
