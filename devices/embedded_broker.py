"""An MQTT broker inside a Python process (amqtt), for the demo and for machines without one.

amqtt speaks MQTT 3.1.1 and carries a few thousand messages a second: enough for a demo,
not for production, where Mosquitto (or a cluster with shared subscriptions) takes its place.
It binds to loopback only and takes a free port, since 1883 may belong to a real broker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
from pathlib import Path

from amqtt.broker import Broker


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def broker_config(host: str, port: int) -> dict[str, object]:
    return {
        "listeners": {"default": {"type": "tcp", "bind": f"{host}:{port}"}},
        "plugins": {
            "amqtt.plugins.authentication.AnonymousAuthPlugin": {"allow_anonymous": True},
        },
    }


async def serve(host: str, port: int, url_file: Path | None = None) -> None:
    """Run until SIGINT/SIGTERM; announce the URL in ``url_file`` while running."""
    for noisy in ("amqtt", "transitions"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    broker = Broker(broker_config(host, port))
    await broker.start()
    url = f"mqtt://{host}:{port}"
    if url_file is not None:
        url_file.write_text(url + "\n")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await stop.wait()
    finally:
        if url_file is not None:
            with contextlib.suppress(FileNotFoundError):
                url_file.unlink()
        await broker.shutdown()


def run(host: str = "127.0.0.1", port: int = 0, url_file: Path | None = None) -> None:
    asyncio.run(serve(host, port or free_port(host), url_file))
