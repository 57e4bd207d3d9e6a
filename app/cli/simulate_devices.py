"""``silkhub simulate scanners|scales|printers``: simulated floor devices over MQTT."""

from __future__ import annotations

import os
import random
import signal
import statistics
import threading
from pathlib import Path

import click

from config.settings import load_settings
from simulators import fleet
from simulators.faults import PRINTER_FAULTS, Faults, Knobs
from simulators.link import Broker, Identity
from simulators.printer import Printer
from simulators.scale import Scale

simulate = click.Group("simulate", help="Simulated scanners, scales and printers (MQTT only).")


def _broker(url: str | None) -> Broker:
    url = url or load_settings().mqtt_url
    if not url:
        raise click.ClickException("no broker: pass --mqtt-url or set MQTT_URL")
    return Broker.parse(url)


def _stop_on_signals() -> threading.Event:
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    return stop


def common(func: click.decorators.FC) -> click.decorators.FC:
    options = [
        click.option("--mqtt-url", default=lambda: os.environ.get("MQTT_URL")),
        click.option("--prefix", default=lambda: os.environ.get("MQTT_PREFIX", "wh")),
        click.option("--site", default="qd-bonded", show_default=True),
        click.option("--count", type=int, default=1, show_default=True),
        click.option("--seed", type=int, default=1, show_default=True),
        click.option("--name", default=None, help="Device id stem (hs, sc, pr)."),
        click.option("--disconnects", type=float, default=0.0, help="P(drop link) per message."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@simulate.command("scanners")
@common
@click.option("--rate", type=float, default=2.0, show_default=True, help="Scans/s, all devices.")
@click.option("--total", type=int, default=None, help="Stop after this many scans.")
@click.option("--duration", type=float, default=None, help="Stop after this many seconds.")
@click.option("--op", default="lookup", show_default=True)
@click.option("--outbox-dir", type=click.Path(path_type=Path), default=Path("instance/outbox"))
@click.option("--duplicates", type=float, default=0.0)
@click.option("--malformed", type=float, default=0.0)
@click.option("--out-of-order", type=float, default=0.0)
def scanners(mqtt_url: str | None, prefix: str, site: str, count: int, seed: int,
             name: str | None, disconnects: float, rate: float, total: int | None,
             duration: float | None, op: str, outbox_dir: Path, duplicates: float,
             malformed: float, out_of_order: float) -> None:  # fmt: skip
    """Handheld scanners scanning parcels, each with an outbox on disk."""
    knobs = Knobs(duplicates=duplicates, malformed=malformed, disconnects=disconnects,
                  out_of_order=out_of_order)  # fmt: skip
    devices = fleet.scanners(_broker(mqtt_url), count, site, prefix, outbox_dir, knobs, seed,
                             name or "hs")  # fmt: skip
    stop = _stop_on_signals()
    for device in devices:
        device.start()
    first = random.Random(seed).randrange(1, 10**8)
    sent = fleet.pace(rate, total, duration, stop, fleet.scan_round_robin(devices, op, first))
    drained = fleet.wait_drained(devices, 30) if not stop.is_set() else False
    latencies = sorted(x for d in devices for x in d.stats.latencies)
    for device in devices:
        device.stop()
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    click.echo(
        f"sent {sent} scans, acked {len(latencies)}, p50 ack {p50:.1f} ms, "
        f"{'all acked' if drained else 'some still in the outboxes'}"
    )


@simulate.command("scales")
@common
@click.option("--station", default="PACK-01", show_default=True)
@click.option("--interval", type=float, default=5.0, show_default=True, help="s per parcel.")
@click.option("--noise", type=float, default=5.0, show_default=True, help="grams")
@click.option("--settle", type=int, default=3, show_default=True, help="readings")
def scales(mqtt_url: str | None, prefix: str, site: str, count: int, seed: int,
           name: str | None, disconnects: float, station: str, interval: float, noise: float,
           settle: int) -> None:  # fmt: skip
    """Pack-station scales weighing a parcel every INTERVAL seconds."""
    knobs = Knobs(noise_g=noise, settle_readings=settle, disconnects=disconnects)
    broker, stop = _broker(mqtt_url), _stop_on_signals()
    devices = [Scale(broker, Identity(f"{name or 'sc'}-{i + 1:02d}", site, "scale", prefix),
                     Faults(knobs, seed + i)) for i in range(count)]  # fmt: skip
    for device in devices:
        device.start()
    rng = random.Random(seed)
    while not stop.wait(interval):
        for device in devices:
            device.weigh(rng.randrange(200, 5000))
    for device in devices:
        device.stop()


@simulate.command("printers")
@common
@click.option("--faults", "fault_rate", type=float, default=0.0, help="P(fault) per job.")
@click.option("--fault-kinds", default=",".join(PRINTER_FAULTS), show_default=True)
def printers(mqtt_url: str | None, prefix: str, site: str, count: int, seed: int,
             name: str | None, disconnects: float, fault_rate: float,
             fault_kinds: str) -> None:  # fmt: skip
    """Label printers that render each job and check its codes scan back."""
    kinds = tuple(k for k in fault_kinds.split(",") if k)
    knobs = Knobs(printer_faults=fault_rate, fault_kinds=kinds, disconnects=disconnects)
    broker, stop = _broker(mqtt_url), _stop_on_signals()
    devices = [Printer(broker, Identity(f"{name or 'pr'}-{i + 1:02d}", site, "printer", prefix),
                       Faults(knobs, seed + i)) for i in range(count)]  # fmt: skip
    for device in devices:
        device.start()
    stop.wait()
    for device in devices:
        device.stop()
