"""Packing at a scale: the stable net weight must match the expected gross within tolerance.

A parcel is scanned at a station, then the scale's stable reading is paired with it. In
tolerance: packed, sorted to the carrier's lane, and a label request is recorded for the
device gateway to render and print. Out of tolerance: held with reason ``weight``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, select, update
from sqlalchemy.orm import Session

from config.settings import Policy
from warehouse.access.audit import Actor, record
from warehouse.bonded import holds
from warehouse.bonded.holds import Reason
from warehouse.customs.models import CebDocument, RetailOrder
from warehouse.errors import Conflict, NotFound
from warehouse.fulfilment.models import LabelRequest, PackStation, Parcel
from warehouse.fulfilment.parcels import hold_parcel, parcel_by_code


@dataclass(frozen=True)
class Weighed:
    parcel: str
    ok: bool
    code: str
    net_g: int
    expected_g: int
    tolerance_g: int


def tolerance_g(expected_g: int, policy: Policy) -> int:
    return max(round(expected_g * policy.weight_tolerance), policy.weight_tolerance_min_g)


def weight_verdict(net_g: int, expected_g: int, policy: Policy) -> str:
    """OK, E_OVERWEIGHT or E_UNDERWEIGHT (pure)."""
    allowed = tolerance_g(expected_g, policy)
    if net_g > expected_g + allowed:
        return "E_OVERWEIGHT"
    if net_g < expected_g - allowed:
        return "E_UNDERWEIGHT"
    return "OK"


def station(session: Session, code: str) -> PackStation:
    found = session.scalar(select(PackStation).where(PackStation.code == code))
    if found is None:
        found = PackStation(code=code)
        session.add(found)
        session.flush()
    return found


def present(session: Session, actor: Actor, station_code: str, parcel_code: str) -> Parcel:
    """A parcel scanned at a pack station: the next stable weight there is its."""
    parcel = parcel_by_code(session, parcel_code)
    if parcel.status not in ("picked", "packed"):
        raise Conflict("E_NOT_PICKED", f"Parcel {parcel.code} is {parcel.status}, not picked.")
    if any(h.reason == Reason.WEIGHT for h in holds.active_holds(session, "parcel", parcel.code)):
        raise Conflict(
            "E_ON_HOLD",
            f"Parcel {parcel.code} is held for its weight: "
            "a supervisor releases it after repacking.",
        )
    taken = session.execute(
        update(PackStation)
        .where(PackStation.code == station_code)
        .values(parcel_id=parcel.id)
        .execution_options(synchronize_session="evaluate")
    )
    if not taken.rowcount:  # type: ignore[attr-defined]
        station(session, station_code).parcel_id = parcel.id
    return parcel


def weigh(
    session: Session, actor: Actor, station_code: str, gross_g: int, tare_g: int, policy: Policy
) -> Weighed:
    """The station's stable weight, paired with the parcel scanned there last.

    Station, parcel, order number and waybill are read in one query; the writes go together
    at the end of the transaction.
    """
    waybill_of = and_(CebDocument.kind == "CEB511", CebDocument.order_no == RetailOrder.order_no)
    found = session.execute(
        select(PackStation, Parcel, RetailOrder.order_no, CebDocument.payload)
        .outerjoin(Parcel, Parcel.id == PackStation.parcel_id)
        .outerjoin(RetailOrder, RetailOrder.id == Parcel.order_id)
        .outerjoin(CebDocument, waybill_of)
        .where(PackStation.code == station_code)
        .limit(1)
    ).first()
    if found is None or found[1] is None:
        raise NotFound("E_NO_PARCEL", f"Scan a parcel at {station_code} before weighing.")
    st, parcel, order_no, waybill = found
    if parcel.status not in ("picked", "packed"):
        raise Conflict(
            "E_NOT_PICKED",
            f"Parcel {parcel.code} is {parcel.status} since it was scanned: scan the next one.",
        )
    net = gross_g - tare_g
    verdict = weight_verdict(net, parcel.expected_g, policy)
    if verdict != "OK":
        hold_parcel(
            session,
            actor,
            parcel,
            Reason.WEIGHT,
            f"{net} g weighed, {parcel.expected_g} g expected",
        )
    parcel.weighed_g = net
    st.parcel_id = None
    if verdict == "OK":
        _packed(session, parcel, order_no, waybill or {}, station_code)
    record(session, actor, "parcel.weigh", "parcel", parcel.code, net_g=net, verdict=verdict)
    return Weighed(
        parcel.code,
        verdict == "OK",
        verdict,
        net,
        parcel.expected_g,
        tolerance_g(parcel.expected_g, policy),
    )


def _packed(
    session: Session, parcel: Parcel, order_no: str, waybill: dict[str, Any], station_code: str
) -> None:
    parcel.status = "packed"
    parcel.lane = lane_of(waybill)
    payload = label_payload(parcel, order_no, waybill)
    session.add(
        LabelRequest(parcel_id=parcel.id, station=station_code, status="pending", payload=payload)
    )


def lane_of(waybill: dict[str, Any]) -> str:
    """The sort lane: the carrier code's last four characters."""
    return str(waybill.get("logistics_code", "LANE"))[-4:]


def label_payload(parcel: Parcel, order_no: str, waybill: dict[str, Any]) -> dict[str, Any]:
    """What the label printer needs for a packed parcel."""
    return {
        "parcel": parcel.code,
        "order_no": order_no,
        "waybill": parcel.code,
        "carrier": waybill.get("logistics_code"),
        "consignee": waybill.get("consignee"),
        "address": waybill.get("consignee_address"),
        "weight_g": parcel.weighed_g,
        "lane": parcel.lane,
    }
