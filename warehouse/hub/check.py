"""The hub ledger check: each line agrees with its entries and with the packages on the floor.

For every customs status: the line's balance == the sum of its entries == the packages of
that status physically in the hub (devanned, held, staged or loaded), in number and weight;
and every departure entry matches the packages of its status in its transit record.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from warehouse.hub.ledger import EntryKind, HubLedgerEntry, HubLedgerLine, lines
from warehouse.hub.models import HubSite, Package, TransitRecord
from warehouse.hub.statuses import IN_HUB


def _entries(session: Session, line: HubLedgerLine) -> tuple[int, int]:
    n, g = session.execute(
        select(
            func.coalesce(func.sum(HubLedgerEntry.packages), 0),
            func.coalesce(func.sum(HubLedgerEntry.weight_g), 0),
        ).where(HubLedgerEntry.line_id == line.id)
    ).one()
    return int(n), int(g)


def _floor(session: Session, hub: HubSite, status: str) -> tuple[int, int]:
    n, g = session.execute(
        select(func.count(Package.id), func.coalesce(func.sum(Package.weight_g), 0)).where(
            Package.hub_id == hub.id,
            Package.customs_status == status,
            Package.state.in_([s.value for s in IN_HUB]),
            Package.over.is_(False),
        )
    ).one()
    return int(n), int(g)


def _departures(session: Session, line: HubLedgerLine) -> list[str]:
    found = []
    rows = session.scalars(
        select(HubLedgerEntry).where(
            HubLedgerEntry.line_id == line.id, HubLedgerEntry.kind == EntryKind.DEPARTED.value
        )
    )
    for entry in rows:
        tr = session.scalar(select(TransitRecord).where(TransitRecord.no == entry.doc_no))
        listed = tr.packages if tr else []
        mine = [p for p in listed if p["customs_status"] == line.customs_status]
        if -entry.packages != len(mine):
            found.append(
                f"{line.customs_status}: {entry.doc_no} takes {-entry.packages} "
                f"packages off, its record lists {len(mine)}"
            )
    return found


def ledger_findings(session: Session, hub: HubSite) -> list[str]:
    """Every disagreement, as readable messages; an empty list means the ledger balances."""
    found: list[str] = []
    for line in lines(session, hub.id):
        balance = (line.packages, line.weight_g)
        for what, other in (
            ("entries", _entries(session, line)),
            ("floor", _floor(session, hub, line.customs_status)),
        ):
            if other != balance:
                found.append(f"{line.customs_status}: balance {balance} but {what} {other}")
        found += _departures(session, line)
    return found
