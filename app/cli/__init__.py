"""The ``silkhub`` command: the Flask CLI of the app, with every area's commands under it.

Each area's command groups are listed in ``commands()`` and added to ``app.cli`` by the app
factory, so ``silkhub``, ``flask --app app`` and ``app.test_cli_runner()`` all see them.
"""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import FlaskGroup


def commands() -> list[click.Command]:
    from app.cli import demo, people, seed

    return [
        people.user,
        people.token,
        people.audit,
        seed.seed,
        demo.demo,
        demo.broker,
        *device_commands(),
        *bonded_commands(),
        *trace_commands(),
        *plan_commands(),
        *hub_commands(),
    ]


def plan_commands() -> list[click.Command]:
    from app.cli import plan, worker

    return [plan.plan, worker.worker]


def hub_commands() -> list[click.Command]:
    from app.cli import hub  # adds ``hub`` to the simulate group

    assert hub.hub in hub.simulate.commands.values()
    return []


def trace_commands() -> list[click.Command]:
    from app.cli import trace

    return [trace.trace]


def bonded_commands() -> list[click.Command]:
    from app.cli import ledger, simulate  # simulate adds ``day`` to the simulate group

    assert simulate.day in simulate.simulate.commands.values()
    return [ledger.ledger]


def device_commands() -> list[click.Command]:
    from app.cli import devices, simulate_devices

    return [devices.devices, devices.gateway, simulate_devices.simulate]


def register(app: Flask) -> None:
    for command in commands():
        app.cli.add_command(command)


def _create_app() -> Flask:
    from app import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_version_option=False)
def main() -> None:
    """Silkhub: bonded warehouses, hub, routing and devices."""
