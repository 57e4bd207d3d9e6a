"""Exported goods (9610, 9710, 9810) coming back: duty-free re-import when they return within
``export_reimport_months`` of their export (Policy); later they are an ordinary import."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.errors import Invalid
from warehouse.masterdata import service as md
from warehouse.returns.clocks import add_months
from warehouse.returns.models import Reimport

EXPORT_MODES = ("9610", "9710", "9810")


@dataclass(frozen=True)
class ReturningExport:
    export_no: str
    trade_mode: str
    owner: str
    sku: str
    quantity: int
    exported_at: datetime
    reason: str = ""


def track(
    session: Session, actor: Actor, new: ReturningExport, policy: Policy, now: datetime
) -> Reimport:
    if new.trade_mode not in EXPORT_MODES:
        raise Invalid("E_BAD_TRADE_MODE", f"Re-import applies to exports under {EXPORT_MODES}.")
    if new.quantity <= 0 or new.exported_at > now:
        raise Invalid("E_BAD_REIMPORT", "A positive quantity, exported before today.")
    until = add_months(new.exported_at, policy.export_reimport_months)
    row = Reimport(
        export_no=new.export_no,
        trade_mode=new.trade_mode,
        owner_id=md.enterprise(session, new.owner).id,
        sku_id=md.sku_by_code(session, new.sku).id,
        quantity=new.quantity,
        exported_at=new.exported_at,
        returned_at=now,
        duty_free_until=until,
        duty_free=now <= until,
        reason=new.reason[:200],
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor,
        "reimport.track",
        "reimport",
        row.id,
        export_no=new.export_no,
        duty_free=row.duty_free,
        until=until.isoformat(),
    )
    return row
