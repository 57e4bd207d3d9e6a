"""``silkhub user ...``, ``silkhub token ...``, ``silkhub audit ...``."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db, db_session
from warehouse.access import service
from warehouse.access.audit import Actor
from warehouse.access.audit_chain import load_chain, verify_chain
from warehouse.access.roles import Role
from warehouse.errors import DomainError

CLI_ACTOR = Actor("cli", "cli")
user = AppGroup("user", help="People who use Silkhub.")
token = AppGroup("token", help="Bearer tokens for the API.")
audit = AppGroup("audit", help="The hash-chained audit trail.")


@user.command("create")
@click.argument("username")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", "display_name", default=None, help="Display name.")
@click.option("--locale", type=click.Choice(["zh_CN", "en"]), default="zh_CN")
@click.password_option()
def create_user(
    username: str, role: str, display_name: str | None, locale: str, password: str
) -> None:
    """Create a user with a role."""
    try:
        service.create_user(
            db_session(),
            CLI_ACTOR,
            service.NewUser(username, display_name or username, Role(role), password, locale),
        )
    except DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.message}") from exc
    db.session.commit()
    click.echo(f"created {username} ({role})")


@token.command("create")
@click.argument("username")
@click.option("--name", default="cli", help="What the token is for.")
def create_token(username: str, name: str) -> None:
    """Print a new bearer token for USERNAME (shown once)."""
    try:
        plain = service.create_token(db_session(), CLI_ACTOR, username, name)
    except DomainError as exc:
        raise click.ClickException(f"{exc.code}: {exc.message}") from exc
    db.session.commit()
    click.echo(plain)


@audit.command("verify")
def verify() -> None:
    """Check the audit chain; exit 1 naming every changed, removed or moved record."""
    chain = load_chain(db_session())
    breaks = verify_chain(chain)
    for item in breaks:
        click.echo(f"record {item.seq}: {item.problem}", err=True)
    if breaks:
        raise SystemExit(1)
    click.echo(f"audit chain intact: {len(chain)} records")
