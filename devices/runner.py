"""Assemble and run a gateway process: database, pipeline, transport, dispatcher, metrics."""

from __future__ import annotations

import importlib
import logging
import signal
import threading
from dataclasses import dataclass

from prometheus_client import start_http_server
from sqlalchemy.orm import sessionmaker

from devices.dispatcher import Dispatcher
from devices.gateway import Gateway, GatewayConfig
from devices.mqtturl import BrokerAddress
from devices.pipeline import Pipeline
from warehouse.db import make_engine
from warehouse.uow import UnitOfWork

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunOptions:
    database_url: str
    mqtt_url: str
    prefix: str = "wh"
    group: str = "silkhub"
    name: str = "gw-1"
    batch_max: int = 500
    metrics_port: int = 0
    gap_grace_s: float = 10.0


def load_handlers() -> bool:
    """Import warehouse.handlers, which registers the scan handlers, when it exists."""
    try:
        importlib.import_module("warehouse.handlers")
    except ModuleNotFoundError as exc:
        if exc.name != "warehouse.handlers":
            raise
        log.warning("warehouse.handlers is absent: every operation is answered E_WRONG_OP")
        return False
    return True


@dataclass
class Running:
    gateway: Gateway
    dispatcher: Dispatcher

    def stop(self) -> None:
        self.dispatcher.stop()
        self.gateway.stop()


def start(options: RunOptions) -> Running:
    load_handlers()
    factory = sessionmaker(bind=make_engine(options.database_url), expire_on_commit=False)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory)

    config = GatewayConfig(
        BrokerAddress.parse(options.mqtt_url), prefix=options.prefix, group=options.group,
        name=options.name, batch_max=options.batch_max,
    )  # fmt: skip
    gateway = Gateway(config, Pipeline(uow, options.prefix, options.name))
    dispatcher = Dispatcher(uow, gateway.publish, options.prefix, gap_grace_s=options.gap_grace_s)
    gateway.start()
    dispatcher.start()
    return Running(gateway, dispatcher)


def run(options: RunOptions) -> None:
    """Run until SIGINT or SIGTERM."""
    if options.metrics_port:
        start_http_server(options.metrics_port, addr="127.0.0.1")
    running = start(options)
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    stop.wait()
    running.stop()
