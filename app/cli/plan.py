"""``silkhub plan ...``: route, container load, pickup and VRPTW planning from files."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from flask.cli import AppGroup

from routing.io import plan_routes
from routing.loadplan.io import plan_load_file
from routing.vrp.pickups import plan_pickups
from routing.vrp.solve import DEFAULT_ENGINE, ENGINES, solve_vrp_file

plan = AppGroup("plan", help="Plan routes, container loads and pickups from files.")
time_limit = click.option(
    "--time-limit",
    "time_limit_s",
    type=click.FloatRange(min=0.1),
    default=10.0,
    show_default=True,
    help="Seconds the solver may use.",
)
seed_option = click.option("--seed", type=int, default=0, show_default=True)
engine_option = click.option(
    "--engine", type=click.Choice(sorted(ENGINES)), default=DEFAULT_ENGINE, show_default=True
)


def refusing_bad_input(run: Callable[[], Any]) -> Any:
    """Contract errors become a clear message naming the place, with exit status 2."""
    try:
        return run()
    except (ValueError, json.JSONDecodeError) as exc:
        where = getattr(exc, "path", None)
        code = getattr(exc, "code", "E_BAD_INPUT")
        click.echo(f"{code}: {where + ': ' if where else ''}{exc}", err=True)
        raise SystemExit(2) from exc
    except OSError as exc:
        raise click.ClickException(str(exc)) from exc


def emit(document: dict[str, Any], output: Path | None, indent: int | None = 1) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@plan.command("load")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@time_limit
@seed_option
def load(input_file: Path, output: Path, time_limit_s: float, seed: int) -> None:
    """Plan container loads for INPUT_FILE (the contract's load plan format)."""
    result = refusing_bad_input(lambda: plan_load_file(input_file, output, time_limit_s, seed))
    used = sum(1 for c in result["containers"] if c["placements"])
    click.echo(
        f"{used} containers (lower bound {result['lower_bound_containers']}), "
        f"{len(result['unplaced'])} boxes unplaced, {result['solve_s']:.1f} s",
        err=True,
    )


@plan.command("vrp")
@click.argument("solomon_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@time_limit
@seed_option
@engine_option
def vrp(solomon_file: Path, time_limit_s: float, seed: int, engine: str) -> None:
    """Solve a Solomon VRPTW file; print {"distance": D, "routes": [[customers], ...]}."""
    result = refusing_bad_input(lambda: solve_vrp_file(solomon_file, time_limit_s, engine, seed))
    emit(result, None, indent=None)


@plan.command("pickups")
@click.argument("input_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@time_limit
@seed_option
@engine_option
def pickups(
    input_file: Path, output: Path | None, time_limit_s: float, seed: int, engine: str
) -> None:
    """Route trucks collecting export cargo from factories to the hub (docs/loadplan-vrp.md)."""

    def run() -> dict[str, Any]:
        data = json.loads(input_file.read_text(encoding="utf-8"))
        return plan_pickups(data, time_limit_s, engine, seed)

    emit(refusing_bad_input(run), output)


@plan.command("routes")
@click.argument("network_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("shipments_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@time_limit
@seed_option
def routes(
    network_file: Path, shipments_file: Path, output: Path, time_limit_s: float, seed: int
) -> None:
    """Plan SHIPMENTS_FILE on NETWORK_FILE and write the plan (docs/multimodal.md).

    Files that break the contract give an `infeasible` plan listing every issue, and exit 2
    with each issue's place and reason on stderr.
    """
    result = plan_routes(network_file, shipments_file, output, time_limit_s, seed)
    for issue in result.errors:
        click.echo(f"{issue.code}: {issue.path or '(file)'}: {issue.message}", err=True)
    if result.errors:
        raise SystemExit(2)
    planned = sum(1 for s in result.shipments if s.planned)
    click.echo(
        f"{result.status}: {planned}/{len(result.shipments)} shipments planned, objective "
        f"{result.objective:.2f}, bound {result.lower_bound:.2f}, gap {result.gap:.4%}, "
        f"{result.solve_s:.1f} s",
        err=True,
    )
