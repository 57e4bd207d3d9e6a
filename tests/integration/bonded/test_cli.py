"""``silkhub ledger check`` exits 0 when ledger == stock and names every difference if not."""

from __future__ import annotations

from apiflask import APIFlask
from sqlalchemy import update

from app.cli.ledger import ledger
from app.extensions import db_session
from warehouse.bonded import demo
from warehouse.bonded.stock import Stock


def test_ledger_check_passes_then_fails_on_a_difference(app: APIFlask, plan: demo.Demo) -> None:
    """After the demo stock-up the check passes; stock changed behind the ledger fails it."""
    runner = app.test_cli_runner()
    good = runner.invoke(ledger, ["check"])
    assert good.exit_code == 0 and "ledger check ok" in good.output
    with app.app_context():
        row = db_session().query(Stock).filter(Stock.status == "available").first()
        assert row is not None
        db_session().execute(update(Stock).where(Stock.id == row.id).values(quantity=0))
        db_session().commit()
    bad = runner.invoke(ledger, ["check"])
    assert bad.exit_code != 0
    assert "QD-BW1" in bad.output and "ledger check failed" in str(bad.exception or bad.output)
