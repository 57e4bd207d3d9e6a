"""The end of a simulated day: what became of every order, and whether the reads agree.

Every order generated is accounted for: refused (with its code), released and written off at
the gate, or held (with the hold's reason). An order that is none of these is unexplained and
fails the day, as does a ledger check with differences or API reads that disagree with it.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Protocol

import click

from app.cli.simulate_client import Client
from app.extensions import db_session
from warehouse.bonded import check, demo


class Outcomes(Protocol):
    refused: dict[str, str]
    parcels: dict[str, str]
    events: Counter[str]


def report(client: Client, day: Outcomes, count: int) -> None:
    orders = {o["order_no"]: o for o in client.every("/orders")}
    holds = client.every("/holds")
    held = {h["subject_id"]: h["reason"] for h in holds if h["subject_type"] == "parcel"}
    outcomes = Counter(f"refused {code}" for code in day.refused.values())
    outcomes.update(
        _outcome(orders.get(no), held.get(waybill)) for no, waybill in day.parcels.items()
    )
    mine = [orders[no] for no in day.parcels if no in orders]
    manifests = Counter(o["manifest_status"] or "not declared" for o in mine)
    found = check.differences(db_session())
    db_session().rollback()  # a transaction left open would keep the web thread out of SQLite
    reads = reads_disagree(client)
    unexplained = sum(n for k, n in outcomes.items() if k.startswith("unexplained"))
    lines = [
        f"orders generated: {count}, accepted and declared: {len(day.parcels)}",
        f"refused: {dict(Counter(day.refused.values())) or 'none'}",
        f"manifests by status: {dict(manifests)}",
        f"held now by reason: {dict(Counter(h['reason'] for h in holds)) or 'none'}",
        f"written off at the gate: {manifests.get('written_off', 0)}",
        f"every order: {dict(sorted(outcomes.items()))}",
        f"floor events: {dict(sorted(day.events.items()))}",
        "ledger check: " + ("ok" if not found else f"{len(found)} differences"),
        "API reads (ledgers, items, stock) agree: " + ("yes" if not reads else "no"),
    ]
    click.echo("\n".join(lines))
    for problem in [d.describe() for d in found] + reads:
        click.echo("  " + problem)
    if found or reads or unexplained or sum(outcomes.values()) != count:
        raise SystemExit(1)


def _outcome(order: dict[str, Any] | None, hold: str | None) -> str:
    if order is not None and order["manifest_status"] == "written_off":
        return "released and written off"
    if hold is not None:
        return f"held: {hold}"
    state = f"{order['status']}/{order['manifest_status']}" if order else "missing"
    return f"unexplained: {state}"


def reads_disagree(client: Client) -> list[str]:
    """Where GET /ledgers, /ledgers/{id}/items and /stock?warehouse= disagree with each other:
    per SKU, item balance == bonded stock and frozen == held bonded stock."""
    ledgers = [ld for ld in client.every("/ledgers") if ld["warehouse"] == demo.WAREHOUSE]
    if len(ledgers) != 1:
        return [f"{len(ledgers)} ledgers listed for {demo.WAREHOUSE}"]
    items = {i["sku"]: i for i in client.every(f"/ledgers/{ledgers[0]['id']}/items")}
    stock: Counter[str] = Counter()
    frozen: Counter[str] = Counter()
    for row in client.every(f"/stock?warehouse={demo.WAREHOUSE}"):
        if row["customs_status"] == "bonded":
            stock[row["sku"]] += row["quantity"]
            frozen[row["sku"]] += row["quantity"] if row["hold"] is not None else 0
    problems = []
    for sku in sorted(set(items) | set(stock)):
        item = items.get(sku, {"balance": 0, "frozen": 0})
        if (item["balance"], item["frozen"]) != (stock[sku], frozen[sku]):
            problems.append(
                f"{sku}: items say {item['balance']} ({item['frozen']} frozen), "
                f"stock says {stock[sku]} ({frozen[sku]} held)"
            )
    return problems
