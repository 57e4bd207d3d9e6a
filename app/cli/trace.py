"""``silkhub trace verify`` and ``silkhub trace sscc``."""

from __future__ import annotations

import sys

import click
from flask import current_app
from flask.cli import AppGroup

from app.extensions import db, db_session
from warehouse.access.audit import Actor, record
from warehouse.trace.chainstore import sites, verify_site
from warehouse.trace.sscc import SsccConfig
from warehouse.trace.sscc_counter import MAX_BLOCK, allocate_ssccs

trace = AppGroup("trace", help="EPCIS events: the per-site hash chains, SSCC numbers.")


@trace.command("verify")
@click.option("--site", "only", default=None, help="Check one site only.")
def verify(only: str | None) -> None:
    """Recompute every site's event chain; exit 1 naming each changed, removed or moved event."""
    broken = False
    for site in [only] if only else sites(db_session()):
        count, breaks = verify_site(db_session(), site)
        for item in breaks:
            click.echo(str(item), err=True)
        broken = broken or bool(breaks)
        if not breaks:
            click.echo(f"site {site}: {count} events, chain intact")
    if broken:
        sys.exit(1)


@trace.command("sscc")
@click.option("--count", type=click.IntRange(1, MAX_BLOCK), default=1)
@click.option("--extension", type=click.IntRange(0, 9), default=0)
def sscc(count: int, extension: int) -> None:
    """Allocate new SSCCs from the configured GS1 company prefix and print them."""
    prefix = current_app.extensions["silkhub.settings"].gs1_company_prefix
    ssccs = allocate_ssccs(db_session(), SsccConfig(extension, prefix), count)
    record(db_session(), Actor("cli", "cli"), "sscc.allocate", "sscc", ssccs[0], count=count)
    db.session.commit()
    click.echo("\n".join(ssccs))
