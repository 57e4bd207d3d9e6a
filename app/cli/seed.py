"""``silkhub seed --demo``: demo data on an empty database.

Each area registers a seeder; the demo runs them in order. Demo accounts exist only here:
production starts with no accounts at all (create the first admin with ``silkhub user create``).
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.extensions import db, db_session
from warehouse.access import service
from warehouse.access.audit import Actor
from warehouse.access.models import User
from warehouse.access.roles import Role
from warehouse.bonded import demo as bonded_demo
from warehouse.overseas import demo as overseas_demo

SEED_ACTOR = Actor("seed", "cli")
DEMO_LOGINS_FILE = "demo-logins.json"
DemoSeeder = Callable[[Session], None]
DEMO_SEEDERS: list[DemoSeeder] = [bonded_demo.demo_seeder, overseas_demo.demo_seeder]


def demo_users(session: Session) -> dict[str, str]:
    """One user per role, named after it, with a fresh random password each."""
    logins: dict[str, str] = {}
    for role in Role:
        username = f"demo-{role.value}"
        if session.scalar(select(User.id).where(User.username == username)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        locale = "en" if role in (Role.ADMIN, Role.DISPATCHER) else "zh_CN"
        service.create_user(
            session,
            SEED_ACTOR,
            service.NewUser(username, f"Demo {role.value}", role, password, locale),
        )
        logins[username] = password
    return logins


def logins_path() -> Path:
    return Path(current_app.instance_path) / DEMO_LOGINS_FILE


def saved_logins() -> dict[str, str]:
    path = logins_path()
    return json.loads(path.read_text()) if path.exists() else {}


@click.command("seed")
@click.option("--demo", is_flag=True, required=True, help="Load the demo data set.")
@with_appcontext
def seed(demo: bool) -> None:
    """Load demo data (users of every role, then each area's demo data)."""
    logins = demo_users(db_session())
    for seeder in DEMO_SEEDERS:
        seeder(db_session())
    db.session.commit()
    if logins:
        path = logins_path()
        path.write_text(json.dumps({**saved_logins(), **logins}, indent=2))
        path.chmod(0o600)
    for username, password in (logins or saved_logins()).items():
        click.echo(f"{username:18} {password}")
