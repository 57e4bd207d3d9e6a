"""What becomes of a parcel customs refused (receipt 100): destroyed, sent back abroad or
put back on a shelf.

The refusal cancels the order and holds the picked goods as ``inspection_failed``: they stay
bonded and frozen on the ledger until customs decides. The warehouse carries the decision out
once, against customs' document:

| kind | document | ledger | the parcel's stock rows |
| --- | --- | --- | --- |
| destroy | the destruction certificate | ``destroy`` -q, doc ``destruction`` | destroyed |
| return_abroad | the export waybill | ``transfer_out`` -q, doc ``return_abroad`` | shipped |
| restock | customs' approval | nothing: the goods never left bond | a storage bin |

The parcel's holds go first (the inspection refusal's, a weight hold: the parcel is
dissolved), so the goods' frozen quantity is thawed in the same transaction. Restocked goods
go back as :mod:`warehouse.fulfilment.putback` puts them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from warehouse.access.audit import Actor, record
from warehouse.bonded import ledger
from warehouse.bonded.ledger import EntryKind, Posting
from warehouse.bonded.stock import CustomsStatus, Status, Stock, rows_of_parcel
from warehouse.errors import Conflict, Invalid
from warehouse.fulfilment.models import Parcel
from warehouse.fulfilment.parcels import parcel_by_code, release_parcel_holds
from warehouse.fulfilment.putback import ALL_HOLDS, Line, line_of, put_back

REFUSED = "rejected"
#: kind -> (the document it needs, the error without it, the parcel's status after)
KINDS = {
    "destroy": ("destruction certificate", "E_NO_EVIDENCE", "destroyed"),
    "return_abroad": ("export waybill", "E_NO_WAYBILL", "returned_abroad"),
    "restock": ("customs approval", "E_NO_APPROVAL", "restocked"),
}
LEAVING = {
    "destroy": (EntryKind.DESTROY, "destruction", Status.DESTROYED, CustomsStatus.DESTROYED),
    "return_abroad": (
        EntryKind.TRANSFER_OUT,
        "return_abroad",
        Status.SHIPPED,
        CustomsStatus.RETURNED_ABROAD,
    ),
}


@dataclass(frozen=True)
class Decision:
    kind: str
    document: str


@dataclass(frozen=True)
class Disposal:
    parcel: str
    status: str
    kind: str
    document: str
    lines: list[Line]


def dispose(session: Session, actor: Actor, code: str, decision: Decision) -> Disposal:
    """Carry out customs' decision on a refused parcel; a refused request changes nothing."""
    _check(decision)
    found = parcel_by_code(session, code)
    parcel = session.get_one(Parcel, found.id, with_for_update=True, populate_existing=True)
    if parcel.status != REFUSED:
        raise Conflict(
            "E_NOT_REFUSED",
            f"Parcel {parcel.code} is {parcel.status}: only goods customs refused are disposed "
            "of here.",
            parcel=parcel.code,
            parcel_status=parcel.status,
        )
    note = f"{decision.kind} {decision.document}"
    if decision.kind == "restock":
        lines = put_back(session, actor, parcel, note)
    else:
        release_parcel_holds(session, actor, parcel, ALL_HOLDS, note)
        lines = _leave(session, actor, rows_of_parcel(session, parcel.id), decision)
    parcel.status = KINDS[decision.kind][2]
    record(
        session,
        actor,
        f"parcel.{parcel.status}",
        "parcel",
        parcel.code,
        document=decision.document,
        lines=[[ln.sku, ln.lot, ln.quantity, ln.bin] for ln in lines],
    )
    return Disposal(parcel.code, parcel.status, decision.kind, decision.document, lines)


def _check(decision: Decision) -> None:
    if decision.kind not in KINDS:
        raise Invalid("E_BAD_DISPOSITION", f"A refused parcel is one of {sorted(KINDS)}.")
    needed, error, _status = KINDS[decision.kind]
    if not decision.document.strip():
        raise Invalid(error, f"To {decision.kind.replace('_', ' ')}, give the {needed} number.")


def _leave(session: Session, actor: Actor, rows: list[Stock], decision: Decision) -> list[Line]:
    """The goods leave bond: one ledger entry per row against the document, rows kept as
    history with their final status."""
    kind, doc_type, status, customs = LEAVING[decision.kind]
    postings = []
    for row in rows:
        item = ledger.item_for(session, row.warehouse_id, row.sku_id)
        postings.append(Posting(item.id, kind, -row.quantity, doc_type, decision.document))
        row.status, row.customs_status = status.value, customs.value
    ledger.post_many(session, actor, postings)
    return [line_of(session, row, row.quantity, None) for row in rows]
