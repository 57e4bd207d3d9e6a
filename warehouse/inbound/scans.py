"""Scan handlers of inbound: ``receive`` and ``putaway``."""

from __future__ import annotations

from sqlalchemy.orm import Session

from warehouse.answers import actor_of, guarded, warehouse_of
from warehouse.errors import Invalid
from warehouse.inbound import putaway as put
from warehouse.inbound.receiving import receive
from warehouse.masterdata import service as md
from warehouse.masterdata.zones import Zone
from warehouse.scanning import Answer, Scan, handles


@handles("receive")
@guarded
def on_receive(session: Session, scan: Scan) -> Answer:
    """Scan a carton or unit against the entry declaration named by the task."""
    if not scan.task:
        raise Invalid("E_NO_TASK", "Choose the entry declaration to receive against first.")
    damaged = bool(scan.location) and md.bin_by_code(session, scan.location or "").zone == Zone.HOLD
    got = receive(session, actor_of(scan), scan.task, scan.code, damaged=damaged)
    what = "damaged, held" if got.damaged else "received"
    return Answer.ok(
        f"{got.quantity} x {got.sku} {what} into {got.bin}; {got.remaining} still expected.",
        next={"op": "receive" if got.remaining else "putaway", "task": scan.task},
        sku=got.sku,
        quantity=got.quantity,
        remaining=got.remaining,
    )


@handles("putaway")
@guarded
def on_putaway(session: Session, scan: Scan) -> Answer:
    """Without a location: suggest a bin. With one: put the goods away there."""
    wh_id = warehouse_of(session, scan)
    if not scan.location:
        target, qty = put.suggestion_for(session, wh_id, scan.code)
        return Answer(
            "warn",
            "W_SCAN_BIN",
            f"Put {qty} away to {target.code}: scan the bin.",
            {"op": "putaway", "location": target.code},
            {"quantity": qty},
        )
    qty = put.putaway(session, actor_of(scan), wh_id, scan.code, scan.location)
    return Answer.ok(f"{qty} put away to {scan.location}.", next={"op": "putaway"}, quantity=qty)
