"""``silkhub devices ...`` (the registry, broker files) and ``silkhub gateway``."""

from __future__ import annotations

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.cli import seed as seeding
from app.extensions import db_session
from config.settings import Settings, load_settings
from devices import acl, registry, runner
from devices.registry import Device, Kind, NewDevice
from warehouse.access.audit import Actor

CLI_ACTOR = Actor("cli", "cli")
devices = AppGroup("devices", help="Scanners, scales and printers: the registry.")
GATEWAY_SECRET_FILE = "gateway.secret"


@devices.command("add")
@click.argument("device_id")
@click.option("--kind", type=click.Choice([k.value for k in Kind]), required=True)
@click.option("--site", required=True, help="Site id, e.g. qd-bonded.")
@click.option("--station", default=None, help="Station id, e.g. PACK-01 (created if new).")
@click.option("--password", default=None, help="Broker password (default: a new random one).")
def add(device_id: str, kind: str, site: str, station: str | None, password: str | None) -> None:
    """Register a device (or update it) and print its broker password once."""
    secret = password or acl.new_password()
    new = NewDevice(device_id, Kind(kind), site, station, acl.hash_password(secret))
    try:
        registry.register(db_session(), CLI_ACTOR, new)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    db_session().commit()
    click.echo(f"{device_id} ({kind}) at {site}{'/' + station if station else ''}")
    click.echo(f"broker username: {device_id}  password: {secret}")


@devices.command("list")
def list_devices() -> None:
    """Every device with its state and when it was last seen."""
    for d in db_session().scalars(select(Device).order_by(Device.device_id)):
        seen = d.last_seen.isoformat(timespec="seconds") if d.last_seen else "never"
        click.echo(
            f"{d.device_id:16} {d.kind:8} {d.site_id:12} {d.station_id or '-':10} "
            f"{d.state:8} {seen}"
        )


@devices.command("broker-config")
@click.option("--out", "out_dir", type=click.Path(path_type=Path), required=True)
@click.option("--gateway-user", default="silkhub-gateway", show_default=True)
@click.option("--port", type=int, default=1883, show_default=True)
@click.option("--run-as", default=None, help="User a broker started as root switches to.")
def broker_config(out_dir: Path, gateway_user: str, port: int, run_as: str | None) -> None:
    """Write Mosquitto's passwd, acl and a mosquitto.conf for them into OUT."""
    settings: Settings = current_app.extensions["silkhub.settings"]
    out_dir.mkdir(parents=True, exist_ok=True)
    users, missing = [], []
    for d in db_session().scalars(select(Device).order_by(Device.device_id)):
        if d.secret_hash:
            users.append(acl.BrokerUser(d.device_id, d.site_id, d.secret_hash))
        else:
            missing.append(d.device_id)
    gateway_secret = _gateway_secret(out_dir)
    gateway = acl.BrokerUser(gateway_user, "-", acl.hash_password(gateway_secret))
    _write(out_dir / "passwd", acl.password_file([gateway, *users]))
    _write(out_dir / "acl", acl.acl_file(settings.mqtt_prefix, users, gateway_user))
    conf = acl.mosquitto_conf(port, str(out_dir.resolve()), str((out_dir / "data").resolve()),
                              run_as=run_as)  # fmt: skip
    _write(out_dir / "mosquitto.conf", conf)
    (out_dir / "data").mkdir(exist_ok=True)
    click.echo(f"wrote passwd ({len(users)} devices + {gateway_user}), acl, mosquitto.conf")
    click.echo(f"gateway password in {out_dir / GATEWAY_SECRET_FILE}")
    for device_id in missing:
        click.echo(f"warning: {device_id} has no broker password (silkhub devices add)", err=True)


def _gateway_secret(out_dir: Path) -> str:
    path = out_dir / GATEWAY_SECRET_FILE
    if not path.exists():
        _write(path, acl.new_password())
    return path.read_text().strip()


def _write(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(0o600)


@click.command("gateway")
@click.option(
    "--name",
    default=lambda: os.environ.get("GATEWAY_NAME", "gw-1"),
    show_default=True,
    help="Stable per process: the broker keeps this gateway's session under it.",
)
@click.option("--group", default="silkhub", show_default=True, help="Shared subscription group.")
@click.option("--batch", "batch_max", type=int, default=500, show_default=True)
@click.option("--metrics-port", type=int, default=0, help="Serve Prometheus metrics here.")
@click.option(
    "--gap-grace",
    type=float,
    default=10.0,
    show_default=True,
    help="Seconds a skipped message number may be late before it is reported.",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Gateway processes sharing the load (MQTT v5 shared subscription); the first is "
    "NAME, the others NAME.2, NAME.3, ... Use PostgreSQL for more than one.",
)
def gateway(
    name: str, group: str, batch_max: int, metrics_port: int, gap_grace: float, processes: int
) -> None:
    """Run the device gateway: MQTT in, recorded scans and acks out."""
    settings = load_settings()
    if not settings.mqtt_url:
        raise click.ClickException("no broker: set MQTT_URL (or start `silkhub demo`)")
    options = runner.RunOptions(
        database_url=settings.database_url, mqtt_url=settings.mqtt_url,
        prefix=settings.mqtt_prefix, group=group, name=name, batch_max=batch_max,
        metrics_port=metrics_port, gap_grace_s=gap_grace,
    )  # fmt: skip
    runner.run_processes(options, processes)


__all__ = ["devices", "gateway", "with_appcontext"]


DEMO_DEVICES = (
    ("hs-0001", Kind.SCANNER), ("hs-0002", Kind.SCANNER), ("hs-0003", Kind.SCANNER),
    ("sc-01", Kind.SCALE), ("pr-01", Kind.PRINTER), ("pr-02", Kind.PRINTER),
)  # fmt: skip


def seed_demo_devices(session: Session) -> None:
    """The demo's pack station PACK-01 at qd-bonded, with the simulated devices on it."""
    for device_id, kind in DEMO_DEVICES:
        if registry.by_id(session, device_id) is None:
            new = NewDevice(device_id, kind, "qd-bonded", "PACK-01")
            registry.register(session, CLI_ACTOR, new)


seeding.DEMO_SEEDERS.append(seed_demo_devices)
