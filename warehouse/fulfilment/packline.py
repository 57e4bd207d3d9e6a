"""A pack line: parcels scanned and weighed on the line's scale in one pass, a batch at a time.

The same rules as a pack station (:mod:`warehouse.fulfilment.packing`): a picked parcel not
held for its weight is weighed against its expected gross; in tolerance it is packed, sorted to
its carrier's lane and a label request is recorded; out of tolerance it is held (``weight``).
The batch's parcels are read, locked (``FOR UPDATE`` on PostgreSQL), with their order numbers,
waybills and weight holds in two queries; the packed ones are written in one UPDATE by primary
key and one INSERT of their label requests. Each parcel gets its own answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.bonded import holds
from warehouse.bonded.holds import Reason
from warehouse.customs.models import CebDocument, RetailOrder
from warehouse.errors import Conflict, DomainError
from warehouse.fulfilment.models import LabelRequest, Parcel
from warehouse.fulfilment.packing import (
    Weighed,
    label_payload,
    lane_of,
    tolerance_g,
    weight_verdict,
)
from warehouse.fulfilment.parcels import hold_parcel, parcel_by_code
from warehouse.sql import one_of


@dataclass(frozen=True)
class LineWeighing:
    """One parcel on the line: the code scanned and the scale's stable gross and tare."""

    parcel: str
    gross_g: int
    tare_g: int = 0


@dataclass
class _OnLine:
    parcel: Parcel
    order_no: str
    waybill: dict[str, Any]
    weight_held: bool


def pack_batch(
    session: Session,
    actor: Actor,
    line: str,
    weighings: Sequence[LineWeighing],
    policy: Policy,
) -> list[Weighed | DomainError]:
    """Weigh a batch of parcels on pack line ``line``; each answered as a station would."""
    known = _read(session, [w.parcel for w in weighings])
    packed: dict[int, dict[str, Any]] = {}
    results: list[Weighed | DomainError] = []
    for weighing in weighings:
        try:
            on_line = known.get(weighing.parcel) or _read_one(session, weighing.parcel, known)
            results.append(_weigh(session, actor, line, on_line, weighing, policy, packed))
        except DomainError as exc:
            results.append(exc)
    _write(session, line, packed)
    return results


def _weigh(
    session: Session,
    actor: Actor,
    line: str,
    on_line: _OnLine,
    weighing: LineWeighing,
    policy: Policy,
    packed: dict[int, dict[str, Any]],
) -> Weighed:
    parcel = on_line.parcel
    if parcel.status not in ("picked", "packed"):
        raise Conflict("E_NOT_PICKED", f"Parcel {parcel.code} is {parcel.status}, not picked.")
    if on_line.weight_held:
        raise Conflict("E_ON_HOLD", f"Parcel {parcel.code} is held for its weight.")
    net = weighing.gross_g - weighing.tare_g
    verdict = weight_verdict(net, parcel.expected_g, policy)
    set_committed_value(parcel, "weighed_g", net)  # written below, not by the ORM's flush
    if verdict == "OK":
        set_committed_value(parcel, "status", "packed")
        set_committed_value(parcel, "lane", lane_of(on_line.waybill))
        packed[parcel.id] = label_payload(parcel, on_line.order_no, on_line.waybill)
    else:
        if parcel.id in packed:  # packed earlier in this batch: that stands, as at a station
            _write(session, line, {parcel.id: packed.pop(parcel.id)})
        note = f"{net} g weighed, {parcel.expected_g} g expected"
        with session.begin_nested():
            hold_parcel(session, actor, parcel, Reason.WEIGHT, note)
            session.execute(update(Parcel).where(Parcel.id == parcel.id).values(weighed_g=net))
        on_line.weight_held = True
    record(session, actor, "parcel.weigh", "parcel", parcel.code, net_g=net, verdict=verdict)
    tolerance = tolerance_g(parcel.expected_g, policy)
    return Weighed(parcel.code, verdict == "OK", verdict, net, parcel.expected_g, tolerance)


def _read(session: Session, codes: list[str]) -> dict[str, _OnLine]:
    """The parcels coded ``codes``, locked, with order number, waybill and weight holds."""
    waybill_of = and_(CebDocument.kind == "CEB511", CebDocument.order_no == RetailOrder.order_no)
    rows = session.execute(
        select(Parcel, RetailOrder.order_no, CebDocument.payload)
        .join(RetailOrder, RetailOrder.id == Parcel.order_id)
        .outerjoin(CebDocument, waybill_of)
        .where(one_of(session, Parcel.code, set(codes)))
        .order_by(Parcel.id)
        .with_for_update(of=Parcel)
        .execution_options(populate_existing=True)
    ).all()
    held = set(
        session.scalars(
            select(holds.Hold.subject_id).where(
                holds.Hold.subject_type == "parcel",
                one_of(session, holds.Hold.subject_id, [p.code for p, _no, _w in rows]),
                holds.Hold.active.is_(True),
                holds.Hold.reason == Reason.WEIGHT.value,
            )
        )
    )
    return {p.code: _OnLine(p, no, w or {}, p.code in held) for p, no, w in rows}


def _read_one(session: Session, code: str, known: dict[str, _OnLine]) -> _OnLine:
    """A parcel scanned by its order number (or not known: ``E_UNKNOWN_CODE``), kept in
    ``known`` under that number too."""
    parcel_code = parcel_by_code(session, code).code
    found = known.get(parcel_code) or _read(session, [parcel_code])[parcel_code]
    known[code] = known[parcel_code] = found
    return found


def _write(session: Session, line: str, packed: dict[int, dict[str, Any]]) -> None:
    """The packed parcels in one UPDATE by primary key, their label requests in one INSERT."""
    if not packed:
        return
    session.execute(
        update(Parcel),
        [
            {"id": pid, "status": "packed", "weighed_g": p["weight_g"], "lane": p["lane"]}
            for pid, p in packed.items()
        ],
    )
    session.execute(
        insert(LabelRequest),
        [
            {
                "parcel_id": pid,
                "station": line,
                "status": "pending",
                "payload": p,
            }
            for pid, p in packed.items()
        ],
    )
