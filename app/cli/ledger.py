"""``silkhub ledger check``: prove ledger balance == bonded stock for every item."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.extensions import db_session
from warehouse.bonded import check as ledger_check

ledger = AppGroup("ledger", help="The bonded ledger (电子账册).")


@ledger.command("check")
def check() -> None:
    """Exit 0 when every ledger item equals its bonded stock; else list the differences."""
    found = ledger_check.differences(db_session())
    items = ledger_check.item_count(db_session())
    if found:
        for difference in found:
            click.echo(difference.describe(), err=True)
        raise SystemExit(f"ledger check failed: {len(found)} of {items} items differ")
    click.echo(f"ledger check ok: {items} items, ledger == bonded stock")
