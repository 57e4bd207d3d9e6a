"""Grading a received return: resaleable, repack or damaged, with notes, the seal and
whether the goods were used; the eligibility reasons are kept with the grade."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.customs.manifest import manifest_of
from warehouse.customs.models import RetailOrder
from warehouse.errors import Conflict, Invalid
from warehouse.masterdata.models import Sku, Warehouse
from warehouse.returns import events
from warehouse.returns.clocks import windows
from warehouse.returns.eligibility import Facts, Grade, reasons
from warehouse.returns.models import ReturnRequest
from warehouse.returns.receiving import RETURNS_AREA
from warehouse.returns.requests import by_no

GRADABLE = ("received", "graded")


@dataclass(frozen=True)
class Grading:
    grade: str
    notes: str = ""
    seal_intact: bool = True
    consumed: bool = False


def facts(session: Session, ret: ReturnRequest, policy: Policy) -> Facts:
    order = session.get_one(RetailOrder, ret.order_id)
    manifest = manifest_of(session, order.id)
    here = session.get_one(Warehouse, ret.warehouse_id)
    hs = tuple(session.get_one(Sku, ln.sku_id).hs_code for ln in order.lines)
    return Facts(
        windows(ret.released_at, policy),
        ret.applied_at,
        ret.received_at,
        manifest is not None and manifest.area_code == here.area_code,
        hs,
        Grade(ret.grade) if ret.grade else None,
        ret.seal_intact,
        ret.consumed,
    )


def suggestion(ret: ReturnRequest) -> str:
    """What to do with it: restock when nothing stands against it, else hold for the seller."""
    return "restock" if not ret.reasons else "hold_for_seller"


def grade(
    session: Session,
    actor: Actor,
    no: str,
    grading: Grading,
    policy: Policy,
    now: datetime,
) -> ReturnRequest:
    """Grade a received return (again, until it is disposed of)."""
    ret = by_no(session, no, lock=True)
    if ret.status == "requested":
        raise Conflict("E_NOT_RECEIVED", f"Return {no} has not been received: scan it in first.")
    if ret.status not in GRADABLE:
        raise Conflict("E_ALREADY_DISPOSED", f"Return {no} is {ret.status} already.")
    if grading.grade not in set(Grade):
        raise Invalid("E_BAD_GRADE", f"Grade must be one of {[g.value for g in Grade]}.")
    ret.grade, ret.grade_notes = grading.grade, grading.notes[:500]
    ret.seal_intact, ret.consumed = grading.seal_intact, grading.consumed
    ret.reasons = reasons(facts(session, ret, policy))
    ret.status, ret.graded_at = "graded", now
    session.flush()
    manifest = manifest_of(session, ret.order_id)
    assert manifest is not None
    events.graded(session, ret, manifest, RETURNS_AREA)
    record(session, actor, "return.grade", "return", no, grade=grading.grade, reasons=ret.reasons)
    return ret
