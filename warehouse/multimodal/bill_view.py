"""The bill of lading as a document: the JSON the API returns and the printed page shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from routing.fields import format_time
from warehouse.multimodal.legstatus import bill_status
from warehouse.multimodal.models import BillOfLading, BolLeg
from warehouse.trace.digitallink import build_digital_link


def digital_link(bill: BillOfLading, base: str) -> str:
    """GS1 Digital Link of the consignment: https://<base>/401/<GINC>."""
    return build_digital_link({"401": bill.ginc}, domain=base)


def _t(moment: datetime | None) -> str | None:
    return format_time(moment) if moment else None


def leg_doc(leg: BolLeg) -> dict[str, Any]:
    return {
        "seq": leg.seq,
        "service": leg.service,
        "mode": leg.mode,
        "from": leg.from_hub,
        "to": leg.to_hub,
        "depart": _t(leg.depart),
        "arrive": _t(leg.arrive),
        "cost": leg.cost,
        "co2e_kg": leg.co2e_kg,
        "status": leg.status,
        "status_at": _t(leg.status_at),
        "departed_at": _t(leg.departed_at),
        "arrived_at": _t(leg.arrived_at),
    }


def bill_doc(bill: BillOfLading, base: str) -> dict[str, Any]:
    legs = list(bill.legs)
    return {
        "number": bill.number,
        "ginc": bill.ginc,
        "digital_link": digital_link(bill, base),
        "status": bill_status([g.status for g in legs]),
        "alert": bill.alert,
        "plan_job_id": bill.plan_job_id,
        "shipment_id": bill.shipment_id,
        **bill.parties,
        **bill.places,
        **bill.cargo,
        "freight_amount": str(bill.total_charge),
        "currency": bill.currency,
        "charges": {
            "freight": str(bill.freight),
            "handling": str(bill.handling),
            "total": str(bill.total_charge),
        },
        "place_of_issue": bill.place_of_issue,
        "date_of_issue": _t(bill.issued_at),
        "mto": bill.mto,
        "issued_by": bill.issued_by,
        "legs": [leg_doc(g) for g in legs],
        "co2e_kg": sum(g.co2e_kg for g in legs),
    }
