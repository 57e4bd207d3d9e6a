"""Scan handler of stocktake: ``count`` (one unit of a SKU counted in the task's bin)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from warehouse.answers import actor_of, guarded
from warehouse.errors import Invalid
from warehouse.masterdata import service as md
from warehouse.scanning import Answer, Scan, handles
from warehouse.stocktake import service
from warehouse.trace import parse_code


@handles("count")
@guarded
def on_count(session: Session, scan: Scan) -> Answer:
    if not scan.task or not md.is_id(scan.task):
        raise Invalid("E_NO_TASK", "Choose the count task first.")
    parsed = parse_code(scan.code)
    if parsed.gtin is None:
        raise Invalid("E_UNKNOWN_CODE", f"{scan.code!r} is not a product code.")
    line = service.count(session, actor_of(scan), int(scan.task), parsed.gtin, 1, parsed.lot)
    return Answer.ok(f"Counted {line.counted}.", next={"op": "count", "task": scan.task})
