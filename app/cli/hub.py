"""``silkhub simulate hub``: a consolidation hub day through the service layer and the scans."""

from __future__ import annotations

import json

import click
from flask import current_app
from flask.cli import with_appcontext

from app.cli.simulate_devices import simulate
from app.extensions import db_session
from warehouse.hub.day import run_day
from warehouse.hub.sites import HubIdentity


@simulate.command("hub")
@click.option("--packages", "count", type=click.IntRange(5, 2000), default=40, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--time-limit",
    type=click.FloatRange(0.1, 600),
    default=5.0,
    show_default=True,
    help="Seconds for the load planner, per outbound load.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")
@with_appcontext
def hub(count: int, seed: int, time_limit: float, as_json: bool) -> None:
    """Devan, sort, plan, load, seal and ship one inbound container's packages."""
    settings = current_app.extensions["silkhub.settings"]
    identity = HubIdentity(settings.gs1_company_prefix, settings.digital_link_base)
    day = run_day(db_session(), identity, count, seed, time_limit)
    if as_json:
        click.echo(json.dumps(vars(day) | {"answers": dict(day.answers)}, indent=1))
    else:
        _print(day)
    if day.findings or any(load["check"] for load in day.loads):
        raise SystemExit(1)


def _print(day: object) -> None:
    d = vars(day)
    click.echo(f"hub {d['site']}: {d['packages']} packages in {d['seconds']:.1f} s")
    for kind, codes in d["discrepancies"].items():
        click.echo(f"  {kind:8} {len(codes)}  {' '.join(codes)}")
    for load in d["loads"]:
        click.echo(
            f"  load {load['no']} {load['service']}: {load['boxes']} boxes in "
            f"{load['containers']} containers (bound {load['lower_bound']}), fill {load['fill']}, "
            f"unplaced {len(load['unplaced'])}, checker findings {len(load['check'])}"
        )
    for line in d["ledger"]:
        click.echo(
            f"  ledger {line['customs_status']:14} {line['packages']:4} packages "
            f"{line['weight_kg']:10.1f} kg"
        )
    answers = ", ".join(f"{k} {v}" for k, v in sorted(d["answers"].items()))
    click.echo(f"  scans: {answers}")
    click.echo(f"  ledger findings: {d['findings'] or 'none'}")
