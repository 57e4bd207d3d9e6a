"""Brokers, gateway databases and MQTT listeners for the device tests.

Every test uses its own topic prefix, so that tests (and other people's clients) on the
machine's Mosquitto never see each other's messages.
"""

from __future__ import annotations

import getpass
import json
import shutil
import signal
import subprocess
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import paho.mqtt.client as mqtt
import pytest

from devices import acl
from devices.embedded_broker import free_port
from devices.runner import RunOptions, load_handlers, start
from tests.services import MOSQUITTO_URL, fresh_postgres_database, tcp_open, unavailable
from warehouse.db import Base, make_engine


@pytest.fixture(scope="session")
def mosquitto_url() -> str:
    if not tcp_open("127.0.0.1", 1883):
        unavailable("Mosquitto at 127.0.0.1:1883")
    return MOSQUITTO_URL


@pytest.fixture
def prefix() -> str:
    return "t" + uuid.uuid4().hex[:8]


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def gateway_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[str]:  # fmt: skip
    """A database with every table the gateway and the warehouse handlers touch."""
    import app.models  # noqa: F401  (every device table on the metadata)

    load_handlers()
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('gw') / 'gateway.db'}"
        _create(url)
        yield url
        return
    with fresh_postgres_database() as url:
        _create(url)
        yield url


def _create(url: str) -> None:
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    engine.dispose()


def forget_session(url: str, client_id: str) -> None:
    """End a persistent session on the broker (clean start, expiry 0)."""
    host, port = url.split("//")[1].split("@")[-1].split(":")
    client = mqtt.Client(
        mqtt.CallbackAPIVersion.VERSION2, client_id=client_id, protocol=mqtt.MQTTv5
    )
    try:
        client.connect(host, int(port), clean_start=True)
        client.loop_start()
        time.sleep(0.2)
        client.disconnect()
        client.loop_stop()
    except OSError:
        pass


@pytest.fixture
def gateway(gateway_db: str, mosquitto_url: str, prefix: str) -> Iterator[Any]:
    running = start(
        RunOptions(gateway_db, mosquitto_url, prefix=prefix, name=prefix, gap_grace_s=1.0)
    )
    assert running.gateway.connected.wait(10), "gateway did not connect"
    time.sleep(0.3)  # subscriptions in place
    yield running
    running.stop()
    forget_session(mosquitto_url, running.gateway.config.client_id)


@dataclass
class Listener:
    """Collects what arrives on a topic filter."""

    messages: list[tuple[str, bytes]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def json(self, suffix: str = "") -> list[dict[str, Any]]:
        with self.lock:
            return [json.loads(p) for t, p in self.messages if t.endswith(suffix)]

    def wait_for(self, count: int, timeout_s: float, suffix: str = "") -> bool:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if len(self.json(suffix)) >= count:
                return True
            time.sleep(0.05)
        return False


@pytest.fixture
def listen(mosquitto_url: str) -> Iterator[Any]:
    clients: list[mqtt.Client] = []

    def make(topic_filter: str, url: str = mosquitto_url, user: str | None = None,
             password: str | None = None) -> Listener:  # fmt: skip
        listener = Listener()
        client = mqtt.Client(mqtt.CallbackAPIVersion.VERSION2, protocol=mqtt.MQTTv5)
        if user:
            client.username_pw_set(user, password)
        subscribed = threading.Event()

        def on_message(_c: object, _u: object, m: mqtt.MQTTMessage) -> None:
            with listener.lock:
                listener.messages.append((m.topic, bytes(m.payload)))

        client.on_message = on_message
        client.on_subscribe = lambda *_: subscribed.set()
        client.on_connect = lambda c, *_: c.subscribe(topic_filter, qos=1)
        host, port = url.split("//")[1].split("@")[-1].split(":")
        client.connect(host, int(port))
        client.loop_start()
        assert subscribed.wait(5), f"could not subscribe to {topic_filter}"
        clients.append(client)
        return listener

    yield make
    for client in clients:
        client.disconnect()
        client.loop_stop()


@dataclass
class OwnBroker:
    """A Mosquitto of the test's own, with the config written from the registry."""

    directory: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"mqtt://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["mosquitto", "-c", str(self.directory / "mosquitto.conf")],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not tcp_open("127.0.0.1", self.port, 0.2):
            assert time.monotonic() < deadline, "mosquitto did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(5)


def write_broker_files(directory: Path, prefix: str, port: int,
                       devices: list[acl.BrokerUser], gateway_user: str,
                       gateway_password: str) -> None:  # fmt: skip
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "data").mkdir(exist_ok=True)
    gateway = acl.BrokerUser(gateway_user, "-", acl.hash_password(gateway_password))
    (directory / "passwd").write_text(acl.password_file([gateway, *devices]))
    (directory / "acl").write_text(acl.acl_file(prefix, devices, gateway_user))
    (directory / "mosquitto.conf").write_text(
        acl.mosquitto_conf(port, str(directory), str(directory / "data"), run_as=getpass.getuser())
    )
    for name in ("passwd", "acl"):
        (directory / name).chmod(0o600)


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[OwnBroker]:
    if shutil.which("mosquitto") is None:
        unavailable("the mosquitto binary")
    broker = OwnBroker(tmp_path / "broker", free_port())
    yield broker
    broker.kill()
