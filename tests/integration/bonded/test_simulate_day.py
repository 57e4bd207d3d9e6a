"""``silkhub simulate day`` end to end on a small day: every order accounted for."""

from __future__ import annotations

from apiflask import APIFlask

from app import customs
from app.cli.simulate import day


def test_a_small_day_accounts_for_every_order(app: APIFlask) -> None:
    """A day of 12 orders (with defects and weight faults) ends with each order refused with a
    code, written off, or held with a reason; ledger check and API reads agree; the app keeps
    its own customs port afterwards."""
    before = app.extensions.get(customs.EXTENSION)
    result = app.test_cli_runner().invoke(
        day,
        [
            "--orders",
            "12",
            "--seed",
            "2",
            "--defects",
            "0.2",
            "--weight-faults",
            "0.2",
            "--verbose",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "orders generated: 12" in result.output
    assert "unexplained" not in result.output
    assert "ledger check: ok" in result.output
    assert "API reads (ledgers, items, stock) agree: yes" in result.output
    assert app.extensions.get(customs.EXTENSION) is before
