"""``silkhub demo``: the whole system on embedded defaults, and ``silkhub broker``."""

from __future__ import annotations

import json
import os
import signal
import socket
import sys
import urllib.request
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade

from app.cli import seed as seeding
from app.cli.supervisor import Supervisor, wait_until
from app.extensions import db, db_session
from config.settings import EMBEDDED_BROKER_FILE, Settings
from devices import embedded_broker

HEALTH_TIMEOUT_S = 120
DEMO_DAY_ORDERS = 40


@click.command("broker")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=0, help="0 takes a free port.")
@click.option("--url-file", type=click.Path(path_type=Path), default=None)
def broker(host: str, port: int, url_file: Path | None) -> None:
    """Run the embedded MQTT broker (amqtt) until interrupted."""
    embedded_broker.run(host, port, url_file)


@click.command("demo")
@click.option("--port", type=int, envvar="PORT", default=5000, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
@with_appcontext
def demo(port: int, host: str) -> None:
    """Start the whole system with demo data; Ctrl-C stops it."""
    settings: Settings = current_app.extensions["silkhub.settings"]
    _ensure_port_free(host, port)
    upgrade()
    logins = seeding.demo_users(db_session())
    for seeder in seeding.DEMO_SEEDERS:
        seeder(db_session())
    db.session.commit()
    _remember(logins)
    supervisor = Supervisor()
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        supervisor.env["MQTT_URL"] = _broker_url(settings, supervisor)
        _start_web(supervisor, host, port)
        _start_devices(supervisor, settings)
        url = f"http://{host}:{port}"
        if not wait_until(lambda: _healthy(url), HEALTH_TIMEOUT_S):
            raise click.ClickException(f"{url}/healthz did not report ok within 2 minutes")
        _banner(url, settings, supervisor.env["MQTT_URL"])
        supervisor.start_silkhub(
            "day",
            "simulate",
            "day",
            "--orders",
            str(DEMO_DAY_ORDERS),
            "--seed",
            "7",
            one_shot=True,
        )
        name, code = supervisor.wait_forever()
        click.echo(f"{name} stopped (exit {code}); stopping the rest", err=True)
    except KeyboardInterrupt:
        click.echo("\nstopping...")
    finally:
        supervisor.stop_all()


def _interrupt(_signum: int, _frame: object) -> None:
    """SIGTERM stops the demo as Ctrl-C does, children included."""
    raise KeyboardInterrupt


def _ensure_port_free(host: str, port: int) -> None:
    with socket.socket() as probe:
        if probe.connect_ex((host, port)) == 0:
            raise click.ClickException(f"port {port} is taken: set PORT to another one")


def _remember(logins: dict[str, str]) -> None:
    if logins:
        path = seeding.logins_path()
        path.write_text(json.dumps({**seeding.saved_logins(), **logins}, indent=2))
        path.chmod(0o600)


def _broker_url(settings: Settings, supervisor: Supervisor) -> str:
    if os.environ.get("MQTT_URL"):
        return os.environ["MQTT_URL"]
    url_file = settings.instance_path / EMBEDDED_BROKER_FILE
    url_file.unlink(missing_ok=True)
    port = embedded_broker.free_port()
    supervisor.start_silkhub("broker", "broker", "--port", str(port), "--url-file", str(url_file))
    if not wait_until(url_file.exists, 30, 0.2):
        raise click.ClickException("the embedded MQTT broker did not start")
    return url_file.read_text().strip()


def _start_web(supervisor: Supervisor, host: str, port: int) -> None:
    supervisor.start(
        "web",
        [
            sys.executable,
            "-m",
            "waitress",
            f"--listen={host}:{port}",
            "--threads=8",
            "--call",
            "app:create_app",
        ],
    )


def _start_devices(supervisor: Supervisor, settings: Settings) -> None:
    """The device gateway and simulated devices of the demo station (see seed_demo_devices)."""
    outbox = str(settings.instance_path / "outbox")
    supervisor.start_silkhub("gateway", "gateway", "--name", "demo")
    supervisor.start_silkhub(
        "scanners",
        "simulate",
        "scanners",
        "--count",
        "3",
        "--rate",
        "0.5",
        "--op",
        "lookup",
        "--outbox-dir",
        outbox,
    )
    supervisor.start_silkhub("scale", "simulate", "scales", "--station", "PACK-01")
    supervisor.start_silkhub("printers", "simulate", "printers", "--count", "2", "--faults", "0.1")


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=3) as response:
            return bool(json.load(response).get("status") == "ok")
    except (OSError, ValueError):
        return False


def _banner(url: str, settings: Settings, mqtt_url: str) -> None:
    lines = [
        "",
        "Silkhub is running.",
        f"  Web:        {url}/",
        f"  API docs:   {url}/api/v1/docs",
        f"  Health:     {url}/healthz",
        f"  Database:   {settings.database_url.split('@')[-1]}",
        f"  MQTT:       {mqtt_url.split('@')[-1]}",
        f"  Screens:    {url}/handheld  {url}/dispatch  {url}/board",
        "  Running:    device gateway; 3 scanners, a scale and 2 printers (simulated);",
        f"              a simulated working day of {DEMO_DAY_ORDERS} bonded orders (1210).",
        "  Demo logins (username, password):",
        *[f"    {user:18} {pw}" for user, pw in seeding.saved_logins().items()],
        "  Stop with Ctrl-C.",
        "",
    ]
    click.echo("\n".join(lines))
