"""Assemble and run a gateway process: database, pipeline, transport, dispatcher, metrics;
or several, forked from one command, sharing the load through the shared subscription."""

from __future__ import annotations

import importlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from dataclasses import dataclass, replace
from multiprocessing.process import BaseProcess

from prometheus_client import start_http_server
from sqlalchemy.orm import sessionmaker

from devices.dispatcher import Dispatcher
from devices.gateway import Gateway, GatewayConfig
from devices.mqtturl import BrokerAddress
from devices.pipeline import Pipeline
from warehouse.db import make_engine, reading
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
    engine = make_engine(options.database_url)
    factory = sessionmaker(bind=engine, expire_on_commit=False)
    reading_factory = sessionmaker(bind=reading(engine), expire_on_commit=False)

    def uow() -> UnitOfWork:
        return UnitOfWork(factory)

    def reading_uow() -> UnitOfWork:
        return UnitOfWork(reading_factory)

    config = GatewayConfig(
        BrokerAddress.parse(options.mqtt_url), prefix=options.prefix, group=options.group,
        name=options.name, batch_max=options.batch_max,
    )  # fmt: skip
    gateway = Gateway(config, Pipeline(uow, options.prefix, options.name))
    dispatcher = Dispatcher(
        uow, gateway.publish, options.prefix, gap_grace_s=options.gap_grace_s,
        reading_uow=reading_uow,
    )  # fmt: skip
    gateway.start()
    dispatcher.start()
    return Running(gateway, dispatcher)


def run(options: RunOptions) -> None:
    """Run until SIGINT or SIGTERM."""
    if options.metrics_port:
        start_http_server(options.metrics_port, addr="127.0.0.1")
    running = start(options)
    _until_signalled().wait()
    running.stop()


def _until_signalled() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def process_options(options: RunOptions, processes: int) -> list[RunOptions]:
    """One per process: the first keeps ``name`` (a single gateway's broker session carries
    on), the others are ``{name}.2``, ``{name}.3``, ...; metrics on consecutive ports."""
    return [
        replace(
            options,
            name=options.name if i == 1 else f"{options.name}.{i}",
            metrics_port=options.metrics_port + i - 1 if options.metrics_port else 0,
        )
        for i in range(1, processes + 1)
    ]


def _run_child(options: RunOptions, parent: int) -> None:
    """``run``, ended like the parent: a parent killed outright leaves no gateway behind."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os.kill(os.getpid(), signal.SIGTERM)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()
    run(options)


def run_processes(options: RunOptions, processes: int) -> None:
    """Run ``processes`` gateway processes (forked; the broker's shared subscription spreads
    the scans among them) until SIGINT or SIGTERM, which each is passed. One that dies is
    started again."""
    if processes <= 1:
        run(options)
        return
    load_handlers()  # imported once, before forking
    fork = multiprocessing.get_context("fork")
    stop = _until_signalled()
    children: dict[str, BaseProcess] = {}
    while not stop.is_set():
        for each in process_options(options, processes):
            child = children.get(each.name)
            if child is not None and not child.is_alive():
                log.error("gateway %s exited (%s); starting it again", each.name, child.exitcode)
            if child is None or not child.is_alive():
                child = fork.Process(target=_run_child, args=(each, os.getpid()), name=each.name)
                child.start()
                children[each.name] = child
        stop.wait(1.0)
    for child in children.values():
        if child.pid is not None and child.is_alive():
            os.kill(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for child in children.values():
        child.join(max(deadline - time.monotonic(), 0.1))
